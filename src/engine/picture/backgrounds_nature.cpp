// Green and blue settings: beach, forest, mountains, countryside.
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
double gap(const Canvas& c) { return c.stage().ground - c.stage().horizon; }  // horizon to feet

// Flat ground from the horizon down, in a vertical gradient.
void ground(Canvas& c, double top, Rgb near_colour, Rgb far_colour) {
  cairo_new_path(c.cr());
  cairo_rectangle(c.cr(), 0, top, c.period(), H(c) * 1.2 - top);
  set_vertical_gradient(c.cr(), top, H(c), c.lit(far_colour), c.lit(near_colour));
  cairo_fill(c.cr());
}

// A ridge filled in a haze colour: distance reads as paler and bluer.
void hazy_ridge(Canvas& c, const SkyPalette& sky, double base, double amp, Rgb colour, double haze,
                std::uint64_t salt, double roughness = 1.0) {
  c.ridge(base, amp, H(c) * 1.2, salt, roughness);
  c.fill(mix(colour, sky.horizon, haze), 0.85);
}

// --- Beach ---

double sea_bottom(const Canvas& c) { return beach_sea_bottom(c.stage()); }

void beach_far(Canvas& c, const SkyPalette& sky) {
  cairo_t* cr = c.cr();
  paint_sky(c, sky, hz(c) + 2);
  c.tiled(c.period() * 0.7, [&](double x) {  // a distant island
    cairo_new_path(cr);
    cairo_move_to(cr, x - H(c) * 0.18, hz(c) + 1);
    cairo_curve_to(cr, x - H(c) * 0.08, hz(c) - H(c) * 0.06, x + H(c) * 0.05, hz(c) - H(c) * 0.07, x + H(c) * 0.16,
                   hz(c) + 1);
    c.flat(mix(Rgb{0.25, 0.45, 0.35}, sky.horizon, 0.55));
  });
  cairo_new_path(cr);
  cairo_rectangle(cr, 0, hz(c), c.period(), sea_bottom(c) - hz(c) + 4);
  set_vertical_gradient(cr, hz(c), sea_bottom(c), c.lit(mix({0.08, 0.3, 0.55}, sky.horizon, 0.25)),
                        c.lit({0.14, 0.62, 0.7}));
  cairo_fill(cr);
  // Light on the water: short strokes, denser under the sun.
  for (int i = 0; i < 220; ++i) {
    const double y = c.rng().uniform(hz(c) + 2, sea_bottom(c));
    const bool near_sun = sky.sun_visible && c.rng().chance(0.45);
    const double x = near_sun ? c.stage().width * sky.sun_x + c.rng().uniform(-1, 1) * H(c) * 0.06 * (1 + (y - hz(c)) / gap(c))
                              : c.rng().uniform(0, c.period());
    const double len = c.u() * c.rng().uniform(8, 26) * (0.4 + (y - hz(c)) / gap(c));
    cairo_new_path(cr);
    cairo_rectangle(cr, x, y, len, c.u() * 1.6);
    set_rgba(cr, near_sun ? sky.sun : c.lit({0.85, 0.95, 1.0}), near_sun ? 0.7 : 0.35);
    cairo_fill(cr);
  }
  ground(c, sea_bottom(c), {0.94, 0.84, 0.62}, {0.86, 0.76, 0.56});
}

void beach_mid(Canvas& c, const SkyPalette&) {
  for (const double x : spread(c, 2, 0.2)) {
    const double lean = c.rng().chance(0.5) ? 1.0 : -1.0;
    const std::uint64_t salt = hash3(static_cast<std::uint64_t>(x), 0xBA1);
    const double h = H(c) * c.rng().uniform(0.42, 0.52);
    c.tiled(x, [&](double tx) { palm(c, tx, sea_bottom(c) + gap(c) * 0.12, h, lean * 0.5, salt); });
  }
}

