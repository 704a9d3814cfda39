// The hand-written ARGB → YUV 4:2:0 conversion against swscale's BT.709 limited-range
// conversion of the same pictures, the reference it replaced.
#include "media/argb_to_yuv.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

extern "C" {
#include <libswscale/swscale.h>
}

#include "media/av_handles.hpp"

namespace syncreel::media {
namespace {

struct Planes {
  Planes(int width, int height)
      : cw((width + 1) / 2), ch((height + 1) / 2), y(static_cast<std::size_t>(width) * height),
        u(static_cast<std::size_t>(cw) * ch), v(u.size()) {}
  int cw, ch;
  std::vector<std::uint8_t> y, u, v;
};

std::vector<std::uint8_t> test_picture(int width, int height, int stride, unsigned seed) {
  std::vector<std::uint8_t> argb(static_cast<std::size_t>(stride) * height);
  std::mt19937 rng(seed);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      auto* p = &argb[static_cast<std::size_t>(y) * stride + 4 * static_cast<std::size_t>(x)];
      // Left half: smooth ramps of every channel; right half: noise, the extremes included.
      const bool ramp = x < width / 2;
      p[0] = ramp ? static_cast<std::uint8_t>(x * 255 / std::max(1, width / 2)) : static_cast<std::uint8_t>(rng());
      p[1] = ramp ? static_cast<std::uint8_t>(y * 255 / std::max(1, height - 1)) : static_cast<std::uint8_t>(rng());
      p[2] = ramp ? static_cast<std::uint8_t>((x + y) % 256) : static_cast<std::uint8_t>(rng() % 2 ? 255 : 0);
      p[3] = 255;
    }
  }
  return argb;
}

Planes ours(const std::vector<std::uint8_t>& argb, int width, int height, int stride) {
  Planes out(width, height);
  argb_to_yuv420_bt709(argb.data(), stride, width, height,
                       {out.y.data(), width, out.u.data(), out.cw, out.v.data(), out.cw});
  return out;
}

Planes swscale(const std::vector<std::uint8_t>& argb, int width, int height, int stride) {
  Planes out(width, height);
  SwsPtr sws(sws_getContext(width, height, kInputPixelFormat, width, height, AV_PIX_FMT_YUV420P,
                            SWS_BILINEAR | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INP, nullptr, nullptr, nullptr));
  EXPECT_TRUE(sws);
  const int* bt709 = sws_getCoefficients(SWS_CS_ITU709);
  sws_setColorspaceDetails(sws.get(), bt709, 1, bt709, 0, 0, 1 << 16, 1 << 16);
  const std::uint8_t* const src[] = {argb.data()};
  const int src_stride[] = {stride};
  std::uint8_t* const dst[] = {out.y.data(), out.u.data(), out.v.data()};
  const int dst_stride[] = {width, out.cw, out.cw};
  sws_scale(sws.get(), src, src_stride, 0, height, dst, dst_stride);
  return out;
}

// Largest difference, and the mean difference (a bias shows there even when the
// largest stays small).
struct Diff {
  int max = 0;
  double mean = 0;
};

Diff compare(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
  Diff d;
  long sum = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const int delta = static_cast<int>(a[i]) - static_cast<int>(b[i]);
    d.max = std::max(d.max, std::abs(delta));
    sum += delta;
  }
  d.mean = static_cast<double>(sum) / static_cast<double>(a.size());
  return d;
}

TEST(ArgbToYuv, LumaMatchesSwscaleWithinOneLevel) {
  constexpr int kWidth = 320, kHeight = 180, kStride = kWidth * 4;
  const auto argb = test_picture(kWidth, kHeight, kStride, 1);
  const Diff y = compare(ours(argb, kWidth, kHeight, kStride).y, swscale(argb, kWidth, kHeight, kStride).y);
  EXPECT_LE(y.max, 1);
  EXPECT_LT(std::abs(y.mean), 0.1);
}

