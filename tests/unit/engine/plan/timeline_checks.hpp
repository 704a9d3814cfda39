// Invariants every planned timeline keeps, checked the same way by every planner test.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "engine/timeline.hpp"

namespace syncreel::engine {

inline void expect_valid_timeline(const Timeline& t) {
  EXPECT_GT(t.width, 0);
  EXPECT_GT(t.height, 0);
  EXPECT_EQ(t.fps, 24);
  ASSERT_FALSE(t.characters.empty());
  EXPECT_LE(t.characters.size(), 2u);
  ASSERT_EQ(t.visemes.size(), t.characters.size());
  ASSERT_FALSE(t.dialogue.empty());
  for (const DialogueLine& line : t.dialogue) {
    EXPECT_FALSE(line.text.empty());
    EXPECT_GE(line.speaker, 0);
    EXPECT_LT(line.speaker, static_cast<int>(t.characters.size()));
    EXPECT_FALSE(line.voice.empty());
    EXPECT_GE(line.start, 0.0);
    EXPECT_LT(line.start, line.end);
    EXPECT_LE(line.end, t.duration);
  }
  for (std::size_t i = 1; i < t.dialogue.size(); ++i) EXPECT_LE(t.dialogue[i - 1].end, t.dialogue[i].start);
  for (const auto& track : t.visemes) {
    for (std::size_t i = 0; i < track.size(); ++i) {
      EXPECT_LT(track[i].start, track[i].end);
      if (i > 0) {
        EXPECT_LE(track[i - 1].end, track[i].start + 1e-9);
      }
    }
  }
  ASSERT_FALSE(t.shots.empty());
  EXPECT_DOUBLE_EQ(t.shots.front().start, 0.0);
  EXPECT_DOUBLE_EQ(t.shots.back().end, t.duration);
  for (std::size_t i = 0; i < t.shots.size(); ++i) {
    EXPECT_LT(t.shots[i].start, t.shots[i].end);
    if (i > 0) {
      EXPECT_DOUBLE_EQ(t.shots[i - 1].end, t.shots[i].start);
    }
    EXPECT_GE(t.shots[i].focus, -1);
    EXPECT_LT(t.shots[i].focus, static_cast<int>(t.characters.size()));
  }
  ASSERT_FALSE(t.subtitles.empty());
  for (const SubtitleCue& c : t.subtitles) {
    EXPECT_FALSE(c.text.empty());
    EXPECT_LT(c.start, c.end);
  }
  ASSERT_FALSE(t.music.empty());
  for (const MusicCue& m : t.music) {
    EXPECT_FALSE(m.instruments.empty());
    for (const int p : m.instruments) {
      EXPECT_GE(p, 0);
      EXPECT_LE(p, 127);
    }
    EXPECT_GT(m.tempo_bpm, 30);
  }
  for (std::size_t i = 0; i < t.effects.size(); ++i) {
    EXPECT_GE(t.effects[i].at, 0.0);
    EXPECT_LT(t.effects[i].at, t.duration);
    if (i > 0) {
      EXPECT_LE(t.effects[i - 1].at, t.effects[i].at);
    }
  }
  EXPECT_FALSE(t.watermark.empty());
}

}  // namespace syncreel::engine
