#include "media/argb_to_yuv.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

extern "C" {
#include <libavutil/frame.h>
}

namespace syncreel::media {
namespace {

constexpr double kKr = kBt709Kr;
constexpr double kKb = kBt709Kb;
constexpr double kKg = 1.0 - kKr - kKb;
constexpr double kYScale = kLimitedLumaScale;
constexpr double kCScale = kLimitedChromaScale;

// Luma weights in 16-bit fixed point; chroma weights apply to the sum of a 2x2 block,
// so they keep 16 fractional bits after the division by 4 (18 bits in all).
constexpr int kLumaBits = 16;
constexpr int kChromaBits = 18;
constexpr int fixed(double w, int bits) { return static_cast<int>(w * (1 << bits) + (w < 0 ? -0.5 : 0.5)); }

constexpr int kYR = fixed(kYScale * kKr, kLumaBits);
constexpr int kYG = fixed(kYScale * kKg, kLumaBits);
constexpr int kYB = fixed(kYScale * kKb, kLumaBits);
constexpr int kYOffset = (16 << kLumaBits) + (1 << (kLumaBits - 1));  // + rounding

constexpr int kUR = fixed(kCScale * -kKr / (2 * (1 - kKb)) / 4, kChromaBits);
constexpr int kUG = fixed(kCScale * -kKg / (2 * (1 - kKb)) / 4, kChromaBits);
constexpr int kUB = fixed(kCScale * 0.5 / 4, kChromaBits);
constexpr int kVR = fixed(kCScale * 0.5 / 4, kChromaBits);
constexpr int kVG = fixed(kCScale * -kKg / (2 * (1 - kKr)) / 4, kChromaBits);
constexpr int kVB = fixed(kCScale * -kKb / (2 * (1 - kKr)) / 4, kChromaBits);
constexpr int kCOffset = (128 << kChromaBits) + (1 << (kChromaBits - 1));

inline int red(std::uint32_t p) { return static_cast<int>((p >> 16) & 0xFF); }
inline int green(std::uint32_t p) { return static_cast<int>((p >> 8) & 0xFF); }
inline int blue(std::uint32_t p) { return static_cast<int>(p & 0xFF); }

// Rows are read through memcpy into words: the caller's stride need not keep them aligned.
void load_row(const std::uint8_t* src, int width, std::uint32_t* dst) {
  std::memcpy(dst, src, static_cast<std::size_t>(width) * sizeof(std::uint32_t));
}

[[gnu::always_inline]] inline void luma_row(const std::uint32_t* px, int width, std::uint8_t* y) {
  for (int x = 0; x < width; ++x) {
    const std::uint32_t p = px[x];
    y[x] = static_cast<std::uint8_t>((kYR * red(p) + kYG * green(p) + kYB * blue(p) + kYOffset) >> kLumaBits);
  }
}

[[gnu::always_inline]] inline void chroma_pixel(int r, int g, int b, std::uint8_t* u, std::uint8_t* v) {
  *u = static_cast<std::uint8_t>((kUR * r + kUG * g + kUB * b + kCOffset) >> kChromaBits);
  *v = static_cast<std::uint8_t>((kVR * r + kVG * g + kVB * b + kCOffset) >> kChromaBits);
}

// One row of chroma from two rows of pixels (the same row twice at an odd bottom edge).
[[gnu::always_inline]] inline void chroma_row(const std::uint32_t* top, const std::uint32_t* bottom, int width, std::uint8_t* u, std::uint8_t* v) {
  const int pairs = width / 2;
  for (int cx = 0; cx < pairs; ++cx) {
    const std::uint32_t a = top[2 * cx], b = top[2 * cx + 1], c = bottom[2 * cx], d = bottom[2 * cx + 1];
    chroma_pixel(red(a) + red(b) + red(c) + red(d), green(a) + green(b) + green(c) + green(d),
                 blue(a) + blue(b) + blue(c) + blue(d), u + cx, v + cx);
  }
  if (width % 2 != 0) {
    const std::uint32_t a = top[width - 1], c = bottom[width - 1];
    chroma_pixel(2 * (red(a) + red(c)), 2 * (green(a) + green(c)), 2 * (blue(a) + blue(c)), u + pairs, v + pairs);
  }
}

}  // namespace

// AVX2 where the CPU has it (chosen once, at load time), SSE2 elsewhere: the loops
// above are written for the vectoriser and gain about half again from wider registers.
__attribute__((target_clones("avx2", "default"))) void argb_to_yuv420_bt709(const std::uint8_t* argb, int stride,
                                                                            int width, int height,
                                                                            const Yuv420Planes& out) {
  if (width <= 0 || height <= 0) return;
  // Two rows of words at a time; small next to a picture, and reused for every pair.
  std::vector<std::uint32_t> rows(2 * static_cast<std::size_t>(width));
  std::uint32_t* top = rows.data();
  std::uint32_t* bottom = rows.data() + width;
  for (int y = 0; y < height; y += 2) {
    const int y1 = std::min(y + 1, height - 1);
    load_row(argb + static_cast<std::ptrdiff_t>(y) * stride, width, top);
    load_row(argb + static_cast<std::ptrdiff_t>(y1) * stride, width, bottom);
    luma_row(top, width, out.y + static_cast<std::ptrdiff_t>(y) * out.y_stride);
    if (y1 != y) luma_row(bottom, width, out.y + static_cast<std::ptrdiff_t>(y1) * out.y_stride);
    const int cy = y / 2;
    chroma_row(top, bottom, width, out.u + static_cast<std::ptrdiff_t>(cy) * out.u_stride,
               out.v + static_cast<std::ptrdiff_t>(cy) * out.v_stride);
  }
}

Yuv420Planes yuv420_planes(AVFrame& f) {
  return {f.data[0], f.linesize[0], f.data[1], f.linesize[1], f.data[2], f.linesize[2]};
}

}  // namespace syncreel::media