void beach_near(Canvas& c, const SkyPalette&) {
  cairo_t* cr = c.cr();
  const double top = sea_bottom(c) - 2;
  cairo_new_path(cr);
  cairo_rectangle(cr, 0, top, c.period(), gap(c) * 0.16);
  c.flat({0.78, 0.68, 0.5});  // wet sand, where the surf runs up
  ground(c, top + gap(c) * 0.16, {0.96, 0.86, 0.64}, {0.9, 0.8, 0.58});
  cairo_new_path(cr);
  for (int i = 0; i < 500; ++i) {
    const double x = c.rng().uniform(0, c.period()), y = c.rng().uniform(top + gap(c) * 0.2, H(c) * 1.05);
    cairo_rectangle(cr, x, y, c.u() * 1.5, c.u() * 1.5);
  }
  c.flat({0.78, 0.66, 0.46}, 0.6);
  for (int i = 0; i < 4; ++i) {  // shells and a starfish or two
    const double x = c.rng().uniform(0, c.period()), y = c.rng().uniform(top + gap(c) * 0.3, H(c) * 0.98);
    const bool star = c.rng().chance(0.4);
    c.tiled(x, [&](double tx) {
      cairo_new_path(cr);
      const double r = c.u() * (star ? 9 : 6);
      if (star) {
        for (int p = 0; p < 10; ++p) {
          const double a = -kPi / 2 + p * kPi / 5, rr = p % 2 ? r * 0.45 : r;
          if (p == 0) cairo_move_to(cr, tx + std::cos(a) * rr, y + std::sin(a) * rr);
          else cairo_line_to(cr, tx + std::cos(a) * rr, y + std::sin(a) * rr);
        }
        cairo_close_path(cr);
        c.fill({0.95, 0.5, 0.35});
      } else {
        ellipse(cr, tx, y, r, r * 0.7);
        c.fill({0.98, 0.9, 0.85});
      }
    });
  }
}

// --- Forest ---

void forest_far(Canvas& c, const SkyPalette& sky) {
  paint_sky(c, sky, hz(c) + 2);
  hazy_ridge(c, sky, hz(c) + 2, H(c) * 0.12, {0.3, 0.5, 0.4}, 0.55, 0xF0);
  for (const double x : spread(c, 40, 0.5)) {
    const double h = H(c) * c.rng().uniform(0.07, 0.13);
    c.tiled(x, [&](double tx) { pine(c, tx, hz(c) + H(c) * 0.01, h, mix({0.2, 0.42, 0.32}, sky.horizon, 0.45)); });
  }
  ground(c, hz(c), {0.3, 0.45, 0.2}, {0.3, 0.45, 0.24});
}

void forest_mid(Canvas& c, const SkyPalette&) {
  for (const double x : spread(c, 11, 0.4)) {
    const double h = H(c) * c.rng().uniform(0.36, 0.5);
    c.tiled(x, [&](double tx) { pine(c, tx, hz(c) + gap(c) * 0.12, h, {0.13, 0.38, 0.24}); });
  }
  for (const double x : spread(c, 7, 0.4)) {
    const double h = H(c) * c.rng().uniform(0.34, 0.44);
    const Rgb leaf = mix(Rgb{0.22, 0.55, 0.24}, Rgb{0.4, 0.62, 0.22}, c.rng().uniform(0, 1));
    c.tiled(x, [&](double tx) { round_tree(c, tx, hz(c) + gap(c) * 0.28, h, leaf); });
  }
  // Two big trunks close by frame the clearing.
  for (const double x : spread(c, 2, 0.1)) {
    c.tiled(x, [&](double tx) {
      cairo_new_path(c.cr());
      cairo_move_to(c.cr(), tx - H(c) * 0.05, hz(c) + gap(c) * 0.4);
      cairo_curve_to(c.cr(), tx - H(c) * 0.035, hz(c), tx - H(c) * 0.04, 0, tx - H(c) * 0.035, -H(c));
      cairo_line_to(c.cr(), tx + H(c) * 0.035, -H(c));
      cairo_curve_to(c.cr(), tx + H(c) * 0.04, 0, tx + H(c) * 0.035, hz(c), tx + H(c) * 0.05, hz(c) + gap(c) * 0.4);
      cairo_close_path(c.cr());
      c.fill({0.36, 0.25, 0.17}, 0.65);
    });
  }
}

