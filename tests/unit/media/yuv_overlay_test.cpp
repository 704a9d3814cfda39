// Blending a Cairo sprite over a YUV 4:2:0 picture, against the colours the BT.709
// limited-range formulas give for the composited RGB.
#include "media/yuv_overlay.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

namespace syncreel::media {
namespace {

constexpr int kW = 16, kH = 8;

struct Picture {
  explicit Picture(std::uint8_t y, std::uint8_t c) : luma(kW * kH, y), u(kW / 2 * kH / 2, c), v(u) {}
  Yuv420Planes planes() { return {luma.data(), kW, u.data(), kW / 2, v.data(), kW / 2}; }
  std::uint8_t y_at(int x, int y) const { return luma[static_cast<std::size_t>(y) * kW + x]; }
  std::uint8_t u_at(int cx, int cy) const { return u[static_cast<std::size_t>(cy) * kW / 2 + cx]; }
  std::uint8_t v_at(int cx, int cy) const { return v[static_cast<std::size_t>(cy) * kW / 2 + cx]; }
  std::vector<std::uint8_t> luma, u, v;
};

// A w x h sprite of one premultiplied ARGB value.
std::vector<std::uint8_t> flat_sprite(int w, int h, std::uint32_t argb) {
  std::vector<std::uint8_t> px(static_cast<std::size_t>(w) * h * 4);
  for (std::size_t i = 0; i < px.size(); i += 4) std::memcpy(&px[i], &argb, 4);
  return px;
}

TEST(YuvOverlay, OpaqueColoursReplaceThePictureWithTheirBt709Values) {
  Picture pic(100, 100);
  const auto white = flat_sprite(4, 2, 0xFFFFFFFF);
  blend_over_yuv420({white.data(), 4, 2, 16}, 1.0, 2, 2, pic.planes(), kW, kH);
  EXPECT_EQ(pic.y_at(2, 2), 235);
  EXPECT_EQ(pic.y_at(5, 3), 235);
  EXPECT_EQ(pic.y_at(1, 2), 100) << "outside the sprite";
  EXPECT_EQ(pic.y_at(6, 2), 100);
  EXPECT_EQ(pic.u_at(1, 1), 128);
  EXPECT_EQ(pic.v_at(2, 1), 128);
  EXPECT_EQ(pic.u_at(0, 0), 100);

  Picture red_on_black(16, 128);
  const auto red = flat_sprite(kW, kH, 0xFFFF0000);
  blend_over_yuv420({red.data(), kW, kH, kW * 4}, 1.0, 0, 0, red_on_black.planes(), kW, kH);
  EXPECT_EQ(red_on_black.y_at(7, 7), 63);   // 16 + 219 * 0.2126
  EXPECT_EQ(red_on_black.u_at(3, 3), 102);  // 128 - 112 * 0.2126 / 0.9278
  EXPECT_EQ(red_on_black.v_at(3, 3), 240);  // 128 + 112
}

TEST(YuvOverlay, OpacityAndSpriteAlphaMixWithThePicture) {
  Picture grey(126, 128);  // mid grey: Y 126 is R'G'B' 128
  const auto black = flat_sprite(kW, kH, 0xFF000000);
  blend_over_yuv420({black.data(), kW, kH, kW * 4}, 0.5, 0, 0, grey.planes(), kW, kH);
  EXPECT_EQ(grey.y_at(0, 0), 71);  // halfway between 126 and 16
  EXPECT_EQ(grey.u_at(0, 0), 128);

  Picture again(126, 128);
  const auto half_black = flat_sprite(kW, kH, 0x80000000);  // premultiplied: alpha 0.5, black
  blend_over_yuv420({half_black.data(), kW, kH, kW * 4}, 1.0, 0, 0, again.planes(), kW, kH);
  EXPECT_NEAR(again.y_at(3, 3), 71, 1);
}

TEST(YuvOverlay, ChromaAtAnOddOffsetTakesTheBlocksMean) {
  // A 1-pixel-wide opaque blue column at x = 3 covers half of chroma column 1.
  Picture black(16, 128);
  const auto blue = flat_sprite(1, kH, 0xFF0000FF);
  blend_over_yuv420({blue.data(), 1, kH, 4}, 1.0, 3, 0, black.planes(), kW, kH);
  EXPECT_EQ(black.y_at(3, 0), 32);  // 16 + 219 * 0.0722
  EXPECT_EQ(black.y_at(2, 0), 16);
  EXPECT_EQ(black.u_at(1, 0), 184);  // 128 + 112 / 2: half the block is blue
  EXPECT_EQ(black.u_at(0, 0), 128);
  EXPECT_EQ(black.u_at(2, 0), 128);
}

TEST(YuvOverlay, SpritesPartlyOrWhollyOutsideThePictureAreClipped) {
  Picture pic(50, 128);
  const auto white = flat_sprite(6, 6, 0xFFFFFFFF);
  blend_over_yuv420({white.data(), 6, 6, 24}, 1.0, kW - 3, kH - 2, pic.planes(), kW, kH);
  EXPECT_EQ(pic.y_at(kW - 1, kH - 1), 235);
  EXPECT_EQ(pic.y_at(kW - 4, kH - 1), 50);
  blend_over_yuv420({white.data(), 6, 6, 24}, 1.0, -10, -10, pic.planes(), kW, kH);
  blend_over_yuv420({white.data(), 6, 6, 24}, 1.0, kW, 0, pic.planes(), kW, kH);
  EXPECT_EQ(pic.y_at(0, 0), 50);
  blend_over_yuv420({white.data(), 6, 6, 24}, 0.0, 0, 0, pic.planes(), kW, kH);
  EXPECT_EQ(pic.y_at(0, 0), 50) << "opacity 0 draws nothing";
}

}  // namespace
}  // namespace syncreel::media
