#include "engine/picture/frame_renderer.hpp"

#include <gtest/gtest.h>

#include "picture_test_support.hpp"

// Fontconfig keeps process-wide caches of the fonts Pango resolved and never frees them
// (bounded; the provider tests measured it). The sanitizer run ignores leaks from that
// one library and still checks everything else.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }

namespace syncreel::engine {
namespace {

using test::Frame;
using test::planned;
using test::render;

TEST(FrameRenderer, RendersTheTimelinesFrameSizeAndCount) {
  const Timeline t = planned("Une femme dit « Bonjour » sur une plage", Style::cinematic, AspectRatio::r16x9,
                             Resolution::p360, 3, 5);
  auto r = FrameRenderer::create(t);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->width(), 640);
  EXPECT_EQ(r->height(), 360);
  EXPECT_EQ(r->frame_count(), 120);
  const Frame first = render(*r, 0);
  const Frame last = render(*r, r->frame_count() - 1);
  // Every pixel is written and opaque.
  for (const Frame* f : {&first, &last}) {
    for (int y = 0; y < f->height; y += 7) {
      for (int x = 0; x < f->width; x += 7) ASSERT_EQ(f->at(x, y) >> 24, 0xFFu);
    }
  }
}

TEST(FrameRenderer, RejectsBadFramesAndBuffers) {
  const Timeline t = planned("A man in the city", Style::cartoon, AspectRatio::r1x1, Resolution::p360, 3, 5);
  auto r = FrameRenderer::create(t);
  ASSERT_TRUE(r);
  std::vector<std::uint8_t> buf(static_cast<std::size_t>(r->width()) * r->height() * 4 + 64);
  EXPECT_EQ(r->render(-1, buf.data(), r->width() * 4).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(r->render(r->frame_count(), buf.data(), r->width() * 4).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(r->render(0, nullptr, r->width() * 4).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(r->render(0, buf.data(), r->width() * 4 - 4).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(r->render(0, buf.data(), r->width() * 4 + 2).error().code, ErrorCode::invalid_argument);
  EXPECT_TRUE(r->render(0, buf.data(), r->width() * 4));
}

TEST(FrameRenderer, AcceptsAPaddedStride) {
  const Timeline t = planned("A man in the city", Style::anime, AspectRatio::r16x9, Resolution::p360, 3, 5);
  auto r = FrameRenderer::create(t);
  ASSERT_TRUE(r);
  const int stride = r->width() * 4 + 64;
  std::vector<std::uint8_t> padded(static_cast<std::size_t>(stride) * r->height(), 0xAB);
  ASSERT_TRUE(r->render(10, padded.data(), stride));
  const Frame tight = render(*r, 10);
  for (int y = 0; y < r->height(); ++y) {
    ASSERT_EQ(0, std::memcmp(padded.data() + static_cast<std::size_t>(y) * stride,
                             tight.pixels.data() + static_cast<std::size_t>(y) * r->width() * 4,
                             static_cast<std::size_t>(r->width()) * 4));
  }
}

TEST(FrameRenderer, RejectsTimelinesItCannotDraw) {
  Timeline t = planned("A woman", Style::cartoon, AspectRatio::r16x9, Resolution::p360, 3, 5);
  Timeline no_size = t;
  no_size.width = 0;
  EXPECT_EQ(FrameRenderer::create(no_size).error().code, ErrorCode::invalid_argument);
  Timeline bad_speaker = t;
  bad_speaker.dialogue.front().speaker = 5;
  EXPECT_EQ(FrameRenderer::create(bad_speaker).error().code, ErrorCode::invalid_argument);
}

TEST(FrameRenderer, SameTimelineGivesByteIdenticalFramesInAnyOrder) {
  for (const Style style : {Style::cinematic, Style::anime, Style::documentary, Style::cartoon}) {
    const Timeline t = planned("Two friends walk in the rain in the city. \"Hurry!\" \"Coming!\"", style,
                               AspectRatio::r16x9, Resolution::p360, 9, 5);
    auto a = FrameRenderer::create(t);
    auto b = FrameRenderer::create(t);
    ASSERT_TRUE(a && b);
    const std::vector<int> frames = {0, 17, 40, 41, 77, 119};
    std::vector<Frame> forward;
    for (const int f : frames) forward.push_back(render(*a, f));
    for (std::size_t i = frames.size(); i-- > 0;) {
      const Frame again = render(*b, frames[i]);
      EXPECT_EQ(again.pixels, forward[i].pixels) << to_string(style) << " frame " << frames[i];
    }
    EXPECT_EQ(render(*a, 40).pixels, forward[2].pixels);  // a frame drawn twice by one renderer
  }
}

TEST(FrameRenderer, ASceneWithoutCharactersRenders) {
  Timeline t = planned("A quiet forest at dawn", Style::documentary, AspectRatio::r16x9, Resolution::p360, 3, 5);
  t.characters.clear();
  t.visemes.clear();
  auto r = FrameRenderer::create(t);
  ASSERT_TRUE(r) << r.error().message;
  render(*r, 12);
  EXPECT_EQ(r->character_bounds(0, 12).width, 0.0);
}

TEST(FrameRenderer, MovesBetweenFrames) {
  const Timeline t = planned("A girl dances in the countryside", Style::cartoon, AspectRatio::r16x9,
                             Resolution::p360, 3, 5);
  auto r = FrameRenderer::create(t);
  ASSERT_TRUE(r);
  const Frame a = render(*r, 30), b = render(*r, 36);
  EXPECT_GT(test::differing_pixels(a, b, {0, 0, 640, 360}), 2000);
}

TEST(FrameRenderer, CharacterBoundsFollowTheFigure) {
  const Timeline t = planned("A man and a woman talk", Style::cartoon, AspectRatio::r16x9, Resolution::p360, 3, 5);
  auto r = FrameRenderer::create(t);
  ASSERT_TRUE(r);
  const Rect left = r->character_bounds(0, 24), right = r->character_bounds(1, 24);
  EXPECT_GT(left.height, r->height() * 0.3);
  EXPECT_LT(left.x + left.width / 2, right.x + right.width / 2);
  EXPECT_EQ(r->character_bounds(2, 24).width, 0.0);
  EXPECT_EQ(r->character_bounds(0, r->frame_count()).width, 0.0);
}

}  // namespace
}  // namespace syncreel::engine