void forest_near(Canvas& c, const SkyPalette&) {
  cairo_t* cr = c.cr();
  const double top = hz(c) + gap(c) * 0.3;
  ground(c, top, {0.32, 0.5, 0.2}, {0.26, 0.42, 0.2});
  cairo_new_path(cr);  // a dirt path along the feet
  const double g = c.stage().ground;
  cairo_rectangle(cr, 0, g - gap(c) * 0.18, c.period(), gap(c) * 0.3);
  c.flat({0.58, 0.45, 0.3});
  grass(c, top, H(c) * 1.02, 260, {0.2, 0.45, 0.16});
  flowers(c, top, H(c), 30);
  for (int i = 0; i < 3; ++i) {  // mushrooms
    const double x = c.rng().uniform(0, c.period()), y = c.rng().uniform(top + gap(c) * 0.1, g - gap(c) * 0.2);
    c.tiled(x, [&](double tx) {
      cairo_new_path(cr);
      cairo_rectangle(cr, tx - c.u() * 2, y - c.u() * 8, c.u() * 4, c.u() * 8);
      c.flat({0.95, 0.92, 0.85});
      cairo_new_path(cr);
      cairo_arc(cr, tx, y - c.u() * 8, c.u() * 7, kPi, kTau);
      c.fill({0.85, 0.2, 0.15});
    });
  }
}

// --- Mountains ---

void mountains_far(Canvas& c, const SkyPalette& sky) {
  cairo_t* cr = c.cr();
  paint_sky(c, sky, hz(c) + 2);
  const double base = hz(c) + 2, amp = H(c) * 0.36;
  c.ridge(base, amp, H(c) * 1.2, 0x3A, 1.6);
  CairoPathPtr peaks(cairo_copy_path(cr));
  c.fill(mix(Rgb{0.42, 0.48, 0.62}, sky.horizon, 0.3), 0.8);
  {
    // Snow above the tree line, with a jagged edge.
    CairoSaved saved(cr);
    cairo_append_path(cr, peaks.get());
    cairo_clip(cr);
    cairo_new_path(cr);
    const double line = base - amp * 0.62;
    cairo_move_to(cr, 0, -H(c));
    for (int i = 0; i <= 60; ++i) {
      const double x = c.period() * i / 60.0;
      cairo_line_to(cr, x, line + (i % 2 ? 1.0 : -1.0) * H(c) * 0.025 + std::sin(i * 1.7) * H(c) * 0.015);
    }
    cairo_line_to(cr, c.period(), -H(c));
    cairo_close_path(cr);
    c.fill({0.97, 0.98, 1.0}, 0.85);
  }
  hazy_ridge(c, sky, hz(c) + 2, H(c) * 0.16, {0.32, 0.42, 0.5}, 0.35, 0x3B);
}

void mountains_mid(Canvas& c, const SkyPalette& sky) {
  hazy_ridge(c, sky, hz(c) + gap(c) * 0.2, H(c) * 0.1, {0.34, 0.56, 0.3}, 0.1, 0x3C, 0.6);
  for (const double x : spread(c, 16, 0.45)) {
    const double h = H(c) * c.rng().uniform(0.1, 0.17);
    c.tiled(x, [&](double tx) { pine(c, tx, hz(c) + gap(c) * 0.22, h, {0.16, 0.4, 0.25}); });
  }
}

void mountains_near(Canvas& c, const SkyPalette&) {
  const double top = hz(c) + gap(c) * 0.32;
  ground(c, top, {0.45, 0.66, 0.3}, {0.4, 0.6, 0.3});
  grass(c, top, H(c) * 1.02, 200, {0.3, 0.52, 0.2});
  flowers(c, top, H(c), 45);
  for (int i = 0; i < 3; ++i) {
    const double x = c.rng().uniform(0, c.period()), r = H(c) * c.rng().uniform(0.03, 0.06);
    const double y = c.rng().uniform(top + gap(c) * 0.15, H(c) * 0.98);
    c.tiled(x, [&](double tx) { rock(c, tx, y, r, {0.56, 0.55, 0.55}); });
  }
}

// --- Countryside ---

