// Small drawing helpers shared by the picture's parts: colour arithmetic, sources,
// shapes and surface allocation. Header-only; thread-safe (no state).
#pragma once

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "core/error.hpp"
#include "engine/picture/cairo_handles.hpp"
#include "engine/timeline.hpp"

namespace syncreel::engine {

inline constexpr double kPi = std::numbers::pi;
inline constexpr double kTau = 2.0 * std::numbers::pi;

inline Rgb mix(Rgb a, Rgb b, double t) {
  return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}
inline Rgb shade(Rgb c, double k) {  // k < 1 darkens, k > 1 brightens (clamped)
  return {std::clamp(c.r * k, 0.0, 1.0), std::clamp(c.g * k, 0.0, 1.0), std::clamp(c.b * k, 0.0, 1.0)};
}
inline Rgb rgb(double r, double g, double b) { return {r, g, b}; }
inline double luma(Rgb c) { return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b; }

inline void set_rgb(cairo_t* cr, Rgb c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }
inline void set_rgba(cairo_t* cr, Rgb c, double a) { cairo_set_source_rgba(cr, c.r, c.g, c.b, a); }

inline double smoothstep(double e0, double e1, double x) {
  const double t = std::clamp((x - e0) / (e1 - e0), 0.0, 1.0);
  return t * t * (3.0 - 2.0 * t);
}

inline void ellipse(cairo_t* cr, double cx, double cy, double rx, double ry) {
  cairo_save(cr);
  cairo_translate(cr, cx, cy);
  cairo_scale(cr, rx, ry);
  cairo_new_sub_path(cr);
  cairo_arc(cr, 0, 0, 1, 0, kTau);
  cairo_restore(cr);
}

inline void rounded_rect(cairo_t* cr, double x, double y, double w, double h, double r) {
  r = std::min({r, w / 2, h / 2});
  cairo_new_sub_path(cr);
  cairo_arc(cr, x + w - r, y + r, r, -kPi / 2, 0);
  cairo_arc(cr, x + w - r, y + h - r, r, 0, kPi / 2);
  cairo_arc(cr, x + r, y + h - r, r, kPi / 2, kPi);
  cairo_arc(cr, x + r, y + r, r, kPi, 1.5 * kPi);
  cairo_close_path(cr);
}

// A vertical linear gradient from `top` at y0 to `bottom` at y1 as the source.
inline void set_vertical_gradient(cairo_t* cr, double y0, double y1, Rgb top, Rgb bottom) {
  CairoPatternPtr p(cairo_pattern_create_linear(0, y0, 0, y1));
  cairo_pattern_add_color_stop_rgb(p.get(), 0, top.r, top.g, top.b);
  cairo_pattern_add_color_stop_rgb(p.get(), 1, bottom.r, bottom.g, bottom.b);
  cairo_set_source(cr, p.get());  // the context keeps its own reference
}

// A new ARGB32 surface, cleared to transparent. Errors: internal (allocation failed).
inline Result<CairoSurfacePtr> make_surface(int width, int height) {
  CairoSurfacePtr s(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, std::max(width, 1), std::max(height, 1)));
  if (cairo_surface_status(s.get()) != CAIRO_STATUS_SUCCESS) {
    return fail(Error::internal("cairo could not allocate a " + std::to_string(width) + "x" +
                                std::to_string(height) + " surface"));
  }
  return s;
}

inline Result<CairoContextPtr> make_context(cairo_surface_t* surface) {
  CairoContextPtr cr(cairo_create(surface));
  if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) return fail(Error::internal("cairo could not create a context"));
  return cr;
}

inline Result<void> cairo_ok(cairo_t* cr, const char* what) {
  if (const cairo_status_t s = cairo_status(cr); s != CAIRO_STATUS_SUCCESS) {
    return fail(Error::internal(std::string(what) + ": " + cairo_status_to_string(s)));
  }
  return {};
}

}  // namespace syncreel::engine
