#include "engine/picture/weather.hpp"

#include <algorithm>
#include <cmath>

#include "engine/picture/paint.hpp"
#include "engine/plan/seed_hash.hpp"

namespace syncreel::engine {
namespace {

constexpr double kReferenceArea = 1280.0 * 720.0;

// Soft white blobs in a horizontally repeating band.
Result<CairoSurfacePtr> fog_band(const Stage& st, std::uint64_t seed) {
  const int w = st.width * 3 / 2, h = static_cast<int>(st.height * 0.4);
  auto surface = make_surface(w, h);
  if (!surface) return fail(surface.error());
  auto cr = make_context(surface->get());
  if (!cr) return fail(cr.error());
  SeedStream rng(seed);
  for (int i = 0; i < 22; ++i) {
    const double x = rng.uniform(0, w), y = rng.uniform(0.35, 0.65) * h, r = rng.uniform(0.25, 0.5) * h;
    for (const double dx : {-static_cast<double>(w), 0.0, static_cast<double>(w)}) {
      CairoPatternPtr g(cairo_pattern_create_radial(x + dx, y, 0, x + dx, y, r));
      cairo_pattern_add_color_stop_rgba(g.get(), 0, 0.92, 0.93, 0.95, 0.3);
      cairo_pattern_add_color_stop_rgba(g.get(), 1, 0.92, 0.93, 0.95, 0.0);
      cairo_set_source(cr->get(), g.get());
      cairo_new_path(cr->get());
      cairo_arc(cr->get(), x + dx, y, r, 0, kTau);
      cairo_fill(cr->get());
    }
  }
  return std::move(*surface);
}

}  // namespace

Result<WeatherFx> WeatherFx::create(const Timeline& tl, const Stage& stage, bool indoor) {
  WeatherFx fx;
  fx.stage_ = stage;
  fx.weather_ = indoor || tl.setting == Setting::space ? Weather::clear : tl.weather;
  for (const SoundEffect& e : tl.effects) {
    if (e.kind == Sfx::thunder) fx.thunder_.push_back(e.at);
  }
  SeedStream rng(hash3(tl.seed, 0x3EA7));
  const double area = static_cast<double>(stage.width) * stage.height / kReferenceArea;
  int count = 0;
  switch (fx.weather_) {
    case Weather::rain:
      count = 90;
      break;
    case Weather::snow:
      count = 80;
      break;
    case Weather::wind:
      count = 16;
      break;
    case Weather::clear:
    case Weather::cloudy:
    case Weather::fog:
      break;
  }
  count = static_cast<int>(count * std::sqrt(area) + 0.5);
  for (int i = 0; i < 2 * count; ++i) {
    Particle p{rng.uniform(0, 1), rng.uniform(0, 1), rng.uniform(0.8, 1.25), rng.uniform(0.6, 1.0),
               rng.uniform(0, kTau)};
    (i % 2 ? fx.near_ : fx.far_).push_back(p);
  }
  if (fx.weather_ == Weather::fog) {
    auto band = fog_band(stage, hash3(tl.seed, 0xF06));
    if (!band) return fail(band.error());
    fx.fog_ = std::move(*band);
  }
  return fx;
}

void WeatherFx::draw_particles(cairo_t* cr, const std::vector<Particle>& ps, bool near, const CameraView& cam,
                               double t) const {
  if (ps.empty()) return;
  const double w = stage_.width, h = stage_.height, u = stage_.unit;
  const double scroll = (cam.cx - w / 2.0 + cam.travel) * (near ? 1.0 : 0.45);
  const double span = w * 1.3;  // particles wrap over a band a little wider than the frame
  const auto wrap_x = [&](double x) {
    x = std::fmod(x - scroll, span);
    return (x < 0 ? x + span : x) - w * 0.15 + cam.shake_x;
  };
  cairo_new_path(cr);
  switch (weather_) {
    case Weather::rain: {
      const double slant = 0.18;
      for (const Particle& p : ps) {
        const double len = h * (near ? 0.06 : 0.035) * p.speed;
        const double v = h * (near ? 2.2 : 1.5) * p.speed;
        const double y = std::fmod(p.y * (h + len) + v * t, h + len) - len;
        const double x = wrap_x(p.x * span + slant * y);
        cairo_move_to(cr, x, y);
        cairo_line_to(cr, x - slant * len, y - len);
      }
      cairo_set_source_rgba(cr, 0.78, 0.84, 0.95, near ? 0.55 : 0.35);
      cairo_set_line_width(cr, u * (near ? 1.6 : 1.0));
      cairo_stroke(cr);
      break;
    }
    case Weather::snow: {
      for (const Particle& p : ps) {
        const double r = u * (near ? 2.2 + 2.0 * p.size : 1.0 + 0.8 * p.size);
        const double v = h * (near ? 0.13 : 0.08) * p.speed;
        const double y = std::fmod(p.y * (h + 2 * r) + v * t, h + 2 * r) - r;
        const double x = wrap_x(p.x * span + std::sin(t * 1.3 + p.phase) * u * 14);
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, r, 0, kTau);
      }
      cairo_set_source_rgba(cr, 1, 1, 1, near ? 0.92 : 0.7);
      cairo_fill(cr);
      break;
    }
    case Weather::wind: {
      if (!near) {
        for (const Particle& p : ps) {  // gusts: faint streaks racing across
          const double x = wrap_x(p.x * span - w * 1.1 * p.speed * t * -1.0);
          const double y = h * (0.15 + 0.6 * p.y) + std::sin(t * 2 + p.phase) * u * 10;
          cairo_move_to(cr, x, y);
          cairo_curve_to(cr, x + u * 40, y - u * 8, x + u * 80, y + u * 8, x + u * 120, y);
        }
        cairo_set_source_rgba(cr, 1, 1, 1, 0.28);
        cairo_set_line_width(cr, u * 1.5);
        cairo_stroke(cr);
        break;
      }
      for (const Particle& p : ps) {  // leaves tumbling past
        const double x = wrap_x(p.x * span + w * 0.6 * p.speed * t);
        const double y = h * (0.2 + 0.75 * p.y) + std::sin(t * 3 + p.phase) * u * 24;
        CairoSaved saved(cr);
        cairo_translate(cr, x, y);
        cairo_rotate(cr, t * 4 * p.speed + p.phase);
        ellipse(cr, 0, 0, u * 7 * p.size, u * 3.2 * p.size);
        const double k = p.phase / kTau;
        cairo_set_source_rgb(cr, 0.55 + 0.4 * k, 0.45 + 0.2 * (1 - k), 0.15);
        cairo_fill(cr);
      }
      break;
    }
    case Weather::clear:
    case Weather::cloudy:
    case Weather::fog:
      break;
  }
}

