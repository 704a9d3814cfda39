// Text in the picture: subtitles from timeline.subtitles, the watermark and the
// documentary lower-third title, each laid out with Pango and rendered once into a
// cached surface; a frame only composites the ones visible at t.
//
// Subtitles are outlined (readable on any background) and sit in the stage's caption
// area, above the letterbox and, in portrait frames, above the bottom fifth. Not
// thread-safe: one per renderer.
#pragma once

#include <vector>

#include "core/error.hpp"
#include "engine/picture/cairo_handles.hpp"
#include "engine/picture/look.hpp"
#include "engine/picture/stage.hpp"
#include "engine/timeline.hpp"

namespace syncreel::engine {

class Captions {
 public:
  // Lays out every cue, the watermark and (documentary) the lower third.
  // Errors: internal (Cairo or Pango could not allocate).
  static Result<Captions> create(const Timeline& timeline, const Stage& stage, const StyleLook& look);

  void draw_subtitle(cairo_t* cr, double t) const;
  void draw_lower_third(cairo_t* cr, double t) const;
  void draw_watermark(cairo_t* cr) const;

 private:
  struct Cue {
    double start = 0, end = 0;
    CairoSurfacePtr surface;
  };
  Stage stage_;
  std::vector<Cue> cues_;
  CairoSurfacePtr watermark_;
  CairoSurfacePtr lower_third_;
};

}  // namespace syncreel::engine
