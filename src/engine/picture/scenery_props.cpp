#include "engine/picture/scenery_props.hpp"

#include <algorithm>
#include <cmath>

#include "engine/picture/paint.hpp"

namespace syncreel::engine {

std::vector<double> spread(Canvas& c, int count, double jitter) {
  std::vector<double> xs;
  const double gap = c.period() / std::max(1, count);
  for (int i = 0; i < count; ++i) xs.push_back(gap * (i + 0.5 + c.rng().uniform(-jitter, jitter)));
  return xs;
}

void pine(Canvas& c, double x, double base, double h, Rgb colour, bool snow) {
  cairo_t* cr = c.cr();
  const double w = h * 0.42;
  cairo_new_path(cr);
  cairo_rectangle(cr, x - w * 0.07, base - h * 0.16, w * 0.14, h * 0.17);
  c.fill({0.36, 0.24, 0.16});
  for (int tier = 0; tier < 3; ++tier) {
    const double top = base - h * (0.55 + 0.2 * tier) - h * 0.25;
    const double bottom = base - h * (0.12 + 0.24 * tier);
    const double half = w * (0.5 - 0.12 * tier);
    cairo_new_path(cr);
    cairo_move_to(cr, x, top);
    cairo_curve_to(cr, x + half * 0.4, top + (bottom - top) * 0.5, x + half * 0.8, bottom - h * 0.04, x + half, bottom);
    cairo_curve_to(cr, x + half * 0.3, bottom + h * 0.03, x - half * 0.3, bottom + h * 0.03, x - half, bottom);
    cairo_curve_to(cr, x - half * 0.8, bottom - h * 0.04, x - half * 0.4, top + (bottom - top) * 0.5, x, top);
    c.fill(colour, 0.7);
    if (snow) {
      cairo_new_path(cr);
      cairo_move_to(cr, x, top);
      cairo_line_to(cr, x + half * 0.45, top + (bottom - top) * 0.45);
      cairo_curve_to(cr, x + half * 0.2, top + (bottom - top) * 0.55, x - half * 0.2, top + (bottom - top) * 0.4,
                     x - half * 0.45, top + (bottom - top) * 0.45);
      cairo_close_path(cr);
      c.fill({0.96, 0.97, 1.0}, 0.85);
    }
  }
}

void round_tree(Canvas& c, double x, double base, double h, Rgb colour) {
  cairo_t* cr = c.cr();
  cairo_new_path(cr);
  cairo_move_to(cr, x - h * 0.05, base);
  cairo_line_to(cr, x - h * 0.03, base - h * 0.5);
  cairo_line_to(cr, x + h * 0.03, base - h * 0.5);
  cairo_line_to(cr, x + h * 0.05, base);
  cairo_close_path(cr);
  c.fill({0.4, 0.27, 0.17});
  cairo_new_path(cr);
  const double cy = base - h * 0.68, r = h * 0.26;
  for (const auto& [dx, dy, k] : {std::tuple{0.0, -0.35, 1.0}, {-0.55, 0.1, 0.85}, {0.55, 0.1, 0.85},
                                  {-0.25, 0.35, 0.8}, {0.3, 0.32, 0.8}}) {
    cairo_new_sub_path(cr);
    cairo_arc(cr, x + dx * r, cy + dy * r, r * k, 0, kTau);
  }
  c.fill(colour, 0.72);
}

void palm(Canvas& c, double x, double base, double h, double lean, std::uint64_t salt) {
  cairo_t* cr = c.cr();
  SeedStream rng(salt);
  const double tx = x + lean * h * 0.35, ty = base - h;
  cairo_new_path(cr);
  cairo_move_to(cr, x - h * 0.04, base);
  cairo_curve_to(cr, x - h * 0.03, base - h * 0.5, tx - h * 0.05, ty + h * 0.3, tx - h * 0.02, ty);
  cairo_line_to(cr, tx + h * 0.02, ty);
  cairo_curve_to(cr, tx + h * 0.0, ty + h * 0.3, x + h * 0.04, base - h * 0.5, x + h * 0.04, base);
  cairo_close_path(cr);
  c.fill({0.55, 0.4, 0.26});
  for (int i = 0; i < 6; ++i) {
    const double a = -kPi * (0.05 + 0.9 * i / 5.0);
    const double len = h * rng.uniform(0.42, 0.55);
    const double ex = tx + std::cos(a) * len, ey = ty + std::sin(a) * len * 0.45 + len * 0.35;
    cairo_new_path(cr);
    cairo_move_to(cr, tx, ty);
    cairo_curve_to(cr, tx + std::cos(a) * len * 0.5, ty - len * 0.25, ex, ey - len * 0.2, ex, ey);
    cairo_curve_to(cr, ex - std::cos(a) * len * 0.2, ey - len * 0.15, tx + std::cos(a) * len * 0.4, ty - len * 0.05,
                   tx, ty);
    c.fill({0.2, 0.55, 0.25}, 0.7);
  }
}

void cactus(Canvas& c, double x, double base, double h, std::uint64_t salt) {
  cairo_t* cr = c.cr();
  SeedStream rng(salt);
  const double w = h * 0.16;
  cairo_new_path(cr);
  rounded_rect(cr, x - w / 2, base - h, w, h, w / 2);
  const double arm_y = base - h * rng.uniform(0.45, 0.6);
  cairo_new_sub_path(cr);
  rounded_rect(cr, x - w * 1.6, arm_y - h * 0.3, w * 0.75, h * 0.34, w * 0.37);
  cairo_new_sub_path(cr);
  rounded_rect(cr, x - w * 1.6, arm_y - w * 0.35, w * 1.4, w * 0.7, w * 0.35);
  cairo_new_sub_path(cr);
  rounded_rect(cr, x + w * 0.85, arm_y - h * 0.42, w * 0.75, h * 0.38, w * 0.37);
  cairo_new_sub_path(cr);
  rounded_rect(cr, x + w * 0.2, arm_y - h * 0.1 - w * 0.35, w * 1.4, w * 0.7, w * 0.35);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
  c.fill({0.3, 0.56, 0.3}, 0.7);
}

void rock(Canvas& c, double x, double base, double r, Rgb colour) {
  cairo_t* cr = c.cr();
  cairo_new_path(cr);
  cairo_move_to(cr, x - r, base);
  cairo_curve_to(cr, x - r, base - r * 0.8, x - r * 0.3, base - r * 1.05, x + r * 0.2, base - r * 0.95);
  cairo_curve_to(cr, x + r * 0.8, base - r * 0.8, x + r * 1.05, base - r * 0.3, x + r, base);
  cairo_close_path(cr);
  c.fill(colour, 0.68);
}

void grass(Canvas& c, double y0, double y1, int count, Rgb colour) {
  cairo_t* cr = c.cr();
  cairo_new_path(cr);
  for (int i = 0; i < count; ++i) {
    const double x = c.rng().uniform(0, c.period()), y = c.rng().uniform(y0, y1);
    const double h = c.u() * (6 + 10 * (y - y0) / std::max(1.0, y1 - y0)) * c.rng().uniform(0.7, 1.3);
    c.tiled(x, [&](double tx) {
      for (int b = -1; b <= 1; ++b) {
        cairo_move_to(cr, tx + b * h * 0.18, y);
        cairo_line_to(cr, tx + b * h * 0.35, y - h * (b == 0 ? 1.0 : 0.75));
        cairo_line_to(cr, tx + b * h * 0.18 + h * 0.12, y);
      }
    });
  }
  c.flat(colour, 0.85);
}

void flowers(Canvas& c, double y0, double y1, int count) {
  cairo_t* cr = c.cr();
  constexpr Rgb kPetals[] = {{0.98, 0.85, 0.2}, {0.95, 0.4, 0.5}, {1, 1, 1}, {0.65, 0.45, 0.9}};
  for (int i = 0; i < count; ++i) {
    const double x = c.rng().uniform(0, c.period()), y = c.rng().uniform(y0, y1);
    const double r = c.u() * (2.0 + 2.5 * (y - y0) / std::max(1.0, y1 - y0));
    const Rgb petal = kPetals[c.rng().between(0, 3)];
    c.tiled(x, [&](double tx) {
      cairo_new_path(cr);
      for (int p = 0; p < 5; ++p) {
        cairo_new_sub_path(cr);
        cairo_arc(cr, tx + std::cos(p * kTau / 5) * r, y + std::sin(p * kTau / 5) * r, r * 0.75, 0, kTau);
      }
      c.flat(petal);
      cairo_new_path(cr);
      cairo_arc(cr, tx, y, r * 0.55, 0, kTau);
      c.flat({0.98, 0.75, 0.2});
    });
  }
}

void fence(Canvas& c, double base, double h, Rgb colour) {
  cairo_t* cr = c.cr();
  const int posts = std::max(4, static_cast<int>(c.period() / (h * 1.6)));
  const double gap = c.period() / posts;
  cairo_new_path(cr);
  for (const double y : {base - h * 0.75, base - h * 0.35}) {
    cairo_rectangle(cr, -1, y, c.period() + 2, h * 0.1);
  }
  c.fill(colour, 0.75);
  for (int i = 0; i < posts; ++i) {
    cairo_new_path(cr);
    const double x = gap * (i + 0.5);
    cairo_move_to(cr, x - h * 0.06, base);
    cairo_line_to(cr, x - h * 0.06, base - h * 0.9);
    cairo_line_to(cr, x, base - h);
    cairo_line_to(cr, x + h * 0.06, base - h * 0.9);
    cairo_line_to(cr, x + h * 0.06, base);
    cairo_close_path(cr);
    c.fill(colour, 0.75);
  }
}

}  // namespace syncreel::engine
