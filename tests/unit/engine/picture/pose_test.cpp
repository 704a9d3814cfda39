#include "engine/picture/pose.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/plan/gait.hpp"
#include "picture_test_support.hpp"

namespace syncreel::engine {
namespace {

TEST(Pose, VisemeAtReadsTheTrackAndRestsInGaps) {
  Timeline t;
  t.characters.resize(1);
  t.visemes = {{{0.5, 0.7, Viseme::aa}, {0.7, 0.9, Viseme::mbp}, {1.2, 1.4, Viseme::oo}}};
  EXPECT_EQ(viseme_at(t, 0, 0.1), Viseme::rest);
  EXPECT_EQ(viseme_at(t, 0, 0.5), Viseme::aa);
  EXPECT_EQ(viseme_at(t, 0, 0.75), Viseme::mbp);
  EXPECT_EQ(viseme_at(t, 0, 1.0), Viseme::rest);
  EXPECT_EQ(viseme_at(t, 0, 1.3), Viseme::oo);
  EXPECT_EQ(viseme_at(t, 0, 1.4), Viseme::rest);
  EXPECT_EQ(viseme_at(t, 1, 0.6), Viseme::rest);  // no such character
}

TEST(Pose, BlinksAreSeededAndShutForAtLeastTwoFrames) {
  const Timeline t = test::planned("Two women talk", Style::anime, AspectRatio::r16x9, Resolution::p360, 21, 30);
  for (int c = 0; c < 2; ++c) {
    int blinks = 0, shut_run = 0;
    double last_blink = -10;
    for (int f = 0; f <= 30 * 24; ++f) {
      const bool shut = eye_openness(t, c, f / 24.0) == 0.0;
      if (shut) {
        if (shut_run == 0) {
          EXPECT_GT(f / 24.0 - last_blink, 0.3);
          last_blink = f / 24.0;
          ++blinks;
        }
        ++shut_run;
      } else {
        if (shut_run > 0) {
          EXPECT_GE(shut_run, 2) << "a blink shorter than two frames";
        }
        shut_run = 0;
      }
    }
    EXPECT_GE(blinks, 5);
    EXPECT_LE(blinks, 16);
  }
  // Each character blinks on its own schedule.
  bool differ = false;
  for (int f = 0; f < 10 * 24 && !differ; ++f) differ = eye_openness(t, 0, f / 24.0) != eye_openness(t, 1, f / 24.0);
  EXPECT_TRUE(differ);
}

TEST(Pose, FeetLandOnTheFootstepSounds) {
  for (const char* prompt : {"A man walks", "A man runs"}) {
    const Timeline t = test::planned(prompt, Style::cartoon, AspectRatio::r16x9, Resolution::p360, 2, 5);
    const double step = step_interval(t.motion);
    ASSERT_GT(step, 0);
    int checked = 0;
    for (const SoundEffect& e : t.effects) {
      if (e.kind != Sfx::footsteps) continue;
      const Skeleton at = skeleton_of(pose_at(t, 0, e.at), Gender::male);
      const Skeleton mid = skeleton_of(pose_at(t, 0, e.at + step / 2), Gender::male);
      // On the beat the stride is at its widest and a foot is on the ground.
      const double spread = std::abs(at.foot[0].x - at.foot[1].x);
      EXPECT_GT(spread, std::abs(mid.foot[0].x - mid.foot[1].x)) << prompt << " at " << e.at;
      EXPECT_NEAR(std::max(at.foot[0].y, at.foot[1].y), 0.0, 0.02) << prompt << " at " << e.at;
      ++checked;
    }
    EXPECT_GT(checked, 8);
  }
}

TEST(Pose, ListenersTurnTowardWhoeverSpeaks) {
  const Timeline t = test::planned("A man and a woman. \"Hello there, how are you today?\" \"Fine, thank you very much!\"",
                                   Style::cartoon, AspectRatio::r16x9, Resolution::p360, 2, 10);
  ASSERT_EQ(t.dialogue.size(), 2u);
  ASSERT_LT(t.characters[0].x, t.characters[1].x);
  const DialogueLine& second = t.dialogue[1];
  ASSERT_EQ(second.speaker, 1);
  const double mid = (second.start + second.end) / 2;
  EXPECT_GT(pose_at(t, 0, mid).head_turn, 0.3);   // the man looks right, at her
  EXPECT_LT(pose_at(t, 1, (t.dialogue[0].start + t.dialogue[0].end) / 2).head_turn, -0.3);
  EXPECT_TRUE(pose_at(t, 1, mid).speaking || viseme_at(t, 1, mid) == Viseme::rest);
}

TEST(Pose, MotionsMoveTheArms) {
  const auto hands_above_head = [](const Timeline& t, double at) {
    const Skeleton k = skeleton_of(pose_at(t, 0, at), t.characters[0].gender);
    return std::min(k.hand[0].y, k.hand[1].y) < k.head.y;
  };
  const Timeline dance = test::planned("A woman dances", Style::cartoon, AspectRatio::r16x9, Resolution::p360, 2, 5);
  const Timeline wave = test::planned("A woman waves at us", Style::cartoon, AspectRatio::r16x9, Resolution::p360, 2, 5);
  const Timeline still = test::planned("A woman stands", Style::cartoon, AspectRatio::r16x9, Resolution::p360, 2, 5);
  ASSERT_EQ(dance.motion, Motion::dance);
  ASSERT_EQ(wave.motion, Motion::wave);
  EXPECT_TRUE(hands_above_head(dance, 1.0));
  EXPECT_TRUE(hands_above_head(wave, 1.5));
  EXPECT_FALSE(hands_above_head(still, 1.5));
  // The waving hand moves from frame to frame.
  const Skeleton a = skeleton_of(pose_at(wave, 0, 1.5), Gender::female);
  const Skeleton b = skeleton_of(pose_at(wave, 0, 1.6), Gender::female);
  EXPECT_GT(std::abs(a.hand[1].x - b.hand[1].x) + std::abs(a.hand[0].x - b.hand[0].x), 0.01);
}

}  // namespace
}  // namespace syncreel::engine
