// Indoor settings: a living room and a kitchen, each with a window onto the sky of the
// time of day.
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

// --- Room ---

Rgb wall_colour(Canvas& c) {
  constexpr std::array<Rgb, 4> kWalls = {{{0.93, 0.86, 0.72}, {0.74, 0.82, 0.72}, {0.76, 0.83, 0.92},
                                          {0.93, 0.8, 0.78}}};
  return kWalls[static_cast<std::size_t>(c.rng().between(0, 3))];
}

// A window onto the sky of the time of day, with curtains.
void window(Canvas& c, const SkyPalette& sky, double x, double y, double w, double h, Rgb curtain) {
  cairo_t* cr = c.cr();
  CairoPatternPtr g(cairo_pattern_create_linear(0, y, 0, y + h));
  cairo_pattern_add_color_stop_rgb(g.get(), 0, sky.top.r, sky.top.g, sky.top.b);
  cairo_pattern_add_color_stop_rgb(g.get(), 1, sky.horizon.r, sky.horizon.g, sky.horizon.b);
  cairo_set_source(cr, g.get());
  cairo_rectangle(cr, x, y, w, h);
  cairo_fill(cr);
  if (sky.sun_visible) {
    cairo_new_path(cr);
    cairo_arc(cr, x + w * 0.7, y + h * (0.2 + 0.5 * sky.sun_y), w * 0.09, 0, kTau);
    set_rgb(cr, sky.sun);
    cairo_fill(cr);
  }
  cairo_new_path(cr);
  rounded_rect(cr, x + w * 0.15, y + h * 0.72, w * 0.7, h * 0.28, 2);  // a far hill through the glass
  c.flat(mix(sky.horizon, Rgb{0.3, 0.5, 0.35}, 0.5));
  cairo_new_path(cr);
  const double bar = std::max(3.0, w * 0.045);
  cairo_rectangle(cr, x - bar, y - bar, w + 2 * bar, bar * 1.5);
  cairo_rectangle(cr, x - bar, y + h - bar * 0.5, w + 2 * bar, bar * 1.5);
  cairo_rectangle(cr, x - bar, y, bar * 1.2, h);
  cairo_rectangle(cr, x + w - bar * 0.2, y, bar * 1.2, h);
  cairo_rectangle(cr, x + w / 2 - bar / 2, y, bar, h);
  cairo_rectangle(cr, x, y + h / 2 - bar / 2, w, bar);
  c.fill({0.97, 0.96, 0.93}, 0.85);
  for (const double side : {-1.0, 1.0}) {
    const double cx = side < 0 ? x - bar : x + w + bar;
    cairo_new_path(cr);
    cairo_move_to(cr, cx, y - bar * 2);
    cairo_line_to(cr, cx + side * w * 0.28, y - bar * 2);
    cairo_curve_to(cr, cx + side * w * 0.2, y + h * 0.5, cx + side * w * 0.3, y + h * 0.9, cx + side * w * 0.25,
                   y + h + bar * 3);
    cairo_line_to(cr, cx - side * w * 0.06, y + h + bar * 3);
    cairo_curve_to(cr, cx + side * w * 0.04, y + h * 0.7, cx - side * w * 0.02, y + h * 0.3, cx, y - bar * 2);
    cairo_close_path(cr);
    c.fill(curtain, 0.7);
  }
}

void bookshelf(Canvas& c, double x, double base, double w, double h) {
  cairo_t* cr = c.cr();
  cairo_new_path(cr);
  cairo_rectangle(cr, x, base - h, w, h);
  c.fill({0.5, 0.34, 0.22});
  constexpr std::array<Rgb, 5> kBooks = {{{0.75, 0.2, 0.2}, {0.2, 0.4, 0.7}, {0.9, 0.75, 0.3}, {0.25, 0.55, 0.35},
                                          {0.55, 0.3, 0.6}}};
  const int shelves = 4;
  for (int s = 0; s < shelves; ++s) {
    const double sy = base - h + h * (s + 1) / shelves - h * 0.02;
    double bx = x + w * 0.06;
    while (bx < x + w * 0.9) {
      const double bw = w * c.rng().uniform(0.05, 0.09), bh = h / shelves * c.rng().uniform(0.6, 0.85);
      cairo_new_path(cr);
      cairo_rectangle(cr, bx, sy - bh, bw, bh);
      c.fill(kBooks[static_cast<std::size_t>(c.rng().between(0, 4))]);
      bx += bw + w * 0.01;
    }
  }
}

