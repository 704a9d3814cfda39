// Mouth shapes, one per viseme. Each must read at a glance at 360p, so they differ in
// size and silhouette, not only in detail: closed line, pressed lips, teeth on lip,
// wide grin, wide open, round, small round, tongue up.
#include <algorithm>
#include <cmath>

#include "engine/picture/figure.hpp"
#include "engine/picture/paint.hpp"

namespace syncreel::engine {
namespace {

constexpr Rgb kInside{0.32, 0.08, 0.1};
constexpr Rgb kTeeth{0.98, 0.97, 0.94};
constexpr Rgb kTongue{0.88, 0.42, 0.45};

// An opening of half-size (rx, ry) with rounded top and fuller bottom.
void opening(cairo_t* cr, Point at, double rx, double ry) {
  cairo_new_path(cr);
  cairo_move_to(cr, at.x - rx, at.y);
  cairo_curve_to(cr, at.x - rx, at.y - ry * 0.9, at.x + rx, at.y - ry * 0.9, at.x + rx, at.y);
  cairo_curve_to(cr, at.x + rx, at.y + ry * 1.25, at.x - rx, at.y + ry * 1.25, at.x - rx, at.y);
  cairo_close_path(cr);
}

// Fills the opening, lets `inside` draw teeth and tongue clipped to it, then rims it.
template <class Inside>
void open_mouth(cairo_t* cr, const FigureLook& f, const StyleLook& look, Point at, double rx, double ry, double lip,
                Inside inside) {
  opening(cr, at, rx, ry);
  set_rgb(cr, kInside);
  cairo_fill_preserve(cr);
  {
    CairoSaved saved(cr);
    cairo_clip_preserve(cr);
    inside();
  }
  opening(cr, at, rx, ry);
  set_rgb(cr, look.ink_black ? Rgb{0.05, 0.04, 0.05} : shade(f.lips, 0.8));
  cairo_set_line_width(cr, lip);
  cairo_stroke(cr);
}

void band(cairo_t* cr, double x, double y, double w, double h, Rgb c) {
  cairo_new_path(cr);
  cairo_rectangle(cr, x, y, w, h);
  set_rgb(cr, c);
  cairo_fill(cr);
}

}  // namespace

void draw_mouth(cairo_t* cr, const FigureLook& f, const StyleLook& look, const Pose& pose, Point at, double r) {
  const double w = 0.5 * r;  // mouth width at rest
  const double lip = std::max(0.05 * r, ink_width(look) * 0.8);
  const Rgb line = look.ink_black ? Rgb{0.05, 0.04, 0.05} : shade(f.lips, 0.62);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  switch (pose.mouth) {
    case Viseme::rest: {
      const double curve = pose.smile * 0.22 * w;
      cairo_new_path(cr);
      cairo_move_to(cr, at.x - 0.42 * w, at.y - curve * 0.4);
      cairo_curve_to(cr, at.x - 0.2 * w, at.y + curve, at.x + 0.2 * w, at.y + curve, at.x + 0.42 * w,
                     at.y - curve * 0.4);
      set_rgb(cr, line);
      cairo_set_line_width(cr, lip * 1.1);
      cairo_stroke(cr);
      break;
    }
    case Viseme::mbp: {
      // Lips pressed together: a full pink band with a dark seam, no opening.
      cairo_new_path(cr);
      ellipse(cr, at.x, at.y, 0.4 * w, 0.13 * w);
      set_rgb(cr, f.lips);
      cairo_fill(cr);
      cairo_new_path(cr);
      cairo_move_to(cr, at.x - 0.4 * w, at.y);
      cairo_line_to(cr, at.x + 0.4 * w, at.y);
      set_rgb(cr, line);
      cairo_set_line_width(cr, lip * 1.3);
      cairo_stroke(cr);
      break;
    }
    case Viseme::fv:
      // Upper teeth resting on the lower lip.
      open_mouth(cr, f, look, at, 0.36 * w, 0.2 * w, lip, [&] {
        band(cr, at.x - w, at.y - w, 2 * w, w + 0.05 * w, kTeeth);
      });
      cairo_new_path(cr);
      ellipse(cr, at.x, at.y + 0.14 * w, 0.34 * w, 0.1 * w);
      set_rgb(cr, f.lips);
      cairo_fill(cr);
      break;
    case Viseme::ee:
      // Wide and flat, both rows of teeth showing.
      open_mouth(cr, f, look, at, 0.56 * w, 0.16 * w, lip, [&] {
        band(cr, at.x - w, at.y - w, 2 * w, w - 0.02 * w, kTeeth);
        band(cr, at.x - w, at.y + 0.07 * w, 2 * w, w, kTeeth);
      });
      break;
    case Viseme::aa:
      // Wide open: dark inside, tongue at the bottom, a strip of upper teeth.
      open_mouth(cr, f, look, at, 0.44 * w, 0.46 * w, lip, [&] {
        band(cr, at.x - w, at.y - w, 2 * w, 0.8 * w, kTeeth);
        cairo_new_path(cr);
        ellipse(cr, at.x, at.y + 0.46 * w, 0.32 * w, 0.2 * w);
        set_rgb(cr, kTongue);
        cairo_fill(cr);
      });
      break;
    case Viseme::oh:
      open_mouth(cr, f, look, at, 0.27 * w, 0.34 * w, lip * 1.5, [] {});
      break;
    case Viseme::oo: {
      // A small pucker: thick round lips around a small hole.
      cairo_new_path(cr);
      cairo_arc(cr, at.x, at.y, 0.22 * w, 0, kTau);
      set_rgb(cr, f.lips);
      cairo_fill(cr);
      cairo_new_path(cr);
      ellipse(cr, at.x, at.y, 0.09 * w, 0.11 * w);
      set_rgb(cr, kInside);
      cairo_fill(cr);
      cairo_new_path(cr);
      cairo_arc(cr, at.x, at.y, 0.22 * w, 0, kTau);
      set_rgb(cr, line);
      cairo_set_line_width(cr, lip * 0.8);
      cairo_stroke(cr);
      break;
    }
    case Viseme::l:
      // Open, the tongue tip raised behind the upper teeth.
      open_mouth(cr, f, look, at, 0.38 * w, 0.28 * w, lip, [&] {
        band(cr, at.x - w, at.y - w, 2 * w, w - 0.14 * w, kTeeth);
        cairo_new_path(cr);
        ellipse(cr, at.x, at.y - 0.02 * w, 0.16 * w, 0.17 * w);
        set_rgb(cr, kTongue);
        cairo_fill(cr);
      });
      break;
  }
}

}  // namespace syncreel::engine
