// FrameOverlay: what syncreel draws onto a provider's pictures: the visible watermark
// (text and/or a PNG logo, in a corner, at an opacity) and optionally the captions,
// burned in at the bottom centre.
//
// The watermark is drawn once (Cairo and Pango) into its own surface, and each caption
// the first time it shows; each picture then gets them blended into its YUV planes,
// within their boxes (yuv_overlay.hpp). Not thread-safe; one per pass.
#pragma once

#include <cairo.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "media/webvtt.hpp"
#include "media/yuv_overlay.hpp"

namespace syncreel::media {

enum class Corner { top_left, top_right, bottom_left, bottom_right };

struct WatermarkConfig {
  std::string text = "syncreel";   // empty: no text
  std::filesystem::path logo_png;  // empty: no logo
  Corner position = Corner::bottom_right;
  double opacity = 0.6;        // 0 (invisible) to 1
  double margin = 0.03;        // from the picture's edges, as a share of its short side
  double text_height = 0.045;  // of the short side; the logo is scaled to twice this
};

class FrameOverlay {
 public:
  // For pictures of width x height. `captions` (may be empty) are burned in.
  // Errors: invalid_argument (opacity or sizes out of range, unreadable logo PNG),
  // internal (Cairo).
  static Result<FrameOverlay> create(const WatermarkConfig& watermark, int width, int height,
                                     std::vector<Cue> captions);

  // Draws onto a width x height YUV 4:2:0 picture (BT.709, limited range): the
  // watermark, and the caption showing at `seconds` if any. Only their boxes are touched.
  void apply(const Yuv420Planes& picture, double seconds);

 private:
  struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
  };
  using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
  struct Caption {
    Cue cue;
    SurfacePtr surface;  // laid out on first use
  };

  FrameOverlay() = default;
  Result<void> render_watermark(const WatermarkConfig& watermark);
  SurfacePtr render_caption(const std::string& text) const;

  int width_ = 0;
  int height_ = 0;
  double opacity_ = 1;
  SurfacePtr watermark_;  // null: nothing to draw
  double watermark_x_ = 0;
  double watermark_y_ = 0;
  std::vector<Caption> captions_;
};

}  // namespace syncreel::media
