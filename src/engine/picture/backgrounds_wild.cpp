// Open, empty settings: desert, snow, space.
#include <algorithm>
#include <cmath>

#include "engine/picture/paint.hpp"
#include "engine/picture/scenery.hpp"
#include "engine/picture/scenery_props.hpp"

namespace syncreel::engine {
namespace {

double H(const Canvas& c) { return c.stage().height; }
double hz(const Canvas& c) { return c.stage().horizon; }
double gap(const Canvas& c) { return c.stage().ground - c.stage().horizon; }

void gradient_ground(Canvas& c, double top, Rgb far_colour, Rgb near_colour) {
  cairo_new_path(c.cr());
  cairo_rectangle(c.cr(), 0, top, c.period(), H(c) * 1.2 - top);
  set_vertical_gradient(c.cr(), top, H(c), c.lit(far_colour), c.lit(near_colour));
  cairo_fill(c.cr());
}

// --- Desert ---

void desert_far(Canvas& c, const SkyPalette& sky) {
  cairo_t* cr = c.cr();
  paint_sky(c, sky, hz(c) + 2);
  for (const double x : spread(c, 3, 0.3)) {  // flat-topped mesas in the haze
    const double w = H(c) * c.rng().uniform(0.25, 0.45), h = H(c) * c.rng().uniform(0.08, 0.15);
    c.tiled(x, [&](double tx) {
      cairo_new_path(cr);
      cairo_move_to(cr, tx - w * 0.6, hz(c) + 2);
      cairo_line_to(cr, tx - w * 0.4, hz(c) - h);
      cairo_line_to(cr, tx + w * 0.4, hz(c) - h);
      cairo_line_to(cr, tx + w * 0.6, hz(c) + 2);
      cairo_close_path(cr);
      c.fill(mix(Rgb{0.72, 0.42, 0.3}, sky.horizon, 0.4), 0.85);
    });
  }
  gradient_ground(c, hz(c), {0.9, 0.72, 0.5}, {0.93, 0.76, 0.5});
}

void desert_mid(Canvas& c, const SkyPalette&) {
  c.ridge(hz(c) + gap(c) * 0.12, H(c) * 0.08, H(c) * 1.2, 0xD1, 0.3);
  c.fill({0.92, 0.72, 0.45}, 0.78);
  c.ridge(hz(c) + gap(c) * 0.32, H(c) * 0.07, H(c) * 1.2, 0xD2, 0.25);
  c.fill({0.95, 0.77, 0.48}, 0.8);
}

void desert_near(Canvas& c, const SkyPalette&) {
  cairo_t* cr = c.cr();
  const double top = hz(c) + gap(c) * 0.45;
  gradient_ground(c, top, {0.95, 0.8, 0.55}, {0.97, 0.84, 0.6});
  for (int i = 0; i < 26; ++i) {  // wind ripples
    const double x = c.rng().uniform(0, c.period()), y = c.rng().uniform(top + gap(c) * 0.08, H(c));
    const double len = H(c) * c.rng().uniform(0.06, 0.14);
    c.tiled(x, [&](double tx) {
      cairo_new_path(cr);
      cairo_move_to(cr, tx, y);
      cairo_curve_to(cr, tx + len * 0.3, y - len * 0.06, tx + len * 0.7, y + len * 0.06, tx + len, y);
      set_rgba(cr, c.lit({0.82, 0.62, 0.4}), 0.7);
      cairo_set_line_width(cr, c.u() * 2);
      cairo_stroke(cr);
    });
  }
  for (const double x : spread(c, 2, 0.3)) {
    const double h = H(c) * c.rng().uniform(0.2, 0.28);
    const std::uint64_t salt = hash3(static_cast<std::uint64_t>(x), 0xCAC);
    c.tiled(x, [&](double tx) { cactus(c, tx, top + gap(c) * 0.2, h, salt); });
  }
  const double rx = c.rng().uniform(0, c.period());
  c.tiled(rx, [&](double tx) { rock(c, tx, top + gap(c) * 0.6, H(c) * 0.04, {0.7, 0.5, 0.38}); });
}

// --- Snow ---

void snow_far(Canvas& c, const SkyPalette& sky) {
  paint_sky(c, sky, hz(c) + 2);
  c.ridge(hz(c) + 2, H(c) * 0.28, H(c) * 1.2, 0x5A, 1.4);
  c.fill(mix(Rgb{0.9, 0.93, 1.0}, sky.horizon, 0.25), 0.8);
  c.ridge(hz(c) + 2, H(c) * 0.13, H(c) * 1.2, 0x5B, 0.8);
  c.fill(mix(Rgb{0.8, 0.86, 0.96}, sky.horizon, 0.2), 0.82);
}

void cabin(Canvas& c, double x, double base, double h) {
  cairo_t* cr = c.cr();
  const double w = h * 1.2;
  cairo_new_path(cr);
  cairo_rectangle(cr, x, base - h * 0.6, w, h * 0.6);
  c.fill({0.5, 0.32, 0.2});
  cairo_new_path(cr);
  cairo_rectangle(cr, x + w * 0.6, base - h * 0.42, w * 0.22, h * 0.2);
  if (c.night()) {
    set_rgb(cr, {1.0, 0.82, 0.45});
    cairo_fill(cr);
  } else {
    c.fill({1.0, 0.85, 0.5});
  }
  cairo_new_path(cr);
  cairo_move_to(cr, x - w * 0.12, base - h * 0.55);
  cairo_line_to(cr, x + w * 0.5, base - h * 1.05);
  cairo_line_to(cr, x + w * 1.12, base - h * 0.55);
  cairo_close_path(cr);
  c.fill({0.97, 0.98, 1.0}, 0.85);
}

void snow_mid(Canvas& c, const SkyPalette&) {
  c.ridge(hz(c) + gap(c) * 0.22, H(c) * 0.08, H(c) * 1.2, 0x5C, 0.5);
  c.fill({0.93, 0.95, 1.0}, 0.85);
  for (const double x : spread(c, 12, 0.45)) {
    const double h = H(c) * c.rng().uniform(0.16, 0.3);
    c.tiled(x, [&](double tx) { pine(c, tx, hz(c) + gap(c) * 0.26, h, {0.14, 0.36, 0.3}, true); });
  }
  c.tiled(c.period() * 0.45, [&](double x) { cabin(c, x, hz(c) + gap(c) * 0.28, H(c) * 0.13); });
}

void snowman(Canvas& c, double x, double base, double h) {
  cairo_t* cr = c.cr();
  for (const auto& [dy, r] : {std::pair{0.22, 0.22}, {0.55, 0.16}, {0.8, 0.12}}) {
    cairo_new_path(cr);
    cairo_arc(cr, x, base - dy * h, r * h, 0, kTau);
    c.fill({0.98, 0.99, 1.0}, 0.85);
  }
  cairo_new_path(cr);
  cairo_move_to(cr, x, base - 0.79 * h);
  cairo_line_to(cr, x + 0.14 * h, base - 0.77 * h);
  cairo_line_to(cr, x, base - 0.75 * h);
  cairo_close_path(cr);
  c.flat({0.95, 0.5, 0.15});
  cairo_new_path(cr);
  cairo_arc(cr, x - 0.045 * h, base - 0.84 * h, 0.018 * h, 0, kTau);
  cairo_new_sub_path(cr);
  cairo_arc(cr, x + 0.045 * h, base - 0.84 * h, 0.018 * h, 0, kTau);
  c.flat({0.1, 0.1, 0.12});
  cairo_new_path(cr);
  cairo_rectangle(cr, x - 0.13 * h, base - 0.7 * h, 0.26 * h, 0.05 * h);
  c.fill({0.85, 0.2, 0.2});
}

void snow_near(Canvas& c, const SkyPalette&) {
  cairo_t* cr = c.cr();
  const double top = hz(c) + gap(c) * 0.4;
  gradient_ground(c, top, {0.86, 0.9, 0.98}, {0.97, 0.98, 1.0});
  for (int i = 0; i < 18; ++i) {  // soft drifts
    const double x = c.rng().uniform(0, c.period()), y = c.rng().uniform(top + gap(c) * 0.1, H(c));
    const double w = H(c) * c.rng().uniform(0.05, 0.12);
    c.tiled(x, [&](double tx) {
      cairo_new_path(cr);
      ellipse(cr, tx, y, w, w * 0.12);
      c.flat({0.8, 0.86, 0.96}, 0.7);
    });
  }
  c.tiled(c.period() * 0.72, [&](double x) { snowman(c, x, top + gap(c) * 0.35, H(c) * 0.2); });
}

// --- Space ---

void space_far(Canvas& c, const SkyPalette&) {
  cairo_t* cr = c.cr();
  cairo_new_path(cr);
  cairo_rectangle(cr, 0, -H(c), c.period(), H(c) * 3);
  set_vertical_gradient(cr, 0, H(c), {0.02, 0.02, 0.07}, {0.08, 0.05, 0.18});
  cairo_fill(cr);
  constexpr Rgb kNebula[] = {{0.55, 0.2, 0.7}, {0.15, 0.5, 0.7}, {0.8, 0.3, 0.45}};
  for (int i = 0; i < 5; ++i) {  // nebula clouds
    const double x = c.rng().uniform(0, c.period()), y = c.rng().uniform(0.05, 0.6) * H(c);
    const double r = H(c) * c.rng().uniform(0.2, 0.4);
    const Rgb col = kNebula[i % 3];
    c.tiled(x, [&](double tx) {
      CairoPatternPtr g(cairo_pattern_create_radial(tx, y, 0, tx, y, r));
      cairo_pattern_add_color_stop_rgba(g.get(), 0, col.r, col.g, col.b, 0.35);
      cairo_pattern_add_color_stop_rgba(g.get(), 1, col.r, col.g, col.b, 0.0);
      cairo_set_source(cr, g.get());
      cairo_new_path(cr);
      cairo_arc(cr, tx, y, r, 0, kTau);
      cairo_fill(cr);
    });
  }
  const int stars = static_cast<int>(420 * c.period() / 1280.0);
  for (int i = 0; i < stars; ++i) {
    const double x = c.rng().uniform(0, c.period()), y = c.rng().uniform(-0.05, 1.0) * H(c);
    const bool big = c.rng().chance(0.04);
    const double r = c.u() * (big ? 2.2 : c.rng().uniform(0.5, 1.3));
    cairo_new_path(cr);
    cairo_arc(cr, x, y, r, 0, kTau);
    cairo_set_source_rgba(cr, 1, 1, c.rng().uniform(0.85, 1.0), c.rng().uniform(0.5, 1.0));
    cairo_fill(cr);
    if (big) {  // a four-point glint
      cairo_move_to(cr, x - r * 4, y);
      cairo_line_to(cr, x + r * 4, y);
      cairo_move_to(cr, x, y - r * 4);
      cairo_line_to(cr, x, y + r * 4);
      cairo_set_source_rgba(cr, 1, 1, 1, 0.6);
      cairo_set_line_width(cr, c.u() * 0.8);
      cairo_stroke(cr);
    }
  }
}

void space_mid(Canvas& c, const SkyPalette&) {
  cairo_t* cr = c.cr();
  const double r = H(c) * 0.17;
  const Rgb body = c.rng().chance(0.5) ? Rgb{0.9, 0.6, 0.35} : Rgb{0.35, 0.65, 0.75};
  c.tiled(c.period() * 0.3, [&](double x) {
    const double y = hz(c) - H(c) * 0.3;
    const auto ring = [&](double from, double to) {
      cairo_new_path(cr);
      cairo_save(cr);
      cairo_translate(cr, x, y);
      cairo_rotate(cr, -0.3);
      cairo_scale(cr, r * 1.9, r * 0.45);
      cairo_arc(cr, 0, 0, 1, from, to);
      cairo_restore(cr);
      set_rgba(cr, c.lit({0.92, 0.85, 0.7}), 0.85);
      cairo_set_line_width(cr, r * 0.12);
      cairo_stroke(cr);
    };
    ring(kPi, kTau);  // the far half of the ring, behind the planet
    cairo_new_path(cr);
    cairo_arc(cr, x, y, r, 0, kTau);
    c.fill(body, 0.55);
    {
      CairoSaved saved(cr);
      cairo_arc(cr, x, y, r, 0, kTau);
      cairo_clip(cr);
      for (int b = -2; b <= 2; ++b) {  // cloud bands
        cairo_new_path(cr);
        cairo_rectangle(cr, x - r, y + b * r * 0.35 - r * 0.06, 2 * r, r * 0.12);
        c.flat(shade(body, 0.82), 0.6);
      }
    }
    ring(0, kPi);
  });
  c.tiled(c.period() * 0.75, [&](double x) {  // a small grey moon
    cairo_new_path(cr);
    cairo_arc(cr, x, hz(c) - H(c) * 0.42, H(c) * 0.045, 0, kTau);
    c.fill({0.75, 0.75, 0.78}, 0.6);
  });
}

void space_near(Canvas& c, const SkyPalette&) {
  cairo_t* cr = c.cr();
  c.ridge(hz(c) + gap(c) * 0.1, H(c) * 0.04, H(c) * 1.2, 0x5C0, 0.6);
  c.fill({0.6, 0.6, 0.64}, 0.8);
  for (int i = 0; i < 9; ++i) {
    const double x = c.rng().uniform(0, c.period());
    const double y = c.rng().uniform(hz(c) + gap(c) * 0.3, H(c) * 0.98);
    const double w = H(c) * c.rng().uniform(0.03, 0.09) * (0.5 + (y - hz(c)) / gap(c) * 0.5);
    c.tiled(x, [&](double tx) {
      cairo_new_path(cr);
      ellipse(cr, tx, y, w, w * 0.28);
      c.flat({0.42, 0.42, 0.46});
      cairo_new_path(cr);
      ellipse(cr, tx, y + w * 0.05, w * 0.85, w * 0.2);
      c.flat({0.5, 0.5, 0.54});
    });
  }
  const double rx = c.rng().uniform(0, c.period());
  c.tiled(rx, [&](double tx) { rock(c, tx, hz(c) + gap(c) * 0.5, H(c) * 0.035, {0.55, 0.55, 0.6}); });
}

}  // namespace

SettingPainter desert_painter() { return {desert_far, desert_mid, desert_near, false}; }
SettingPainter snow_painter() { return {snow_far, snow_mid, snow_near, false}; }
SettingPainter space_painter() { return {space_far, space_mid, space_near, false}; }

}  // namespace syncreel::engine
