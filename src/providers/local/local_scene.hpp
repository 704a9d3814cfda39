// LocalScene: the local provider's animated picture, drawn with Cairo and Pango.
//
// A sky gradient, a sun crossing it, two layers of hills drifting at different speeds,
// the prompt's first words as a caption and a "syncreel" watermark. The palette comes
// from the style, the sun's path and the hills' shapes from the seed; frame n is a pure
// function of (spec, seed, n), so renders are reproducible. Not thread-safe; one scene
// per render. Movable, not copyable.
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <array>
#include <cstdint>
#include <memory>

#include "core/error.hpp"
#include "core/job_spec.hpp"

namespace syncreel {

struct CairoSurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDeleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
struct PangoLayoutDeleter {
  void operator()(PangoLayout* layout) const { g_object_unref(layout); }
};
using CairoSurfacePtr = std::unique_ptr<cairo_surface_t, CairoSurfaceDeleter>;
using CairoPtr = std::unique_ptr<cairo_t, CairoDeleter>;
using PangoLayoutPtr = std::unique_ptr<PangoLayout, PangoLayoutDeleter>;

class LocalScene {
 public:
  // Prepares the surfaces, the static sky and the text layouts for a clip of
  // `total_frames` frames. Errors: invalid_argument (empty size or no frames),
  // internal (Cairo or Pango could not allocate).
  static Result<LocalScene> create(const JobSpec& spec, FrameSize size, std::uint32_t seed, int total_frames);

  // Draws frame `index` (0 <= index < total_frames) into the surface read by pixels().
  // Errors: internal (Cairo reported a failure).
  Result<void> draw(int index);

  // The last drawn frame in Cairo ARGB32 layout (media::kInputPixelFormat), owned by the
  // scene and valid until the next draw().
  const std::uint8_t* pixels() const { return cairo_image_surface_get_data(surface_.get()); }
  int stride() const { return cairo_image_surface_get_stride(surface_.get()); }

 private:
  struct Rgb {
    double r, g, b;
  };
  struct Palette {
    Rgb sky_top, sky_horizon, sun, hills_far, hills_near, caption;
    bool letterbox;  // cinematic: black bars
    bool outlines;   // cartoon: ink strokes
    bool clouds;
  };
  // Everything the seed decides.
  struct Layout {
    double sun_from = 0, sun_to = 0, sun_peak = 0;  // x fractions; peak as a fraction of height
    std::array<double, 4> phase{}, freq{};           // far/near hills: two waves each
    std::array<double, 3> cloud_x{}, cloud_y{};
  };

  LocalScene() = default;
  void draw_sun(double t);
  void draw_clouds(double t);
  void draw_hills(double t, bool near);
  void draw_overlays();
  static Palette palette_for(Style style);

  CairoSurfacePtr surface_;
  CairoSurfacePtr sky_;  // pre-rendered: the gradient never moves
  CairoPtr cr_;
  PangoLayoutPtr caption_;
  PangoLayoutPtr watermark_;
  Palette palette_{};
  Layout layout_{};
  double width_ = 0, height_ = 0, horizon_ = 0;
  int total_frames_ = 0;
};

}  // namespace syncreel