void room_far(Canvas& c, const SkyPalette& sky) {
  cairo_t* cr = c.cr();
  const Rgb wall = wall_colour(c);
  cairo_new_path(cr);
  cairo_rectangle(cr, 0, -H(c), c.period(), hz(c) + H(c));
  c.flat(wall);
  cairo_new_path(cr);
  for (double x = 0; x < c.period(); x += H(c) * 0.05) cairo_rectangle(cr, x, -H(c), H(c) * 0.012, hz(c) + H(c));
  c.flat(shade(wall, 0.95));
  cairo_new_path(cr);
  cairo_rectangle(cr, 0, hz(c) - c.u() * 14, c.period(), c.u() * 14);
  c.fill({0.96, 0.95, 0.92});
  cairo_new_path(cr);
  cairo_rectangle(cr, 0, hz(c), c.period(), H(c));
  c.flat({0.55, 0.38, 0.26});
  const Rgb curtain = mix(Rgb{0.75, 0.25, 0.3}, wall, 0.2);
  c.tiled(c.period() * 0.18, [&](double x) { window(c, sky, x, H(c) * 0.1, H(c) * 0.3, H(c) * 0.3, curtain); });
  const double frame_x = c.period() * 0.55;
  c.tiled(frame_x, [&](double x) {
    cairo_new_path(cr);
    cairo_rectangle(cr, x, H(c) * 0.14, H(c) * 0.2, H(c) * 0.15);
    c.fill({0.3, 0.22, 0.15});
    cairo_new_path(cr);
    cairo_rectangle(cr, x + H(c) * 0.015, H(c) * 0.155, H(c) * 0.17, H(c) * 0.12);
    c.flat({0.75, 0.86, 0.95});
    cairo_new_path(cr);
    cairo_move_to(cr, x + H(c) * 0.015, H(c) * 0.275);
    cairo_line_to(cr, x + H(c) * 0.08, H(c) * 0.19);
    cairo_line_to(cr, x + H(c) * 0.13, H(c) * 0.24);
    cairo_line_to(cr, x + H(c) * 0.185, H(c) * 0.2);
    cairo_line_to(cr, x + H(c) * 0.185, H(c) * 0.275);
    cairo_close_path(cr);
    c.flat({0.35, 0.55, 0.4});
  });
  c.tiled(c.period() * 0.78, [&](double x) { bookshelf(c, x, hz(c), H(c) * 0.24, H(c) * 0.42); });
}

