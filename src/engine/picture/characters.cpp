#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "engine/picture/figure.hpp"
#include "engine/picture/paint.hpp"
#include "engine/plan/seed_hash.hpp"

namespace syncreel::engine {
namespace {

constexpr double kLegWidth = 0.088;
constexpr double kBareLegWidth = 0.062;
constexpr double kUpperArmWidth = 0.07;
constexpr double kForearmWidth = 0.056;
constexpr double kHandRadius = 0.034;

constexpr std::array<Rgb, 5> kTrousers = {{{0.20, 0.28, 0.46}, {0.22, 0.22, 0.25}, {0.55, 0.47, 0.34},
                                           {0.30, 0.36, 0.28}, {0.15, 0.15, 0.18}}};
constexpr std::array<Rgb, 4> kIris = {{{0.36, 0.22, 0.12}, {0.22, 0.45, 0.72}, {0.28, 0.52, 0.32}, {0.18, 0.12, 0.08}}};

using Segment = std::array<Point, 3>;  // up to three joints; a two-joint limb repeats its last

// Limbs of one colour and width as thick strokes, inked by a wider stroke under them.
// All of them go in one path: Cairo's cost is mostly per call, not per pixel.
void limbs(cairo_t* cr, const StyleLook& look, const std::vector<Segment>& segments, double width, Rgb colour) {
  if (segments.empty()) return;
  const auto trace = [&] {
    for (const Segment& s : segments) {
      cairo_move_to(cr, s[0].x, s[0].y);
      cairo_line_to(cr, s[1].x, s[1].y);
      if (s[2].x != s[1].x || s[2].y != s[1].y) cairo_line_to(cr, s[2].x, s[2].y);
    }
  };
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  if (look.ink > 0) {  // soft looks leave limbs un-inked: the colour edge is enough
    trace();
    set_rgb(cr, ink_colour(look, colour));
    cairo_set_line_width(cr, width + 2 * ink_width(look));
    cairo_stroke(cr);
  }
  trace();
  set_rgb(cr, colour);
  cairo_set_line_width(cr, width);
  cairo_stroke(cr);
}

// Small shapes (hands, shoes) get ink but no shading: a shadow a few pixels wide does
// not read, and it would double their cost.
void small_shapes(cairo_t* cr, const StyleLook& look, Rgb colour) {
  StyleLook flat = look;
  flat.shading = Shading::flat;
  paint_shape(cr, flat, colour, colour, look.ink > 0 ? ink_width(look) : 0.0);
}

void draw_legs(cairo_t* cr, const StyleLook& look, const FigureLook& f, const Skeleton& k,
               std::initializer_list<std::size_t> which, double dim, double facing) {
  const bool bare = f.skirt;
  std::vector<Segment> legs;
  for (const std::size_t i : which) legs.push_back({k.hip_joint[i], k.knee[i], k.foot[i]});
  limbs(cr, look, legs, bare ? kBareLegWidth : kLegWidth, shade(bare ? f.skin : f.bottom, dim));
  cairo_new_path(cr);
  for (const std::size_t i : which) {
    ellipse(cr, k.foot[i].x + 0.022 * facing, k.foot[i].y - 0.012, 0.05 + 0.012 * std::abs(facing), 0.026);
  }
  small_shapes(cr, look, shade(f.shoes, dim));
}

void draw_arms(cairo_t* cr, const StyleLook& look, const FigureLook& f, const Skeleton& k,
               std::initializer_list<std::size_t> which, double dim) {
  std::vector<Segment> fore, upper;
  for (const std::size_t i : which) {
    fore.push_back({k.elbow[i], k.hand[i], k.hand[i]});
    upper.push_back({k.shoulder[i], k.elbow[i], k.elbow[i]});
  }
  limbs(cr, look, fore, kForearmWidth, shade(f.long_sleeves ? f.top : f.skin, dim));
  limbs(cr, look, upper, kUpperArmWidth, shade(f.top, dim));
  // A bare forearm's round end already reads as a hand; a sleeve needs one drawn.
  if (!f.long_sleeves && look.ink <= 0) return;
  cairo_new_path(cr);
  for (const std::size_t i : which) {
    cairo_new_sub_path(cr);
    cairo_arc(cr, k.hand[i].x, k.hand[i].y, kHandRadius, 0, kTau);
  }
  small_shapes(cr, look, shade(f.skin, dim));
}

}  // namespace

void draw_torso(cairo_t* cr, const StyleLook& look, const FigureLook& f, const Pose& pose, const Skeleton& k) {
  const Point ls = k.shoulder[0], rs = k.shoulder[1];
  const double side_view = std::abs(pose.facing);
  const double waist = (f.gender == Gender::female ? 0.062 : 0.075) * (1.0 - 0.35 * side_view);
  const Point wl{k.hip.x - waist, (k.chest.y + k.hip.y) / 2 + 0.02}, wr{k.hip.x + waist, wl.y};
  if (f.skirt) {
    // An A-line skirt from the waist, swinging a little with the body.
    const double hem = 0.15 + 0.01 * std::sin(pose.sway * 40);
    cairo_new_path(cr);
    cairo_move_to(cr, wl.x, wl.y);
    cairo_line_to(cr, wr.x, wr.y);
    cairo_curve_to(cr, wr.x + 0.04, k.hip.y, k.hip.x + 0.13, k.hip.y + hem - 0.03, k.hip.x + 0.135, k.hip.y + hem);
    cairo_curve_to(cr, k.hip.x + 0.05, k.hip.y + hem + 0.02, k.hip.x - 0.05, k.hip.y + hem + 0.02, k.hip.x - 0.135,
                   k.hip.y + hem);
    cairo_curve_to(cr, k.hip.x - 0.13, k.hip.y + hem - 0.03, wl.x - 0.04, k.hip.y, wl.x, wl.y);
    cairo_close_path(cr);
    paint_shape(cr, look, f.bottom, f.bottom_shadow);
  } else {
    // Trouser seat: joins the thighs, drawn without ink so it merges with the legs.
    cairo_new_path(cr);
    cairo_move_to(cr, wl.x, wl.y);
    cairo_line_to(cr, wr.x, wr.y);
    cairo_line_to(cr, k.hip_joint[1].x + 0.04, k.hip.y + 0.03);
    cairo_line_to(cr, k.hip.x, k.hip.y + 0.06);
    cairo_line_to(cr, k.hip_joint[0].x - 0.04, k.hip.y + 0.03);
    cairo_close_path(cr);
    set_rgb(cr, f.bottom);
    cairo_fill(cr);
  }
  // The top: rounded shoulders narrowing to the waist, its hem over the waistband.
  const double shoulder_round = 0.035;
  const double hem = f.skirt ? wl.y + 0.012 : (wl.y + k.hip.y) / 2 + 0.01;
  cairo_new_path(cr);
  cairo_move_to(cr, ls.x, ls.y - shoulder_round);
  cairo_curve_to(cr, ls.x + 0.05, ls.y - shoulder_round - 0.012, rs.x - 0.05, rs.y - shoulder_round - 0.012, rs.x,
                 rs.y - shoulder_round);
  cairo_curve_to(cr, rs.x + 0.03, rs.y - 0.01, rs.x + 0.012, rs.y + 0.05, rs.x - 0.005, rs.y + 0.08);
  cairo_curve_to(cr, rs.x - 0.02, rs.y + 0.14, wr.x + 0.005, wr.y - 0.06, wr.x + 0.012, hem);
  cairo_curve_to(cr, k.hip.x + 0.03, hem + 0.012, k.hip.x - 0.03, hem + 0.012, wl.x - 0.012, hem);
  cairo_curve_to(cr, wl.x - 0.005, wl.y - 0.06, ls.x + 0.02, ls.y + 0.14, ls.x + 0.005, ls.y + 0.08);
  cairo_curve_to(cr, ls.x - 0.012, ls.y + 0.05, ls.x - 0.03, ls.y - 0.01, ls.x, ls.y - shoulder_round);
  cairo_close_path(cr);
  paint_shape(cr, look, f.top, f.top_shadow);
  // Neckline: a small V of skin, so the top reads as clothing.
  const Point n{k.neck.x, k.chest.y - 0.02};
  cairo_new_path(cr);
  cairo_move_to(cr, n.x - 0.032, n.y - 0.008);
  cairo_line_to(cr, n.x + 0.032, n.y - 0.008);
  cairo_line_to(cr, n.x, n.y + 0.045);
  cairo_close_path(cr);
  set_rgb(cr, f.skin_shadow);
  cairo_fill(cr);
}

Rgb ink_colour(const StyleLook& look, Rgb fill) {
  if (look.ink_black) return {0.05, 0.04, 0.05};
  return shade(fill, look.shading == Shading::cel ? 0.42 : 0.55);
}

double ink_width(const StyleLook& look) { return look.ink > 0 ? look.ink : 0.006; }

void paint_shape(cairo_t* cr, const StyleLook& look, Rgb base, Rgb shadow) {
  paint_shape(cr, look, base, shadow, ink_width(look) * (look.ink_black ? 1.0 : 0.9));
}

void paint_shape(cairo_t* cr, const StyleLook& look, Rgb base, Rgb shadow, double ink) {
  // Gradients and clips cost several plain fills each in Cairo; every look here is
  // built from plain fills and one stroke so a frame with two figures stays cheap.
  CairoPathPtr path(cairo_copy_path(cr));
  if (ink > 0) {
    // Ink first, twice as wide, then the fills over it: only the outer half of the
    // line shows, so shapes built from overlapping discs (clouds, curls, crowns) get
    // one outline around the whole, not a line around every disc.
    set_rgb(cr, look.shading == Shading::soft ? shadow : ink_colour(look, base));
    cairo_set_line_width(cr, 2 * ink);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
    cairo_append_path(cr, path.get());
  }
  switch (look.shading) {
    case Shading::soft:
    case Shading::flat:
      set_rgb(cr, base);
      cairo_fill(cr);
      break;
    case Shading::cel: {
      // The hard shadow: fill in shadow, then the lit part as a copy shrunk toward the
      // light (upper left), leaving a crescent of shadow at the lower right.
      double x0, y0, x1, y1;
      cairo_fill_extents(cr, &x0, &y0, &x1, &y1);
      set_rgb(cr, shadow);
      cairo_fill(cr);
      const double k = 0.9;
      const double ax = x0 + (x1 - x0) * 0.2, ay = y0 + (y1 - y0) * 0.15;
      CairoSaved saved(cr);
      cairo_translate(cr, ax, ay);
      cairo_scale(cr, k, k);
      cairo_translate(cr, -ax, -ay);
      cairo_append_path(cr, path.get());
      set_rgb(cr, base);
      cairo_fill(cr);
      break;
    }
  }
}

FigureLook make_figure_look(const Timeline& tl, int index, const Tone& tone) {
  const Character& c = tl.characters[static_cast<std::size_t>(index)];
  SeedStream rng(hash3(tl.seed, 0xF1C0, static_cast<std::uint64_t>(index)));
  FigureLook f;
  f.gender = c.gender;
  if (c.gender == Gender::female) {
    constexpr HairStyle kStyles[] = {HairStyle::long_straight, HairStyle::bob, HairStyle::ponytail, HairStyle::bun};
    f.hair_style = kStyles[rng.between(0, 3)];
    f.skirt = rng.chance(0.55);
  } else {
    constexpr HairStyle kStyles[] = {HairStyle::short_crop, HairStyle::quiff, HairStyle::curly, HairStyle::spiky};
    f.hair_style = kStyles[rng.between(0, tl.style == Style::anime ? 3 : 2)];
  }
  f.long_sleeves = rng.chance(0.4) || tl.weather == Weather::snow || tl.setting == Setting::snow;
  const Rgb bottom = f.skirt ? mix(c.clothes, rgb(0.12, 0.1, 0.16), 0.55)
                             : kTrousers[static_cast<std::size_t>(rng.between(0, kTrousers.size() - 1))];
  const Rgb iris = kIris[static_cast<std::size_t>(rng.between(0, kIris.size() - 1))];
  const auto s = [&](Rgb x) { return tone.subject(x); };
  f.skin = s(c.skin);
  f.skin_shadow = s(mix(shade(c.skin, 0.8), rgb(0.75, 0.35, 0.35), 0.12));
  f.hair = s(c.hair);
  f.hair_shadow = s(shade(c.hair, 0.62));
  f.top = s(c.clothes);
  f.top_shadow = s(shade(c.clothes, 0.68));
  f.bottom = s(bottom);
  f.bottom_shadow = s(shade(bottom, 0.68));
  f.shoes = s(rng.chance(0.5) ? rgb(0.16, 0.12, 0.1) : rgb(0.92, 0.9, 0.88));
  f.iris = s(iris);
  f.lips = s(mix(c.skin, rgb(0.8, 0.3, 0.35), c.gender == Gender::female ? 0.55 : 0.3));
  f.blush = s(rgb(0.98, 0.5, 0.55));
  return f;
}

void draw_figure(cairo_t* cr, const FigureLook& f, const StyleLook& look, const Pose& pose, double x, double y,
                 double scale, FigureSprites* sprites) {
  CairoSaved saved(cr);
  // Half a pixel of flattening error is invisible and halves the cost of curves.
  cairo_set_tolerance(cr, 0.5);
  // Ground shadow first: it stays on the ground while the body bobs.
  cairo_new_path(cr);
  ellipse(cr, x, y, 0.17 * scale, 0.028 * scale);
  cairo_set_source_rgba(cr, 0.05, 0.05, 0.1, 0.28);
  cairo_fill(cr);

  cairo_translate(cr, x, y);
  cairo_scale(cr, scale * pose.squash, scale / pose.squash);
  const Skeleton k = skeleton_of(pose, f.gender);
  const double facing = pose.facing;
  // In profile the far limbs (index 1 when facing +x) go behind the body, a shade darker.
  const bool profile = std::abs(facing) > 0.3;
  const std::size_t near = facing >= 0 ? 0 : 1, far = 1 - near;
  draw_back_hair(cr, f, look, pose, k);
  if (profile) {
    draw_arms(cr, look, f, k, {far}, 0.82);
    draw_legs(cr, look, f, k, {far}, 0.85, facing);
    draw_legs(cr, look, f, k, {near}, 1.0, facing);
  } else {
    draw_legs(cr, look, f, k, {0, 1}, 1.0, facing);
  }
  cairo_new_path(cr);
  cairo_rectangle(cr, k.neck.x - 0.028, k.head.y + 0.06, 0.056, k.chest.y - k.head.y - 0.06);
  set_rgb(cr, f.skin_shadow);
  cairo_fill(cr);
  const int lean_step = static_cast<int>(std::lround(pose.lean / FigureSprites::kLeanStep));
  const int facing_step = static_cast<int>(std::lround(pose.facing / FigureSprites::kFacingStep));
  const FigureSprites::Sprite* torso = sprites != nullptr ? sprites->torso(f, look, lean_step, facing_step) : nullptr;
  if (torso != nullptr) {
    paint_sprite(cr, *torso, k.hip, sprites->scale());
  } else {
    draw_torso(cr, look, f, pose, k);
  }
  if (profile) {
    draw_arms(cr, look, f, k, {near}, 1.0);
  } else {
    draw_arms(cr, look, f, k, {0, 1}, 1.0);
  }
  draw_head(cr, f, look, pose, k, sprites);
}

}  // namespace syncreel::engine
