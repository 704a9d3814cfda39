#include "engine/picture/stage.hpp"

#include <gtest/gtest.h>

#include "picture_test_support.hpp"

namespace syncreel::engine {
namespace {

using test::Frame;

void expect_inside(const FrameRenderer& r, const Timeline& t, double bar, const std::string& what) {
  for (int f = 0; f < r.frame_count(); ++f) {
    for (std::size_t c = 0; c < t.characters.size(); ++c) {
      const Rect b = r.character_bounds(static_cast<int>(c), f);
      ASSERT_GE(b.x, 0.0) << what << " frame " << f;
      ASSERT_GE(b.y, bar) << what << " frame " << f;
      ASSERT_LE(b.x + b.width, r.width()) << what << " frame " << f;
      ASSERT_LE(b.y + b.height, r.height() - bar) << what << " frame " << f;
    }
  }
}

TEST(Stage, EveryAspectStyleAndMotionKeepsTheCharactersInFrame) {
  const char* prompts[] = {"Two friends dance at the beach. \"Yes!\" \"Again!\"", "Two women walk in the city",
                           "A man waves", "Un homme et une femme courent dans la forêt"};
  for (const AspectRatio aspect : {AspectRatio::r16x9, AspectRatio::r9x16, AspectRatio::r1x1}) {
    for (const Style style : {Style::cinematic, Style::documentary, Style::cartoon}) {
      for (const char* prompt : prompts) {
        const Timeline t = test::planned(prompt, style, aspect, Resolution::p360, 13, 12);
        auto r = FrameRenderer::create(t);
        ASSERT_TRUE(r);
        const double bar = make_stage(t, look_for(style)).bar;
        expect_inside(*r, t, bar, std::string(prompt) + " " + std::string(to_string(aspect)));
      }
    }
  }
}

TEST(Stage, PortraitCharactersAreOnScreenAndNotBackground) {
  const Timeline t = test::planned("Two women dance on a beach. \"Look!\" \"Wow!\"", Style::anime, AspectRatio::r9x16,
                                   Resolution::p360, 4, 10);
  Timeline empty = t;
  empty.characters.clear();
  empty.visemes.clear();
  auto with = FrameRenderer::create(t);
  auto without = FrameRenderer::create(empty);
  ASSERT_TRUE(with && without);
  expect_inside(*with, t, 0, "portrait dance");
  for (const int f : {5, 61, 130, 200}) {
    const Frame a = test::render(*with, f), b = test::render(*without, f);
    for (int c = 0; c < 2; ++c) {
      const Rect box = with->character_bounds(c, f);
      const double changed = static_cast<double>(test::differing_pixels(a, b, box)) / (box.width * box.height);
      EXPECT_GT(changed, 0.3) << "character " << c << " frame " << f;
    }
  }
}

TEST(Stage, PortraitFramesDrawCharactersLargerWithCaptionsHigher) {
  const std::string prompt = "A woman talks";
  const Timeline wide = test::planned(prompt, Style::cartoon, AspectRatio::r16x9, Resolution::p720);
  const Timeline tall = test::planned(prompt, Style::cartoon, AspectRatio::r9x16, Resolution::p720);
  const Stage w = make_stage(wide, look_for(Style::cartoon));
  const Stage p = make_stage(tall, look_for(Style::cartoon));
  EXPECT_GT(p.figure / p.width, 1.3 * w.figure / w.width);
  EXPECT_NEAR(p.xs[0], p.width / 2.0, 1.0);
  EXPECT_LT(p.caption_y / p.height, w.caption_y / w.height - 0.04);
}

TEST(Stage, SingleShotsFrameTheSpeakerAndMovesMoveTheCamera) {
  Timeline t = test::planned("A man and a woman talk", Style::cartoon, AspectRatio::r16x9, Resolution::p720, 3, 12);
  t.shots = {{0, 4, CameraMove::hold, 1}, {4, 8, CameraMove::push_in, -1}, {8, 12, CameraMove::pan_left, -1}};
  const Stage s = make_stage(t, look_for(t.style));
  const CameraView single = camera_at(t, s, look_for(t.style), 2.0);
  EXPECT_GT(single.zoom, 1.05);
  EXPECT_GT(single.cx, s.width / 2.0);  // toward the woman on the right
  EXPECT_LT(camera_at(t, s, look_for(t.style), 4.1).zoom, camera_at(t, s, look_for(t.style), 7.9).zoom);
  EXPECT_GT(camera_at(t, s, look_for(t.style), 8.1).cx, camera_at(t, s, look_for(t.style), 11.9).cx);
}

}  // namespace
}  // namespace syncreel::engine