void room_mid(Canvas& c, const SkyPalette&) {
  cairo_t* cr = c.cr();
  const double base = hz(c) + H(c) * 0.05;
  const Rgb sofa = mix(Rgb{0.3, 0.45, 0.65}, Rgb{0.6, 0.35, 0.3}, c.rng().uniform(0, 1));
  c.tiled(c.period() * 0.42, [&](double x) {
    const double w = H(c) * 0.62, h = H(c) * 0.2;
    cairo_new_path(cr);
    rounded_rect(cr, x, base - h, w, h * 0.75, h * 0.15);  // back
    c.fill(sofa);
    cairo_new_path(cr);
    rounded_rect(cr, x - h * 0.1, base - h * 0.5, w + h * 0.2, h * 0.45, h * 0.12);  // seat and arms
    c.fill(shade(sofa, 1.08));
    for (const double px : {x + w * 0.2, x + w * 0.62}) {
      cairo_new_path(cr);
      rounded_rect(cr, px, base - h * 0.82, w * 0.2, h * 0.32, h * 0.1);
      c.fill({0.95, 0.85, 0.45});
    }
  });
  c.tiled(c.period() * 0.08, [&](double x) {  // a potted plant
    cairo_new_path(cr);
    cairo_move_to(cr, x - H(c) * 0.035, base - H(c) * 0.08);
    cairo_line_to(cr, x + H(c) * 0.035, base - H(c) * 0.08);
    cairo_line_to(cr, x + H(c) * 0.025, base);
    cairo_line_to(cr, x - H(c) * 0.025, base);
    cairo_close_path(cr);
    c.fill({0.8, 0.45, 0.3});
    cairo_new_path(cr);
    for (int i = 0; i < 7; ++i) {
      const double a = -kPi * (0.1 + 0.8 * i / 6.0);
      cairo_new_sub_path(cr);
      ellipse(cr, x + std::cos(a) * H(c) * 0.06, base - H(c) * 0.1 + std::sin(a) * H(c) * 0.08, H(c) * 0.025,
              H(c) * 0.045);
    }
    c.fill({0.25, 0.6, 0.3});
  });
  c.tiled(c.period() * 0.9, [&](double x) {  // a floor lamp
    cairo_new_path(cr);
    cairo_rectangle(cr, x - c.u() * 2, base - H(c) * 0.36, c.u() * 4, H(c) * 0.36);
    c.fill({0.25, 0.22, 0.2});
    cairo_new_path(cr);
    cairo_move_to(cr, x - H(c) * 0.05, base - H(c) * 0.34);
    cairo_line_to(cr, x + H(c) * 0.05, base - H(c) * 0.34);
    cairo_line_to(cr, x + H(c) * 0.03, base - H(c) * 0.42);
    cairo_line_to(cr, x - H(c) * 0.03, base - H(c) * 0.42);
    cairo_close_path(cr);
    if (c.night()) {
      set_rgb(cr, kWindowGlow);
      cairo_fill(cr);
    } else {
      c.fill({0.95, 0.9, 0.78});
    }
  });
}

void room_near(Canvas& c, const SkyPalette&) {
  cairo_t* cr = c.cr();
  const Rgb wood{0.62, 0.44, 0.3};
  cairo_new_path(cr);
  cairo_rectangle(cr, 0, hz(c), c.period(), H(c));
  c.flat(wood);
  const double plank = H(c) * 0.045;
  for (double y = hz(c); y < H(c) * 1.05; y += plank) {
    cairo_new_path(cr);
    cairo_rectangle(cr, 0, y, c.period(), c.u() * 1.5);
    c.flat(shade(wood, 0.78));
    cairo_new_path(cr);
    const double off = c.rng().uniform(0, H(c) * 0.3);
    for (double x = off; x < c.period(); x += H(c) * 0.3) cairo_rectangle(cr, x, y, c.u() * 1.5, plank);
    c.flat(shade(wood, 0.82));
  }
  c.tiled(c.period() * 0.5, [&](double x) {
    cairo_new_path(cr);
    ellipse(cr, x, c.stage().ground - H(c) * 0.02, H(c) * 0.5, H(c) * 0.07);
    c.fill({0.75, 0.3, 0.32}, 0.85);
    cairo_new_path(cr);
    ellipse(cr, x, c.stage().ground - H(c) * 0.02, H(c) * 0.42, H(c) * 0.05);
    cairo_set_line_width(cr, c.u() * 3);
    set_rgb(cr, c.lit({0.95, 0.8, 0.5}));
    cairo_stroke(cr);
  });
}

// --- Kitchen ---

void kitchen_far(Canvas& c, const SkyPalette& sky) {
  cairo_t* cr = c.cr();
  const Rgb wall{0.95, 0.92, 0.84};
  cairo_new_path(cr);
  cairo_rectangle(cr, 0, -H(c), c.period(), hz(c) + H(c) * 2);
  c.flat(wall);
  // Tiled backsplash behind the counter.
  const double tile = H(c) * 0.04, top = hz(c) - H(c) * 0.34, bottom = hz(c) - H(c) * 0.2;
  for (double y = top; y < bottom; y += tile) {
    for (double x = 0; x < c.period(); x += tile) {
      cairo_new_path(cr);
      cairo_rectangle(cr, x + 1, y + 1, tile - 2, tile - 2);
      c.flat((static_cast<int>(x / tile) + static_cast<int>(y / tile)) % 2 ? Rgb{0.55, 0.75, 0.8}
                                                                          : Rgb{0.9, 0.95, 0.96});
    }
  }
  c.tiled(c.period() * 0.3, [&](double x) { window(c, sky, x, H(c) * 0.06, H(c) * 0.26, H(c) * 0.17, {0.9, 0.5, 0.3}); });
  // Upper cabinets.
  for (const double x0 : {c.period() * 0.5, c.period() * 0.72}) {
    c.tiled(x0, [&](double x) {
      for (int d = 0; d < 2; ++d) {
        cairo_new_path(cr);
        cairo_rectangle(cr, x + d * H(c) * 0.11, H(c) * 0.04, H(c) * 0.105, H(c) * 0.2);
        c.fill({0.42, 0.62, 0.55}, 0.8);
        cairo_new_path(cr);
        cairo_arc(cr, x + d * H(c) * 0.11 + (d ? H(c) * 0.015 : H(c) * 0.09), H(c) * 0.2, c.u() * 3, 0, kTau);
        c.flat({0.85, 0.8, 0.6});
      }
    });
  }
}

