#include "media/yuv_overlay.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace syncreel::media {
namespace {

constexpr double kKg = 1.0 - kBt709Kr - kBt709Kb;

// One sprite pixel, its premultiplied colour and alpha in 0-255, opacity applied.
struct Premultiplied {
  double a = 0, r = 0, g = 0, b = 0;
};

Premultiplied read(const Sprite& s, int sx, int sy, double opacity) {
  if (sx < 0 || sy < 0 || sx >= s.width || sy >= s.height) return {};
  std::uint32_t p = 0;
  std::memcpy(&p, s.pixels + static_cast<std::ptrdiff_t>(sy) * s.stride + 4 * static_cast<std::ptrdiff_t>(sx), 4);
  return {((p >> 24) & 0xFF) * opacity, ((p >> 16) & 0xFF) * opacity, ((p >> 8) & 0xFF) * opacity,
          (p & 0xFF) * opacity};
}

std::uint8_t to_byte(double v) { return static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L)); }

// out = src + (1 - alpha) * dst, written in YUV: the sprite's colour through the matrix,
// with the offsets (16 for luma, 128 for chroma) weighted by its alpha.
std::uint8_t over(std::uint8_t dst, double alpha255, double offset, double src_term) {
  const double a = alpha255 / 255.0;
  return to_byte(dst * (1 - a) + offset * a + src_term);
}

}  // namespace

void blend_over_yuv420(const Sprite& sprite, double opacity, int x, int y, const Yuv420Planes& dst, int picture_width,
                       int picture_height) {
  if (sprite.pixels == nullptr || !(opacity > 0)) return;
  opacity = std::min(opacity, 1.0);
  const int x0 = std::max(0, x), y0 = std::max(0, y);
  const int x1 = std::min(picture_width, x + sprite.width), y1 = std::min(picture_height, y + sprite.height);
  if (x0 >= x1 || y0 >= y1) return;

  for (int py = y0; py < y1; ++py) {
    std::uint8_t* row = dst.y + static_cast<std::ptrdiff_t>(py) * dst.y_stride;
    for (int px = x0; px < x1; ++px) {
      const Premultiplied s = read(sprite, px - x, py - y, opacity);
      if (s.a <= 0) continue;
      const double luma = kLimitedLumaScale * (kBt709Kr * s.r + kKg * s.g + kBt709Kb * s.b);
      row[px] = over(row[px], s.a, 16, luma);
    }
  }

  const double cb_r = -kBt709Kr / (2 * (1 - kBt709Kb)), cb_g = -kKg / (2 * (1 - kBt709Kb));
  const double cr_g = -kKg / (2 * (1 - kBt709Kr)), cr_b = -kBt709Kb / (2 * (1 - kBt709Kr));
  for (int cy = y0 / 2; cy <= (y1 - 1) / 2; ++cy) {
    for (int cx = x0 / 2; cx <= (x1 - 1) / 2; ++cx) {
      Premultiplied mean;
      int inside = 0;  // the block's pixels within the picture
      for (int j = 0; j < 2; ++j) {
        for (int i = 0; i < 2; ++i) {
          const int px = 2 * cx + i, py = 2 * cy + j;
          if (px >= picture_width || py >= picture_height) continue;
          ++inside;
          const Premultiplied s = read(sprite, px - x, py - y, opacity);
          mean.a += s.a, mean.r += s.r, mean.g += s.g, mean.b += s.b;
        }
      }
      if (mean.a <= 0) continue;
      mean.a /= inside, mean.r /= inside, mean.g /= inside, mean.b /= inside;
      std::uint8_t& u = dst.u[static_cast<std::ptrdiff_t>(cy) * dst.u_stride + cx];
      std::uint8_t& v = dst.v[static_cast<std::ptrdiff_t>(cy) * dst.v_stride + cx];
      u = over(u, mean.a, 128, kLimitedChromaScale * (cb_r * mean.r + cb_g * mean.g + 0.5 * mean.b));
      v = over(v, mean.a, 128, kLimitedChromaScale * (0.5 * mean.r + cr_g * mean.g + cr_b * mean.b));
    }
  }
}

}  // namespace syncreel::media
