// What moves in the scenery by itself: drifting clouds, the surf on the beach, birds,
// a passing car, kitchen steam, shooting stars and lightning bolts. Surf, birds, cars,
// shooting stars and bolts are timed from the planner's sound effects (splash,
// bird_call, car_horn, chime, thunder), so each is seen when it is heard.
#include <algorithm>
#include <cmath>

#include "engine/picture/paint.hpp"
#include "engine/picture/scenery.hpp"

namespace syncreel::engine {
namespace {

// The most recent effect of `kind` at or before t + lead, or a negative time.
double last_effect(const Timeline& tl, Sfx kind, double t, double lead = 0.0) {
  double at = -1e9;
  for (const SoundEffect& e : tl.effects) {
    if (e.kind == kind && e.at <= t + lead) at = e.at;
  }
  return at;
}

}  // namespace

void draw_clouds(cairo_t* cr, const Scenery& sc, const Timeline& tl, const Stage& st, const CameraView& cam,
                 double t) {
  if (sc.clouds.empty()) return;
  const int count = 2 + static_cast<int>(std::lround(sc.sky.clouds * 4));
  const double wind = tl.weather == Weather::wind ? 4.0 : 1.0;
  const double period = sc.period;
  for (int i = 0; i < count; ++i) {
    cairo_surface_t* sprite = sc.clouds[static_cast<std::size_t>(i) % sc.clouds.size()].get();
    const double w = cairo_image_surface_get_width(sprite);
    const double speed = st.unit * (6 + 5 * hash_unit(tl.seed, 0xC1, static_cast<std::uint64_t>(i))) * wind;
    const double x0 = hash_unit(tl.seed, 0xC2, static_cast<std::uint64_t>(i)) * period;
    const double y = st.horizon * (0.06 + 0.42 * hash_unit(tl.seed, 0xC3, static_cast<std::uint64_t>(i))) + cam.shake_y;
    double x = std::fmod(x0 + speed * t - (cam.cx - st.width / 2.0 + cam.travel) * 0.15 + cam.shake_x, period);
    if (x < 0) x += period;
    for (double sx = x - period; sx < st.width; sx += period) {
      if (sx + w < 0) continue;
      // Whole pixels: a cloud a pixel behind is invisible, a filtered blit is not free.
      cairo_set_source_surface(cr, sprite, std::round(sx), std::round(y));
      cairo_paint(cr);
    }
  }
}

namespace {

void surf(cairo_t* cr, const Scenery& sc, const Timeline& tl, const Stage& st, const Tone& tone,
          const CameraView& cam, double t) {
  // Each splash is a wave running up the wet sand, then sliding back.
  const double since = t - last_effect(tl, Sfx::splash, t, 0.35);
  const double run = since < 0.0 || since > 3.5 ? 0.0
                     : since < 0.9            ? smoothstep(0.0, 0.9, since)
                                              : 1.0 - smoothstep(0.9, 3.4, since);
  CairoSaved saved(cr);
  const auto [x0, x1] = enter_layer(cr, sc.layers.back(), st, cam);
  const double top = beach_sea_bottom(st) - 2;
  const double reach = (st.ground - st.horizon) * (0.04 + 0.12 * run);
  const double period = sc.period;
  cairo_new_path(cr);
  cairo_move_to(cr, x0 - 4, top);
  for (double x = std::floor(x0) - 4; x <= x1 + 8; x += 8 * st.unit) {
    const double wobble = std::sin(kTau * 6 * x / period + t * 0.7) * 0.25 + std::sin(kTau * 15 * x / period) * 0.12;
    cairo_line_to(cr, x, top + reach * (1.0 + wobble));
  }
  cairo_line_to(cr, x1 + 8, top);
  cairo_close_path(cr);
  CairoPathPtr water(cairo_copy_path(cr));
  set_rgba(cr, tone.graded(tone.scenery({0.45, 0.8, 0.85})), 0.75);
  cairo_fill(cr);
  // The foam line at the wave's edge, brightest as it breaks.
  cairo_append_path(cr, water.get());
  set_rgba(cr, tone.graded(tone.scenery({1, 1, 1})), 0.55 + 0.4 * run);
  cairo_set_line_width(cr, st.unit * (3 + 3 * run));
  cairo_stroke(cr);
}

void birds(cairo_t* cr, const Timeline& tl, const Stage& st, const Tone& tone, const CameraView& cam, double t) {
  for (const SoundEffect& e : tl.effects) {
    if (e.kind != Sfx::bird_call || t < e.at - 1.5 || t > e.at + 3.0) continue;
    const double p = (t - e.at + 1.5) / 4.5;  // crossing the frame
    const bool rightward = hash_unit(tl.seed, 0xB12D, static_cast<std::uint64_t>(e.at * 100)) < 0.5;
    const double bx = rightward ? -0.1 + 1.2 * p : 1.1 - 1.2 * p;
    const double by = st.horizon * (0.25 + 0.3 * hash_unit(tl.seed, 0xB13, static_cast<std::uint64_t>(e.at * 10)));
    cairo_new_path(cr);
    for (int b = 0; b < 3; ++b) {
      const double x = st.width * bx + (b - 1) * st.unit * 26 * (rightward ? -1 : 1) + cam.shake_x;
      const double y = by + std::abs(b - 1) * st.unit * 14 + cam.shake_y;
      const double s = st.unit * 9;
      const double flap = std::sin(kTau * 4 * t + b) * 0.6;
      cairo_move_to(cr, x - s, y - s * flap);
      cairo_curve_to(cr, x - s * 0.5, y - s * 0.3 * flap - s * 0.2, x - s * 0.2, y, x, y + s * 0.15);
      cairo_curve_to(cr, x + s * 0.2, y, x + s * 0.5, y - s * 0.3 * flap - s * 0.2, x + s, y - s * flap);
    }
    set_rgb(cr, tone.graded(tone.scenery({0.15, 0.15, 0.2})));
    cairo_set_line_width(cr, st.unit * 2.2);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_stroke(cr);
  }
}

void car(cairo_t* cr, const Scenery& sc, const Timeline& tl, const Stage& st, const Tone& tone,
         const CameraView& cam, double t) {
  for (const SoundEffect& e : tl.effects) {
    if (e.kind != Sfx::car_horn || t < e.at - 1.6 || t > e.at + 1.6) continue;
    CairoSaved saved(cr);
    const auto [x0, x1] = enter_layer(cr, sc.layers.back(), st, cam);
    const double p = (t - e.at + 1.6) / 3.2;
    const double len = st.height * 0.2, h = len * 0.32;
    const double x = x0 - len + (x1 - x0 + 2 * len) * p;
    const double y = (city_road_top(st) + city_curb(st)) / 2 + h * 0.3;
    const Rgb body = tone.graded(tone.scenery(hash_unit(tl.seed, 0xCA2) < 0.5 ? Rgb{0.85, 0.2, 0.2} : Rgb{0.2, 0.45, 0.8}));
    cairo_new_path(cr);
    rounded_rect(cr, x, y - h * 0.62, len, h * 0.5, h * 0.15);
    rounded_rect(cr, x + len * 0.22, y - h, len * 0.5, h * 0.45, h * 0.15);
    set_rgb(cr, body);
    cairo_fill(cr);
    cairo_new_path(cr);
    cairo_rectangle(cr, x + len * 0.27, y - h * 0.92, len * 0.18, h * 0.3);
    cairo_rectangle(cr, x + len * 0.49, y - h * 0.92, len * 0.18, h * 0.3);
    set_rgb(cr, tone.graded(tone.scenery({0.7, 0.85, 0.95})));
    cairo_fill(cr);
    for (const double wx : {x + len * 0.22, x + len * 0.78}) {
      cairo_new_path(cr);
      cairo_arc(cr, wx, y - h * 0.1, h * 0.2, 0, kTau);
      set_rgb(cr, {0.1, 0.1, 0.1});
      cairo_fill(cr);
    }
    cairo_new_path(cr);
    cairo_arc(cr, x + len - h * 0.08, y - h * 0.45, h * 0.08, 0, kTau);
    set_rgb(cr, {1.0, 0.95, 0.7});
    cairo_fill(cr);
  }
}

void steam(cairo_t* cr, const Scenery& sc, const Stage& st, const CameraView& cam, double t) {
  CairoSaved saved(cr);
  enter_layer(cr, sc.layers[1], st, cam);
  const double top = kitchen_counter_top(st) - st.height * 0.1;
  const double x = sc.period * 0.62 + st.height * 0.11;
  for (int w = 0; w < 3; ++w) {
    const double phase = std::fmod(t * 0.5 + w / 3.0, 1.0);
    const double y = top - phase * st.height * 0.16;
    cairo_new_path(cr);
    cairo_move_to(cr, x + (w - 1) * st.height * 0.025, y);
    cairo_curve_to(cr, x + st.height * 0.02, y - st.height * 0.03, x - st.height * 0.02, y - st.height * 0.05,
                   x + std::sin(t * 2 + w) * st.height * 0.015, y - st.height * 0.08);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.45 * (1.0 - phase));
    cairo_set_line_width(cr, st.height * 0.012);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_stroke(cr);
  }
}

void shooting_star(cairo_t* cr, const Timeline& tl, const Stage& st, double t) {
  const double at = last_effect(tl, Sfx::chime, t, 0.3);
  const double p = (t - at + 0.3) / 0.8;
  if (p < 0 || p > 1) return;
  const double sx = st.width * (0.2 + 0.5 * hash_unit(tl.seed, 0x5700, static_cast<std::uint64_t>(at * 10)));
  const double sy = st.horizon * 0.15;
  const double dx = st.width * 0.35, dy = st.horizon * 0.25;
  const double hx = sx + dx * p, hy = sy + dy * p;
  CairoPatternPtr g(cairo_pattern_create_linear(hx - dx * 0.3, hy - dy * 0.3, hx, hy));
  cairo_pattern_add_color_stop_rgba(g.get(), 0, 1, 1, 1, 0);
  cairo_pattern_add_color_stop_rgba(g.get(), 1, 1, 1, 0.9, 1.0 - p * 0.6);
  cairo_set_source(cr, g.get());
  cairo_new_path(cr);
  cairo_move_to(cr, hx - dx * 0.3, hy - dy * 0.3);
  cairo_line_to(cr, hx, hy);
  cairo_set_line_width(cr, st.unit * 3);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  cairo_stroke(cr);
}

void lightning_bolt(cairo_t* cr, const Timeline& tl, const Stage& st, double t) {
  const double at = last_effect(tl, Sfx::thunder, t, 0.25);
  if (t < at - 0.25 || t > at - 0.12) return;  // light arrives before sound
  SeedStream rng(hash3(tl.seed, 0xB017, static_cast<std::uint64_t>(at * 100)));
  double x = st.width * rng.uniform(0.15, 0.85), y = 0;
  cairo_new_path(cr);
  cairo_move_to(cr, x, y);
  while (y < st.horizon * 0.95) {
    x += st.unit * rng.uniform(-30, 30);
    y += st.horizon * rng.uniform(0.08, 0.16);
    cairo_line_to(cr, x, y);
  }
  cairo_set_source_rgba(cr, 0.95, 0.95, 1.0, 0.95);
  cairo_set_line_width(cr, st.unit * 3);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_BEVEL);
  cairo_stroke(cr);
}

}  // namespace

void draw_scenery_motion(cairo_t* cr, const Scenery& sc, const Timeline& tl, const Stage& st, const StyleLook& look,
                         const SceneLight& light, const CameraView& cam, double t) {
  const Tone tone{&look, light};
  switch (tl.setting) {
    case Setting::beach:
      surf(cr, sc, tl, st, tone, cam, t);
      break;
    case Setting::city:
      car(cr, sc, tl, st, tone, cam, t);
      break;
    case Setting::kitchen:
      steam(cr, sc, st, cam, t);
      break;
    case Setting::space:
      shooting_star(cr, tl, st, t);
      break;
    default:
      break;
  }
  if (!sc.indoor && tl.setting != Setting::space) birds(cr, tl, st, tone, cam, t);
  if (!sc.indoor && tl.weather == Weather::rain) lightning_bolt(cr, tl, st, t);
}

}  // namespace syncreel::engine
