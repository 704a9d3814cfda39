// The city street: skyline, buildings with lit windows, road, sidewalk and lamps.
#include <algorithm>
#include <array>
#include <cmath>

#include "engine/picture/paint.hpp"
#include "engine/picture/scenery.hpp"
#include "engine/picture/scenery_props.hpp"

namespace syncreel::engine {
namespace {

double H(const Canvas& c) { return c.stage().height; }
double hz(const Canvas& c) { return c.stage().horizon; }

// A building with a grid of windows; lit ones glow (unlit by the scene light) at night.
void building(Canvas& c, double x, double base, double w, double h, Rgb colour, const SkyPalette& sky,
              std::uint64_t salt) {
  cairo_t* cr = c.cr();
  SeedStream rng(salt);
  cairo_new_path(cr);
  cairo_rectangle(cr, x, base - h, w, h);
  c.fill(colour, 0.8);
  cairo_new_path(cr);
  cairo_rectangle(cr, x - w * 0.03, base - h - c.u() * 5, w * 1.06, c.u() * 6);
  c.fill(shade(colour, 0.75));
  const double win_w = std::max(3.0, w * 0.12), win_h = win_w * 1.5;
  const int cols = std::max(2, static_cast<int>(w / (win_w * 2.0)));
  const int rows = std::max(2, static_cast<int>((h - win_h * 2) / (win_h * 1.8)));
  const double gx = w / cols, gy = (h - win_h * 2) / rows;
  const double lit_share = c.night() ? 0.55 : sky.sun_y > 0.7 ? 0.3 : 0.0;
  for (int row = 0; row < rows; ++row) {
    for (int col = 0; col < cols; ++col) {
      const double wx = x + gx * (col + 0.5) - win_w / 2, wy = base - h + win_h + gy * row;
      cairo_new_path(cr);
      cairo_rectangle(cr, wx, wy, win_w, win_h);
      if (rng.chance(lit_share)) {
        set_rgb(cr, kWindowGlow);  // light from inside: not darkened by the night
        cairo_fill(cr);
      } else {
        c.flat(mix(sky.mid, colour, 0.35));
      }
    }
  }
  if (rng.chance(0.35)) {  // a rooftop water tank
    cairo_new_path(cr);
    cairo_rectangle(cr, x + w * 0.6, base - h - w * 0.3, w * 0.22, w * 0.25);
    c.fill({0.45, 0.35, 0.3});
  }
}

void city_far(Canvas& c, const SkyPalette& sky) {
  cairo_t* cr = c.cr();
  paint_sky(c, sky, hz(c) + 2);
  const Rgb haze = mix(Rgb{0.42, 0.46, 0.58}, sky.horizon, 0.5);
  cairo_new_path(cr);
  double x = 0;
  while (x < c.period()) {
    const double w = H(c) * c.rng().uniform(0.05, 0.11), h = H(c) * c.rng().uniform(0.08, 0.26);
    cairo_rectangle(cr, x, hz(c) - h, w + 1, h + 2);
    x += w;
  }
  c.flat(haze);
  cairo_new_path(cr);
  cairo_rectangle(cr, 0, hz(c), c.period(), H(c));
  c.flat({0.3, 0.31, 0.34});
}

void city_mid(Canvas& c, const SkyPalette& sky) {
  constexpr std::array<Rgb, 5> kFacades = {{{0.72, 0.4, 0.32}, {0.86, 0.76, 0.6}, {0.6, 0.62, 0.67},
                                            {0.42, 0.5, 0.62}, {0.4, 0.58, 0.56}}};
  const double base = hz(c) + 0.03 * H(c);
  double x = 0;
  while (x < c.period() - H(c) * 0.06) {
    const double w = std::min(H(c) * c.rng().uniform(0.14, 0.24), c.period() - x);
    const double h = H(c) * c.rng().uniform(0.26, 0.5);
    const Rgb colour = kFacades[static_cast<std::size_t>(c.rng().between(0, 4))];
    const std::uint64_t salt = hash3(static_cast<std::uint64_t>(x * 7), 0xB1D);
    c.tiled(x, [&](double tx) { building(c, tx, base, w - H(c) * 0.012, h, colour, sky, salt); });
    x += w;
  }
}

void street_lamp(Canvas& c, double x, double base, double h) {
  cairo_t* cr = c.cr();
  cairo_new_path(cr);
  cairo_rectangle(cr, x - h * 0.012, base - h, h * 0.024, h);
  cairo_rectangle(cr, x - h * 0.012, base - h, h * 0.14, h * 0.02);
  c.fill({0.18, 0.2, 0.22});
  const double lx = x + h * 0.12, ly = base - h + h * 0.04;
  if (c.night()) {
    CairoPatternPtr glow(cairo_pattern_create_radial(lx, ly, 0, lx, ly, h * 0.35));
    cairo_pattern_add_color_stop_rgba(glow.get(), 0, 1.0, 0.86, 0.5, 0.55);
    cairo_pattern_add_color_stop_rgba(glow.get(), 1, 1.0, 0.86, 0.5, 0.0);
    cairo_set_source(cr, glow.get());
    cairo_new_path(cr);
    cairo_arc(cr, lx, ly, h * 0.35, 0, kTau);
    cairo_fill(cr);
  }
  cairo_new_path(cr);
  ellipse(cr, lx, ly, h * 0.045, h * 0.022);
  if (c.night()) {
    set_rgb(cr, kWindowGlow);
    cairo_fill(cr);
  } else {
    c.fill({0.85, 0.85, 0.8});
  }
}

void city_near(Canvas& c, const SkyPalette&) {
  cairo_t* cr = c.cr();
  const double road_top = city_road_top(c.stage());
  const double curb = city_curb(c.stage());
  cairo_new_path(cr);
  cairo_rectangle(cr, 0, road_top, c.period(), curb - road_top);
  c.flat({0.32, 0.33, 0.36});
  cairo_new_path(cr);
  const double dash = H(c) * 0.06;
  for (double x = 0; x < c.period(); x += dash * 2.2) {
    cairo_rectangle(cr, x, (road_top + curb) / 2 - c.u() * 2, dash, c.u() * 4);
  }
  c.flat({0.95, 0.88, 0.5});
  cairo_new_path(cr);
  cairo_rectangle(cr, 0, curb, c.period(), H(c) * 2);
  c.fill({0.68, 0.66, 0.64}, 0.9);
  cairo_new_path(cr);
  cairo_rectangle(cr, 0, curb, c.period(), c.u() * 5);
  c.flat({0.5, 0.49, 0.48});
  cairo_new_path(cr);
  const double slab = H(c) * 0.16;
  for (double x = 0; x < c.period(); x += slab) {
    cairo_move_to(cr, x, curb + c.u() * 5);
    cairo_line_to(cr, x - slab * 0.3, H(c) * 1.2);
  }
  set_rgba(cr, c.lit({0.45, 0.44, 0.43}), 0.7);
  cairo_set_line_width(cr, c.u() * 1.5);
  cairo_stroke(cr);
  for (const double x : spread(c, 3, 0.2)) {
    c.tiled(x, [&](double tx) { street_lamp(c, tx, curb + c.u() * 3, H(c) * 0.5); });
  }
}

}  // namespace

SettingPainter city_painter() { return {city_far, city_mid, city_near, false}; }

}  // namespace syncreel::engine