void countryside_far(Canvas& c, const SkyPalette& sky) {
  paint_sky(c, sky, hz(c) + 2);
  hazy_ridge(c, sky, hz(c) + 2, H(c) * 0.09, {0.35, 0.55, 0.45}, 0.5, 0xC1, 0.5);
  ground(c, hz(c), {0.45, 0.65, 0.3}, {0.45, 0.62, 0.32});
}

void barn(Canvas& c, double x, double base, double h) {
  cairo_t* cr = c.cr();
  const double w = h * 1.1;
  cairo_new_path(cr);
  cairo_move_to(cr, x, base);
  cairo_line_to(cr, x, base - h * 0.6);
  cairo_line_to(cr, x + w * 0.5, base - h);
  cairo_line_to(cr, x + w, base - h * 0.6);
  cairo_line_to(cr, x + w, base);
  cairo_close_path(cr);
  c.fill({0.72, 0.2, 0.16});
  cairo_new_path(cr);
  cairo_rectangle(cr, x + w * 0.33, base - h * 0.45, w * 0.34, h * 0.45);
  c.fill({0.95, 0.92, 0.86});
  cairo_new_path(cr);
  cairo_move_to(cr, x - w * 0.05, base - h * 0.58);
  cairo_line_to(cr, x + w * 0.5, base - h * 1.04);
  cairo_line_to(cr, x + w * 1.05, base - h * 0.58);
  cairo_set_line_width(cr, h * 0.06);
  set_rgb(cr, c.lit({0.35, 0.3, 0.3}));
  cairo_stroke(cr);
}

void countryside_mid(Canvas& c, const SkyPalette&) {
  cairo_t* cr = c.cr();
  const double base = hz(c) + gap(c) * 0.25;
  c.ridge(base, H(c) * 0.1, H(c) * 1.2, 0xC2, 0.5);
  CairoPathPtr hills(cairo_copy_path(cr));
  c.fill({0.5, 0.7, 0.32}, 0.85);
  {
    // Patchwork fields: slanted bands in crop colours.
    CairoSaved saved(cr);
    cairo_append_path(cr, hills.get());
    cairo_clip(cr);
    constexpr std::array<Rgb, 4> kCrops = {{{0.92, 0.8, 0.38}, {0.4, 0.66, 0.3}, {0.62, 0.5, 0.32}, {0.7, 0.82, 0.36}}};
    const double band = c.period() / 9.0;
    for (int i = 0; i < 9; ++i) {
      cairo_new_path(cr);
      cairo_move_to(cr, band * i, base - H(c) * 0.15);
      cairo_line_to(cr, band * (i + 1), base - H(c) * 0.15);
      cairo_line_to(cr, band * (i + 1) - H(c) * 0.1, H(c) * 1.2);
      cairo_line_to(cr, band * i - H(c) * 0.1, H(c) * 1.2);
      cairo_close_path(cr);
      c.flat(kCrops[static_cast<std::size_t>(i % 4)], 0.75);
    }
  }
  c.tiled(c.period() * 0.3, [&](double x) { barn(c, x, base - H(c) * 0.01, H(c) * 0.16); });
  for (const double x : spread(c, 5, 0.4)) {
    const double h = H(c) * c.rng().uniform(0.16, 0.24);
    c.tiled(x, [&](double tx) { round_tree(c, tx, base + gap(c) * 0.05, h, {0.25, 0.55, 0.25}); });
  }
}

void countryside_near(Canvas& c, const SkyPalette&) {
  const double top = hz(c) + gap(c) * 0.45;
  ground(c, top, {0.42, 0.68, 0.28}, {0.46, 0.68, 0.3});
  fence(c, top + gap(c) * 0.12, gap(c) * 0.22, {0.75, 0.62, 0.45});
  grass(c, top, H(c) * 1.02, 220, {0.3, 0.55, 0.2});
  flowers(c, top + gap(c) * 0.15, H(c), 60);
}

}  // namespace

SettingPainter beach_painter() { return {beach_far, beach_mid, beach_near, false}; }
SettingPainter forest_painter() { return {forest_far, forest_mid, forest_near, false}; }
SettingPainter mountains_painter() { return {mountains_far, mountains_mid, mountains_near, false}; }
SettingPainter countryside_painter() { return {countryside_far, countryside_mid, countryside_near, false}; }

}  // namespace syncreel::engine
