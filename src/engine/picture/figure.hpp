// Character figures: the drawn people of a clip.
//
// A FigureLook is everything about a character that does not change during the clip
// (toned colours, hair style, clothes cut), prepared once; draw_figure paints it in a
// pose. Drawing is plain Cairo paths in figure units (1.0 = standing height), so a
// figure is sharp at any zoom. Thread-safe as long as each cairo_t is used by one
// thread.
#pragma once

#include <cairo.h>

#include <array>
#include <functional>
#include <map>

#include "engine/picture/cairo_handles.hpp"
#include "engine/picture/look.hpp"
#include "engine/picture/pose.hpp"
#include "engine/timeline.hpp"

namespace syncreel::engine {

enum class HairStyle { long_straight, bob, ponytail, bun, short_crop, quiff, curly, spiky };

struct FigureLook {
  Gender gender = Gender::female;
  HairStyle hair_style = HairStyle::long_straight;
  bool skirt = false;
  bool long_sleeves = false;
  Rgb skin, skin_shadow, hair, hair_shadow, top, top_shadow, bottom, bottom_shadow, shoes, iris, lips, blush;
};

// The look of `character` (index `index` in the timeline), toned for the scene light
// and graded for the style.
FigureLook make_figure_look(const Timeline& timeline, int index, const Tone& tone);

// Cached renders of the parts of one character that change only by a few steps: the
// head (face, ears, nose, front hair) per head-turn and tilt step, the torso (top,
// skirt or trouser seat) per lean and facing step. Each is drawn once, already
// rotated, at the largest scale the clip shows, so using it is an axis-aligned scaled
// copy (rotated copies cost Cairo several times more than drawing). A sprite for a
// key is the same whenever it is made, so frames stay a pure function of their index.
// Not thread-safe; owned by one renderer.
class FigureSprites {
 public:
  static constexpr double kTurnStep = 0.05;  // head turn: 0.2 px of face at 720p
  static constexpr double kTiltStep = 0.025; // radians
  static constexpr double kLeanStep = 0.02;  // radians
  static constexpr double kFacingStep = 0.1;

  explicit FigureSprites(double pixels_per_unit);

  struct Sprite {
    CairoSurfacePtr surface;  // square; its centre pixel is the anchor (head centre, hip)
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // the drawn part: only this is composited
  };

  // The sprite, made on first use (nullptr when Cairo cannot allocate it: the caller
  // then draws the part directly). Owned by the cache.
  const Sprite* head(const FigureLook& f, const StyleLook& look, int turn_step, int tilt_step);
  const Sprite* torso(const FigureLook& f, const StyleLook& look, int lean_step, int facing_step);
  double scale() const { return scale_; }

 private:
  using Key = std::array<int, 3>;  // {part, step, step}
  // The sprite under `key`, made on first use: a blank square of `half_extent` units
  // around its centre, where `draw` paints in figure units.
  const Sprite* cached(const Key& key, double half_extent, const std::function<void(cairo_t*)>& draw);

  double scale_;
  std::map<Key, Sprite> sprites_;
};

// Copies a sprite so its centre lands on `anchor` (figure units).
void paint_sprite(cairo_t* cr, const FigureSprites::Sprite& sprite, Point anchor, double sprite_scale);

// Draws the figure with its feet centre at (x, y) on the current surface, `scale`
// pixels per figure unit, ground shadow included; `sprites` (may be null) caches its
// head and torso. Leaves the context's state as found.
void draw_figure(cairo_t* cr, const FigureLook& figure, const StyleLook& look, const Pose& pose, double x, double y,
                 double scale, FigureSprites* sprites);

// Parts, in figure units, used by draw_figure (character_face.cpp).
void draw_back_hair(cairo_t* cr, const FigureLook& f, const StyleLook& look, const Pose& pose, const Skeleton& k);
void draw_head(cairo_t* cr, const FigureLook& f, const StyleLook& look, const Pose& pose, const Skeleton& k,
               FigureSprites* sprites);
// The head's frame: centre, radius, the face's centre line and the turn it is drawn at.
struct HeadFrame {
  Point c;
  double r = 0;
  double fx = 0;
  double turn = 0;
};
// Ears, face, blush, nose and front hair: all that only the turn changes.
void draw_head_base(cairo_t* cr, const FigureLook& f, const StyleLook& look, const HeadFrame& face);
// Top and skirt or trouser seat for the pose's skeleton (characters.cpp).
void draw_torso(cairo_t* cr, const StyleLook& look, const FigureLook& f, const Pose& pose, const Skeleton& k);
// The mouth for pose.mouth (a distinct shape per viseme) centred at `at`; `r` is the
// head radius (mouths.cpp).
void draw_mouth(cairo_t* cr, const FigureLook& f, const StyleLook& look, const Pose& pose, Point at, double r);

// Fills the current path in `base` with the style's shading toward `shadow` and inks
// its outline `ink` wide (user units; 0 = no outline); consumes the path.
void paint_shape(cairo_t* cr, const StyleLook& look, Rgb base, Rgb shadow, double ink);
// The same with the figure's ink width (figure units).
void paint_shape(cairo_t* cr, const StyleLook& look, Rgb base, Rgb shadow);

// The ink colour for an outline around `fill`, and the ink width in figure units.
Rgb ink_colour(const StyleLook& look, Rgb fill);
double ink_width(const StyleLook& look);

}  // namespace syncreel::engine