void kitchen_mid(Canvas& c, const SkyPalette&) {
  cairo_t* cr = c.cr();
  const double base = hz(c), top = kitchen_counter_top(c.stage());
  cairo_new_path(cr);
  cairo_rectangle(cr, 0, top, c.period(), base - top);
  c.fill({0.42, 0.62, 0.55}, 0.82);
  for (double x = 0; x < c.period(); x += H(c) * 0.13) {
    cairo_new_path(cr);
    cairo_rectangle(cr, x + H(c) * 0.008, top + H(c) * 0.03, H(c) * 0.114, base - top - H(c) * 0.045);
    c.fill({0.46, 0.67, 0.6}, 0.85);
    cairo_new_path(cr);
    cairo_rectangle(cr, x + H(c) * 0.05, top + H(c) * 0.05, H(c) * 0.03, c.u() * 4);
    c.flat({0.85, 0.8, 0.6});
  }
  cairo_new_path(cr);
  cairo_rectangle(cr, -1, top - H(c) * 0.02, c.period() + 2, H(c) * 0.025);
  c.fill({0.9, 0.88, 0.84});
  c.tiled(c.period() * 0.62, [&](double x) {  // stove top and a pot
    cairo_new_path(cr);
    cairo_rectangle(cr, x, top - H(c) * 0.025, H(c) * 0.22, H(c) * 0.01);
    c.fill({0.2, 0.2, 0.22});
    cairo_new_path(cr);
    rounded_rect(cr, x + H(c) * 0.05, top - H(c) * 0.1, H(c) * 0.12, H(c) * 0.075, H(c) * 0.01);
    c.fill({0.75, 0.3, 0.25});
  });
  c.tiled(c.period() * 0.9, [&](double x) {  // the fridge
    cairo_new_path(cr);
    rounded_rect(cr, x, hz(c) - H(c) * 0.46, H(c) * 0.17, H(c) * 0.46, H(c) * 0.015);
    c.fill({0.9, 0.92, 0.94}, 0.82);
    cairo_new_path(cr);
    cairo_rectangle(cr, x, hz(c) - H(c) * 0.3, H(c) * 0.17, c.u() * 2);
    cairo_rectangle(cr, x + H(c) * 0.14, hz(c) - H(c) * 0.4, c.u() * 4, H(c) * 0.07);
    c.flat({0.55, 0.57, 0.6});
  });
}

void kitchen_near(Canvas& c, const SkyPalette&) {
  cairo_t* cr = c.cr();
  const double tile = H(c) * 0.09;
  for (double y = hz(c); y < H(c) * 1.05; y += tile * 0.6) {
    for (double x = 0; x < c.period(); x += tile) {
      cairo_new_path(cr);
      cairo_rectangle(cr, x, y, tile, tile * 0.6);
      const bool dark = (static_cast<int>(x / tile) + static_cast<int>((y - hz(c)) / (tile * 0.6))) % 2 != 0;
      c.flat(dark ? Rgb{0.35, 0.36, 0.42} : Rgb{0.88, 0.86, 0.8});
    }
  }
}

}  // namespace

SettingPainter room_painter() { return {room_far, room_mid, room_near, true}; }
SettingPainter kitchen_painter() { return {kitchen_far, kitchen_mid, kitchen_near, true}; }

}  // namespace syncreel::engine
