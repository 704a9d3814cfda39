// Style overlays drawn per frame: anime speed lines, letterbox bars, film grain and
// vignette. Pure drawing functions; thread-safe as long as each cairo_t is used by
// one thread.
#pragma once

#include <cairo.h>

#include <vector>

#include "engine/picture/cairo_handles.hpp"
#include "engine/picture/look.hpp"
#include "engine/picture/stage.hpp"
#include "engine/timeline.hpp"

namespace syncreel::engine {

// Anime speed lines while characters walk or run, and for a moment after a camera move
// starts (with its whoosh). Draws nothing for other styles or when nothing moves.
void draw_speed_lines(cairo_t* cr, const Timeline& timeline, const Stage& stage, const StyleLook& look,
                      const CameraView& camera, double t);

// Black bars top and bottom (cinematic).
void draw_letterbox(cairo_t* cr, const Stage& stage);

// One of the pre-rendered grain/vignette overlays, picked by frame from the seed.
void draw_film_overlay(cairo_t* cr, const std::vector<CairoSurfacePtr>& overlays, std::uint64_t seed, int frame);

}  // namespace syncreel::engine
