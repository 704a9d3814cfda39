#include <algorithm>
#include <cmath>

#include "engine/picture/figure.hpp"
#include "engine/picture/paint.hpp"

namespace syncreel::engine {
namespace {

using Face = HeadFrame;

Face face_of(const Pose& pose, const Skeleton& k) {
  return {k.head, k.head_radius, k.head.x + pose.head_turn * 0.42 * k.head_radius, pose.head_turn};
}

// The cap of hair over the skull, with a fringe line at `fringe` (head-radius units
// above the centre); shifted opposite to the face when the head turns.
void hair_cap(cairo_t* cr, const Face& f, double fringe, double wave) {
  const double cx = f.c.x - f.turn * 0.12 * f.r;
  const double r = f.r * 1.08;
  cairo_new_path(cr);
  cairo_move_to(cr, cx - r, f.c.y + 0.05 * f.r);
  cairo_curve_to(cr, cx - r * 1.05, f.c.y - r * 1.35, cx + r * 1.05, f.c.y - r * 1.35, cx + r, f.c.y + 0.05 * f.r);
  // Fringe: a few scallops across the forehead.
  constexpr int kScallops = 4;
  const double y = f.c.y - fringe * f.r;
  for (int i = kScallops; i > 0; --i) {
    const double xa = cx + r - 2 * r * (kScallops - i + 1) / kScallops;
    const double xm = xa + r / kScallops;
    cairo_curve_to(cr, xm + 0.2 * r / kScallops, y + wave * f.r, xm - 0.2 * r / kScallops, y + wave * f.r, xa,
                   y - 0.02 * f.r);
  }
  cairo_close_path(cr);
}

// Both eyes at once: each part (whites, irises, pupils, lights, lids) is one path for
// the pair, since Cairo's cost is mostly per call.
void eyes(cairo_t* cr, const FigureLook& fl, const StyleLook& look, const Pose& pose, const Point (&at)[2], double r) {
  const double open = pose.eye_open;
  const double scale = look.eye_scale;
  const Rgb dark{0.08, 0.06, 0.08};
  const double rx = (look.style == Style::cartoon ? 0.16 : 0.15) * r * scale;
  const double ry = (look.style == Style::cartoon ? 0.2 : look.style == Style::anime ? 0.2 : 0.125) * r * scale;
  const double sides[2] = {-1.0, 1.0};
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  if (open < 0.15) {
    // Shut: a lid line curving down.
    cairo_new_path(cr);
    for (const Point& e : at) {
      cairo_move_to(cr, e.x - rx, e.y);
      cairo_curve_to(cr, e.x - rx * 0.4, e.y + ry * 0.55, e.x + rx * 0.4, e.y + ry * 0.55, e.x + rx, e.y);
    }
    set_rgb(cr, dark);
    cairo_set_line_width(cr, 0.045 * r);
    cairo_stroke(cr);
    return;
  }
  const double h = ry * open;
  cairo_new_path(cr);
  for (const Point& e : at) ellipse(cr, e.x, e.y, rx, h);
  set_rgb(cr, {0.98, 0.98, 0.97});
  cairo_fill(cr);
  // Iris and pupil sized to stay inside the white, so no clip is needed.
  const double ir = look.style == Style::cartoon ? rx * 0.55 : look.style == Style::anime ? rx * 0.72 : rx * 0.6;
  const double iry = std::min(look.style == Style::anime ? ry * 0.8 : ir, h * 0.92);
  const double dy = look.style == Style::anime ? h * 0.06 : 0.0;
  const auto centre = [&](const Point& e) { return Point{e.x + pose.look * rx * 0.3, e.y + dy}; };
  cairo_new_path(cr);
  for (const Point& e : at) ellipse(cr, centre(e).x, centre(e).y, ir, iry);
  set_rgb(cr, look.style == Style::cartoon ? dark : fl.iris);
  cairo_fill(cr);
  if (look.style != Style::cartoon) {
    cairo_new_path(cr);
    for (const Point& e : at) ellipse(cr, centre(e).x, centre(e).y, ir * 0.5, iry * 0.5);
    set_rgb(cr, dark);
    cairo_fill(cr);
  }
  // Catch-lights make eyes look alive.
  cairo_new_path(cr);
  for (const Point& e : at) {
    const Point c = centre(e);
    cairo_new_sub_path(cr);
    cairo_arc(cr, c.x - ir * 0.35, e.y - iry * 0.35, ir * 0.28, 0, kTau);
    if (look.style == Style::anime) {
      cairo_new_sub_path(cr);
      cairo_arc(cr, c.x + ir * 0.3, e.y + iry * 0.4, ir * 0.14, 0, kTau);
    }
  }
  cairo_set_source_rgba(cr, 1, 1, 1, 0.95);
  cairo_fill(cr);
  // Upper lid line: heavier for anime and for her lashes.
  cairo_new_path(cr);
  for (int i = 0; i < 2; ++i) {
    cairo_new_sub_path(cr);
    cairo_arc(cr, at[i].x, at[i].y + h * 0.2, rx * 1.02, kPi * 1.08, kPi * 1.92);
    if (fl.gender == Gender::female) cairo_line_to(cr, at[i].x + sides[i] * rx * 1.25, at[i].y - h * 0.55);
  }
  set_rgb(cr, dark);
  cairo_set_line_width(cr, (look.style == Style::anime || fl.gender == Gender::female ? 0.07 : 0.045) * r);
  cairo_stroke(cr);
}

void brows(cairo_t* cr, const FigureLook& fl, const Pose& pose, const Point (&at)[2], double r) {
  cairo_new_path(cr);
  for (int i = 0; i < 2; ++i) {
    // The inner end is toward the face centre: it rises when worried, drops when cross.
    const double side = i == 0 ? -1.0 : 1.0;
    const double inner_x = at[i].x - side * 0.11 * r, outer_x = at[i].x + side * 0.16 * r;
    const double y = at[i].y - 0.3 * r;
    cairo_move_to(cr, inner_x, y + 0.07 * r * pose.brow);
    cairo_curve_to(cr, inner_x + side * 0.1 * r, y - 0.05 * r, outer_x - side * 0.05 * r, y - 0.06 * r, outer_x,
                   y - 0.02 * r * pose.brow + 0.02 * r);
  }
  set_rgb(cr, shade(fl.hair_shadow, 0.8));
  cairo_set_line_width(cr, (fl.gender == Gender::male ? 0.06 : 0.045) * r);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  cairo_stroke(cr);
}

}  // namespace

void draw_back_hair(cairo_t* cr, const FigureLook& f, const StyleLook& look, const Pose& pose, const Skeleton& k) {
  const Face face = face_of(pose, k);
  const double r = face.r;
  const double cx = face.c.x - face.turn * 0.15 * r;
  cairo_new_path(cr);
  switch (f.hair_style) {
    case HairStyle::long_straight: {
      const double bottom = face.c.y + 2.3 * r;
      const double sway = pose.sway * 0.6 + pose.lean * 0.3;
      cairo_move_to(cr, cx - 1.12 * r, face.c.y - 0.2 * r);
      cairo_curve_to(cr, cx - 1.25 * r, face.c.y - 1.55 * r, cx + 1.25 * r, face.c.y - 1.55 * r, cx + 1.12 * r,
                     face.c.y - 0.2 * r);
      cairo_curve_to(cr, cx + 1.22 * r, face.c.y + r, cx + 1.2 * r - sway, bottom - 0.3 * r, cx + 1.0 * r - sway,
                     bottom);
      cairo_curve_to(cr, cx + 0.4 * r, bottom + 0.15 * r, cx - 0.4 * r, bottom + 0.15 * r, cx - 1.0 * r - sway,
                     bottom);
      cairo_curve_to(cr, cx - 1.2 * r - sway, bottom - 0.3 * r, cx - 1.22 * r, face.c.y + r, cx - 1.12 * r,
                     face.c.y - 0.2 * r);
      break;
    }
    case HairStyle::bob:
      cairo_move_to(cr, cx - 1.16 * r, face.c.y + 0.95 * r);
      cairo_curve_to(cr, cx - 1.45 * r, face.c.y - 1.5 * r, cx + 1.45 * r, face.c.y - 1.5 * r, cx + 1.16 * r,
                     face.c.y + 0.95 * r);
      cairo_curve_to(cr, cx + 0.6 * r, face.c.y + 1.12 * r, cx - 0.6 * r, face.c.y + 1.12 * r, cx - 1.16 * r,
                     face.c.y + 0.95 * r);
      break;
    case HairStyle::ponytail: {
      // The tail hangs from the back of the head and swings against the motion.
      const double swing = -pose.lean * 1.5 - pose.sway * 3 - pose.head_turn * 0.3;
      const double side = pose.head_turn >= 0 ? -1.0 : 1.0;
      const Point root{cx + side * 0.85 * r, face.c.y - 0.55 * r};
      const Point tip{root.x + side * 0.35 * r + swing * r, root.y + 1.9 * r};
      cairo_move_to(cr, root.x - 0.3 * r, root.y);
      cairo_curve_to(cr, root.x + side * 0.9 * r, root.y + 0.2 * r, tip.x + 0.2 * r, tip.y - 0.6 * r, tip.x, tip.y);
      cairo_curve_to(cr, tip.x - 0.3 * r, tip.y - 0.7 * r, root.x - side * 0.2 * r, root.y + 0.6 * r, root.x - 0.3 * r,
                     root.y);
      break;
    }
    case HairStyle::bun:
      cairo_arc(cr, cx, face.c.y - 1.12 * r, 0.42 * r, 0, kTau);
      break;
    case HairStyle::short_crop:
    case HairStyle::quiff:
    case HairStyle::curly:
    case HairStyle::spiky:
      return;
  }
  paint_shape(cr, look, f.hair, f.hair_shadow);
}

void draw_head_base(cairo_t* cr, const FigureLook& f, const StyleLook& look, const Face& face) {
  const double r = face.r;
  // Ears on the sides, the far one hidden as the head turns.
  for (const double side : {-1.0, 1.0}) {
    if (side * face.turn < -0.35) continue;
    cairo_new_path(cr);
    ellipse(cr, face.c.x + side * r * (0.98 - 0.15 * std::abs(face.turn)), face.c.y + 0.12 * r, 0.2 * r, 0.26 * r);
    paint_shape(cr, look, f.skin, f.skin_shadow);
  }
  // The face: a soft egg, wider at the cheeks.
  cairo_new_path(cr);
  const double jaw = face.c.y + 1.1 * r;
  cairo_move_to(cr, face.c.x - r, face.c.y);
  cairo_curve_to(cr, face.c.x - r, face.c.y - 1.38 * r, face.c.x + r, face.c.y - 1.38 * r, face.c.x + r, face.c.y);
  cairo_curve_to(cr, face.c.x + r, face.c.y + 0.62 * r, face.fx + 0.45 * r, jaw, face.fx, jaw);
  cairo_curve_to(cr, face.fx - 0.45 * r, jaw, face.c.x - r, face.c.y + 0.62 * r, face.c.x - r, face.c.y);
  cairo_close_path(cr);
  paint_shape(cr, look, f.skin, f.skin_shadow);
  if (look.style == Style::anime || look.style == Style::cartoon) {
    for (const double side : {-1.0, 1.0}) {
      cairo_new_path(cr);
      ellipse(cr, face.fx + side * 0.55 * r, face.c.y + 0.42 * r, 0.16 * r, 0.08 * r);
      set_rgba(cr, f.blush, 0.45);
      cairo_fill(cr);
    }
  }
  // Nose: a hint, pointing where the head turns.
  cairo_new_path(cr);
  cairo_move_to(cr, face.fx + 0.02 * r, face.c.y + 0.3 * r);
  cairo_curve_to(cr, face.fx + (0.06 + 0.1 * face.turn) * r, face.c.y + 0.4 * r, face.fx + 0.05 * r,
                 face.c.y + 0.47 * r, face.fx - 0.04 * r, face.c.y + 0.46 * r);
  set_rgba(cr, shade(f.skin_shadow, 0.8), 0.9);
  cairo_set_line_width(cr, 0.04 * r);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  cairo_stroke(cr);
  switch (f.hair_style) {
    case HairStyle::long_straight:
    case HairStyle::bob:
      hair_cap(cr, face, 0.38, 0.16);
      break;
    case HairStyle::ponytail:
    case HairStyle::bun:
      hair_cap(cr, face, 0.52, 0.1);
      break;
    case HairStyle::short_crop:
      hair_cap(cr, face, 0.5, 0.06);
      break;
    case HairStyle::quiff:
      hair_cap(cr, face, 0.48, 0.05);
      cairo_new_sub_path(cr);
      ellipse(cr, face.c.x - face.turn * 0.1 * r + 0.2 * r, face.c.y - 1.05 * r, 0.62 * r, 0.3 * r);
      break;
    case HairStyle::curly:
      cairo_new_path(cr);
      for (int i = 0; i < 7; ++i) {
        const double a = kPi * (1.05 + 0.9 * i / 6.0);
        cairo_new_sub_path(cr);
        cairo_arc(cr, face.c.x - face.turn * 0.1 * r + std::cos(a) * 0.92 * r, face.c.y + std::sin(a) * 0.92 * r,
                  0.34 * r, 0, kTau);
      }
      break;
    case HairStyle::spiky:
      hair_cap(cr, face, 0.45, 0.12);
      for (int i = 0; i < 5; ++i) {
        const double a = kPi * (1.12 + 0.76 * i / 4.0);
        const double bx = face.c.x - face.turn * 0.1 * r;
        cairo_new_sub_path(cr);
        cairo_move_to(cr, bx + std::cos(a - 0.28) * r, face.c.y + std::sin(a - 0.28) * r);
        cairo_line_to(cr, bx + std::cos(a) * 1.55 * r, face.c.y + std::sin(a) * 1.55 * r);
        cairo_line_to(cr, bx + std::cos(a + 0.28) * r, face.c.y + std::sin(a + 0.28) * r);
        cairo_close_path(cr);
      }
      break;
  }
  paint_shape(cr, look, f.hair, f.hair_shadow);
}

namespace {

// Eyes, brows and mouth: what blinks, looks and speaks, drawn every frame.
void draw_features(cairo_t* cr, const FigureLook& f, const StyleLook& look, const Pose& pose, const Face& face) {
  const double r = face.r;
  const double spread = 0.38 * r;
  const double eye_y = face.c.y + 0.12 * r;
  // The eye on the far side of the turn comes closer to the centre line.
  const auto squeeze = [&](double side) { return 1.0 - 0.3 * std::max(0.0, -side * face.turn); };
  const Point at[2] = {{face.fx - spread * squeeze(-1.0), eye_y}, {face.fx + spread * squeeze(1.0), eye_y}};
  eyes(cr, f, look, pose, at, r);
  brows(cr, f, pose, at, r);
  draw_mouth(cr, f, look, pose, {face.fx, face.c.y + 0.7 * r}, r);
}

}  // namespace

void draw_head(cairo_t* cr, const FigureLook& f, const StyleLook& look, const Pose& pose, const Skeleton& k,
               FigureSprites* sprites) {
  const int turn_step = static_cast<int>(std::lround(pose.head_turn / FigureSprites::kTurnStep));
  const int tilt_step =
      static_cast<int>(std::lround((pose.head_tilt + pose.lean * 0.5) / FigureSprites::kTiltStep));
  const double turn = turn_step * FigureSprites::kTurnStep;
  const Face face{k.head, k.head_radius, k.head.x + turn * 0.42 * k.head_radius, turn};
  const FigureSprites::Sprite* sprite = sprites != nullptr ? sprites->head(f, look, turn_step, tilt_step) : nullptr;
  CairoSaved saved(cr);
  if (sprite != nullptr) paint_sprite(cr, *sprite, k.head, sprites->scale());
  cairo_translate(cr, k.head.x, k.head.y);
  cairo_rotate(cr, tilt_step * FigureSprites::kTiltStep);
  cairo_translate(cr, -k.head.x, -k.head.y);
  if (sprite == nullptr) draw_head_base(cr, f, look, face);
  draw_features(cr, f, look, pose, face);
}

}  // namespace syncreel::engine