TEST(ArgbToYuv, ChromaOfFlatAreasMatchesSwscale) {
  // swscale filters chroma with its own taps, so only areas of one colour compare
  // exactly: the primaries, grey and the extremes.
  constexpr int kWidth = 64, kHeight = 16, kStride = kWidth * 4;
  const std::uint32_t colours[] = {0xFF000000, 0xFFFFFFFF, 0xFFFF0000, 0xFF00FF00, 0xFF0000FF, 0xFF808080, 0xFF3A7BC4};
  for (std::uint32_t colour : colours) {
    std::vector<std::uint8_t> argb(static_cast<std::size_t>(kStride) * kHeight);
    for (std::size_t i = 0; i < argb.size(); i += 4) std::memcpy(&argb[i], &colour, 4);
    const Planes a = ours(argb, kWidth, kHeight, kStride);
    const Planes b = swscale(argb, kWidth, kHeight, kStride);
    EXPECT_LE(compare(a.u, b.u).max, 1) << std::hex << colour;
    EXPECT_LE(compare(a.v, b.v).max, 1) << std::hex << colour;
    EXPECT_LE(compare(a.y, b.y).max, 1) << std::hex << colour;
  }
}

TEST(ArgbToYuv, ChromaIsTheMeanOfEachBlock) {
  // A 2x2 block of pure red and pure blue pixels gives the chroma of their mean colour.
  constexpr int kWidth = 2, kHeight = 2, kStride = 16;  // padded rows
  std::vector<std::uint8_t> argb(static_cast<std::size_t>(kStride) * kHeight, 0xEE);
  const std::uint32_t red = 0xFFFF0000, blue = 0xFF0000FF;
  std::memcpy(&argb[0], &red, 4);
  std::memcpy(&argb[4], &blue, 4);
  std::memcpy(&argb[kStride], &blue, 4);
  std::memcpy(&argb[kStride + 4], &red, 4);
  const Planes mixed = ours(argb, kWidth, kHeight, kStride);
  std::vector<std::uint8_t> purple(16);
  const std::uint32_t mean = 0xFF800080;  // (255 + 0) / 2 = 127.5 on red and blue
  for (int i = 0; i < 4; ++i) std::memcpy(&purple[4 * static_cast<std::size_t>(i)], &mean, 4);
  const Planes flat = ours(purple, kWidth, kHeight, 8);
  EXPECT_LE(std::abs(mixed.u[0] - flat.u[0]), 1);
  EXPECT_LE(std::abs(mixed.v[0] - flat.v[0]), 1);
}

TEST(ArgbToYuv, OddSizesAndPaddedRowsAreConvertedWhole) {
  constexpr int kWidth = 33, kHeight = 17, kStride = 33 * 4 + 12;
  const auto argb = test_picture(kWidth, kHeight, kStride, 7);
  const Planes a = ours(argb, kWidth, kHeight, kStride);
  const Planes b = swscale(argb, kWidth, kHeight, kStride);
  EXPECT_EQ(a.cw, 17);
  EXPECT_EQ(a.ch, 9);
  EXPECT_LE(compare(a.y, b.y).max, 1);
  // The last chroma column and row come from a single column or row of pixels.
  for (int cy = 0; cy < a.ch; ++cy) {
    const int y0 = 2 * cy, y1 = std::min(2 * cy + 1, kHeight - 1);
    const auto* p0 = &argb[static_cast<std::size_t>(y0) * kStride + 4 * (kWidth - 1)];
    const auto* p1 = &argb[static_cast<std::size_t>(y1) * kStride + 4 * (kWidth - 1)];
    const double r = (p0[2] + p1[2]) / 2.0, g = (p0[1] + p1[1]) / 2.0, bl = (p0[0] + p1[0]) / 2.0;
    const double cb = 128 + 224.0 / 255 * (-0.2126 * r - 0.7152 * g + 0.9278 * bl) / 1.8556;
    EXPECT_NEAR(a.u[static_cast<std::size_t>(cy) * a.cw + a.cw - 1], cb, 1.0) << "row " << cy;
  }
}

}  // namespace
}  // namespace syncreel::media
