// Skies: the palette for each time of day and weather, the gradient with its sun or
// moon and stars, and the cloud sprites that drift across it.
#include <algorithm>
#include <cmath>
#include <tuple>

#include "engine/picture/figure.hpp"
#include "engine/picture/paint.hpp"
#include "engine/picture/scenery.hpp"

namespace syncreel::engine {

SkyPalette sky_for(TimeOfDay time, Weather weather, Style style) {
  SkyPalette s;
  switch (time) {
    case TimeOfDay::day:
      s.top = {0.22, 0.48, 0.9}, s.mid = {0.45, 0.68, 0.96}, s.horizon = {0.8, 0.9, 0.98};
      s.sun = {1.0, 0.97, 0.85}, s.sun_y = 0.22, s.sun_r = 0.05, s.clouds = 0.5;
      break;
    case TimeOfDay::dawn:
      s.top = {0.3, 0.34, 0.62}, s.mid = {0.88, 0.58, 0.66}, s.horizon = {1.0, 0.8, 0.62};
      s.sun = {1.0, 0.9, 0.7}, s.sun_y = 0.82, s.sun_r = 0.06, s.clouds = 0.35, s.cloud = {1.0, 0.82, 0.84};
      break;
    case TimeOfDay::sunset:
      s.top = {0.22, 0.2, 0.46}, s.mid = {0.92, 0.44, 0.32}, s.horizon = {1.0, 0.74, 0.32};
      s.sun = {1.0, 0.6, 0.22}, s.sun_y = 0.9, s.sun_r = 0.085, s.clouds = 0.35, s.cloud = {1.0, 0.66, 0.55};
      break;
    case TimeOfDay::night:
      s.top = {0.02, 0.03, 0.1}, s.mid = {0.05, 0.08, 0.2}, s.horizon = {0.13, 0.17, 0.34};
      s.sun = {0.96, 0.95, 0.86}, s.sun_y = 0.25, s.sun_r = 0.045, s.moon = true, s.stars = 1.0, s.clouds = 0.15;
      s.cloud = {0.3, 0.34, 0.45};
      break;
  }
  if (style == Style::anime && time == TimeOfDay::day) s.top = {0.16, 0.45, 0.95}, s.clouds = 0.7;
  if (weather == Weather::cloudy || weather == Weather::rain || weather == Weather::fog ||
      weather == Weather::snow) {
    const Rgb grey = time == TimeOfDay::night ? Rgb{0.1, 0.11, 0.15} : Rgb{0.62, 0.65, 0.7};
    const double k = weather == Weather::cloudy ? 0.55 : 0.75;
    s.top = mix(s.top, shade(grey, 0.8), k), s.mid = mix(s.mid, grey, k), s.horizon = mix(s.horizon, grey, k);
    s.cloud = mix(s.cloud, shade(grey, 1.15), 0.7);
    s.clouds = weather == Weather::fog ? 0.0 : 0.9;
    s.sun_visible = weather == Weather::cloudy && time != TimeOfDay::night;
    s.stars = 0;
  }
  return s;
}

void paint_sky(Canvas& c, const SkyPalette& sky, double bottom) {
  cairo_t* cr = c.cr();
  const Stage& st = c.stage();
  CairoPatternPtr g(cairo_pattern_create_linear(0, 0, 0, st.horizon));
  cairo_pattern_add_color_stop_rgb(g.get(), 0, sky.top.r, sky.top.g, sky.top.b);
  cairo_pattern_add_color_stop_rgb(g.get(), 0.62, sky.mid.r, sky.mid.g, sky.mid.b);
  cairo_pattern_add_color_stop_rgb(g.get(), 1, sky.horizon.r, sky.horizon.g, sky.horizon.b);
  cairo_set_source(cr, g.get());
  cairo_rectangle(cr, 0, -st.height, c.period(), bottom + st.height);
  cairo_fill(cr);
  if (sky.stars > 0) {
    const int count = static_cast<int>(160 * sky.stars * c.period() / 1280.0);
    for (int i = 0; i < count; ++i) {
      const double x = c.rng().uniform(0, c.period()), y = c.rng().uniform(-0.05, 0.85) * st.horizon;
      const double r = c.u() * (c.rng().chance(0.1) ? 1.8 : c.rng().uniform(0.6, 1.2));
      cairo_new_path(cr);
      cairo_arc(cr, x, y, r, 0, kTau);
      cairo_set_source_rgba(cr, 1, 1, 0.95, c.rng().uniform(0.5, 1.0));
      cairo_fill(cr);
    }
  }
  if (!sky.sun_visible) return;
  const double r = sky.sun_r * std::min(st.width, st.height);
  const double x = st.width * sky.sun_x, y = st.horizon * sky.sun_y;
  c.tiled(x, [&](double sx) {
    CairoPatternPtr glow(cairo_pattern_create_radial(sx, y, r * 0.8, sx, y, r * (sky.moon ? 3.5 : 5.0)));
    cairo_pattern_add_color_stop_rgba(glow.get(), 0, sky.sun.r, sky.sun.g, sky.sun.b, sky.moon ? 0.25 : 0.55);
    cairo_pattern_add_color_stop_rgba(glow.get(), 1, sky.sun.r, sky.sun.g, sky.sun.b, 0);
    cairo_set_source(cr, glow.get());
    cairo_new_path(cr);
    cairo_arc(cr, sx, y, r * 5.0, 0, kTau);
    cairo_fill(cr);
    cairo_new_path(cr);
    cairo_arc(cr, sx, y, r, 0, kTau);
    set_rgb(cr, sky.sun);
    cairo_fill(cr);
    if (sky.moon) {  // a few soft craters
      for (const auto& [dx, dy, cr_r] : {std::tuple{-0.3, -0.2, 0.22}, {0.25, 0.15, 0.16}, {-0.05, 0.4, 0.12}}) {
        cairo_new_path(cr);
        cairo_arc(cr, sx + dx * r, y + dy * r, cr_r * r, 0, kTau);
        cairo_set_source_rgba(cr, 0.7, 0.7, 0.68, 0.5);
        cairo_fill(cr);
      }
    }
  });
}

Result<CairoSurfacePtr> make_cloud_sprite(const Stage& stage, const StyleLook& look, const SkyPalette& sky,
                                          std::uint64_t seed) {
  SeedStream rng(seed);
  const int w = static_cast<int>(std::lround(std::min(stage.width, stage.height) * rng.uniform(0.38, 0.55)));
  const int h = w * 2 / 5;
  auto surface = make_surface(w, h);
  if (!surface) return fail(surface.error());
  auto cr = make_context(surface->get());
  if (!cr) return fail(cr.error());
  cairo_t* c = cr->get();
  cairo_new_path(c);
  const int puffs = rng.between(4, 6);
  for (int i = 0; i < puffs; ++i) {
    const double px = w * (0.18 + 0.64 * i / (puffs - 1)) + rng.uniform(-0.03, 0.03) * w;
    const double pr = h * (i == 0 || i == puffs - 1 ? rng.uniform(0.2, 0.26) : rng.uniform(0.28, 0.38));
    cairo_new_sub_path(c);
    cairo_arc(c, px, h * 0.7 - pr * 0.6, pr, 0, kTau);
  }
  cairo_new_sub_path(c);
  rounded_rect(c, w * 0.1, h * 0.5, w * 0.8, h * 0.36, h * 0.18);
  cairo_set_fill_rule(c, CAIRO_FILL_RULE_WINDING);
  const Rgb base = sky.cloud;
  const Rgb under = mix(base, sky.mid, 0.45);
  if (look.shading == Shading::soft) {
    set_vertical_gradient(c, 0, h, base, under);
    cairo_fill(c);
  } else {
    paint_shape(c, look, base, under, look.ink * 160.0 * stage.unit);
  }
  grade_surface(look, surface->get());
  return std::move(*surface);
}

}  // namespace syncreel::engine
