// Style looks and scene light: how a style grades, inks and shades the picture, and how
// the time of day and weather tint it.
//
// Colours of drawn objects pass through SceneLight (time of day) at draw time; whole
// cached layers are graded per pixel once (grade_surface), characters per colour
// (Tone), so a frame never pays for grading. Plain values and pure functions;
// thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "core/error.hpp"
#include "engine/picture/cairo_handles.hpp"
#include "engine/timeline.hpp"

namespace syncreel::engine {

enum class Shading {
  soft,  // gradients (cinematic, documentary)
  cel,   // flat base and one hard shadow tone (anime)
  flat,  // flat colour, ink does the work (cartoon)
};

struct StyleLook {
  Style style = Style::cinematic;
  double ink = 0;           // outline width as a fraction of the figure height; 0 = none
  bool ink_black = false;   // pure black ink (cartoon) instead of a darkened fill (anime)
  Shading shading = Shading::soft;
  double saturation = 1.0;  // grading: 1 = unchanged
  double contrast = 1.0;
  double lift = 0.0;        // raised blacks: the flat, muted documentary look
  Rgb shadow_tint{0.5, 0.5, 0.5}, highlight_tint{0.5, 0.5, 0.5};  // split toning, grey = none
  double split = 0.0;
  double letterbox = 0.0;   // bar height as a fraction of the frame height
  bool film_grain = false;
  double vignette = 0.0;    // darkening at the corners, 0-1
  bool speed_lines = false;
  bool lower_third = false;
  bool handheld = false;
  bool squash = false;      // squash and stretch on motion
  double eye_scale = 1.0;   // anime eyes are larger
};

// The look of a style; a reference to a static table, valid for the program's life.
const StyleLook& look_for(Style style);

// The style's grade of one colour.
Rgb grade(const StyleLook& look, Rgb c);

// Grades every pixel of an ARGB32 surface in place (premultiplied alpha respected).
void grade_surface(const StyleLook& look, cairo_surface_t* surface);

struct SceneLight {
  Rgb tint{1, 1, 1};
  double strength = 0;     // how far colours move toward colour * tint
  double brightness = 1;   // for scenery
  double subject = 1;      // for characters: kept brighter so faces read at night
  double desaturate = 0;   // overcast weather
};

// The light of a time of day, dimmed and muted by overcast weather.
SceneLight light_for(TimeOfDay time, Weather weather);
// A colour under that light; `subject` (characters) takes half the tint and stays brighter.
Rgb apply_light(const SceneLight& light, Rgb c, bool subject = false);

// Light then grade: the final colour of something drawn per frame.
struct Tone {
  const StyleLook* look = nullptr;
  SceneLight light;
  Rgb scenery(Rgb c) const { return apply_light(light, c); }  // graded later, with its layer
  Rgb subject(Rgb c) const { return grade(*look, apply_light(light, c, true)); }
  Rgb graded(Rgb c) const { return grade(*look, c); }
};

// Full-frame overlays composited last: vignette and, for film grain, a few grain
// variants the renderer cycles through (seeded). Empty when the style has neither.
// Errors: internal (allocation).
Result<std::vector<CairoSurfacePtr>> film_overlays(const StyleLook& look, int width, int height, std::uint64_t seed);

}  // namespace syncreel::engine