void WeatherFx::draw_back(cairo_t* cr, const CameraView& cam, double t) const {
  if (fog_) {
    const double w = cairo_image_surface_get_width(fog_.get());
    for (const auto& [y, speed, alpha] :
         {std::tuple{stage_.horizon - stage_.height * 0.25, 14.0, 0.9}, {stage_.horizon, -9.0, 0.7}}) {
      double x = std::fmod(speed * stage_.unit * t - (cam.cx - stage_.width / 2.0 + cam.travel) * 0.3, w);
      if (x > 0) x -= w;
      for (; x < stage_.width; x += w) {
        cairo_set_source_surface(cr, fog_.get(), std::round(x + cam.shake_x), std::round(y + cam.shake_y));
        cairo_paint_with_alpha(cr, alpha);
      }
    }
  }
  draw_particles(cr, far_, false, cam, t);
}

void WeatherFx::draw_front(cairo_t* cr, const CameraView& cam, double t) const {
  draw_particles(cr, near_, true, cam, t);
  if (fog_) {  // a thin veil in front keeps the characters inside the fog
    const double w = cairo_image_surface_get_width(fog_.get());
    double x = std::fmod(6.0 * stage_.unit * t, w);
    if (x > 0) x -= w;
    for (; x < stage_.width; x += w) {
      cairo_set_source_surface(cr, fog_.get(), std::round(x), std::round(stage_.ground - stage_.height * 0.3));
      cairo_paint_with_alpha(cr, 0.35);
    }
  }
}

double WeatherFx::flash(double t) const {
  double f = 0;
  for (const double at : thunder_) {
    const double d = t - (at - 0.25);
    if (d < 0 || d > 0.3) continue;
    // Two quick pulses, as lightning does.
    f = std::max(f, 0.55 * std::exp(-d * 30.0) + 0.3 * std::exp(-std::abs(d - 0.12) * 40.0));
  }
  return std::min(f, 0.7);
}

}  // namespace syncreel::engine
