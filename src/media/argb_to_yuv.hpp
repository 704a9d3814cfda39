// ARGB → YUV 4:2:0 (BT.709, limited range): what every drawn picture goes through on
// its way to x264.
//
// Why not swscale: for this one conversion at 720p, swscale's generic path (RGB input
// function, then a vertical filter pass per plane) took ~3 ms a frame on the
// development machine, about an eighth of all the CPU an engine render uses. This
// loop does the same arithmetic in fixed point in one pass over each pair of rows and
// takes a fraction of that (bench/engine_render, docs/engine.md). Chroma is the mean
// of each 2×2 block (centre-sited), as swscale's bilinear downsampling gives.
//
// Pure function; thread-safe.
#pragma once

#include <cstdint>

struct AVFrame;

namespace syncreel::media {

// BT.709's luma weights of R and B (G's is what is left), and the limited-range scales:
// 219 levels of luma and 224 of chroma for the 255 of R'G'B'.
inline constexpr double kBt709Kr = 0.2126;
inline constexpr double kBt709Kb = 0.0722;
inline constexpr double kLimitedLumaScale = 219.0 / 255.0;
inline constexpr double kLimitedChromaScale = 224.0 / 255.0;

struct Yuv420Planes {
  std::uint8_t* y = nullptr;
  int y_stride = 0;
  std::uint8_t* u = nullptr;
  int u_stride = 0;
  std::uint8_t* v = nullptr;
  int v_stride = 0;
};

// The planes of a YUV 4:2:0 AVFrame (AV_PIX_FMT_YUV420P), as Yuv420Planes.
Yuv420Planes yuv420_planes(AVFrame& frame);

// Converts `height` rows of `width` pixels of Cairo ARGB32 / AV_PIX_FMT_RGB32 (native
// 32-bit words, alpha ignored: pictures are opaque), `stride` bytes apart, into `out`,
// whose chroma planes are (width + 1) / 2 by (height + 1) / 2. Odd sizes repeat the
// last column or row into the chroma average.
void argb_to_yuv420_bt709(const std::uint8_t* argb, int stride, int width, int height, const Yuv420Planes& out);

}  // namespace syncreel::media
