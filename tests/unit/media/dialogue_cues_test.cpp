// Voice activity detection and the timing of dialogue captions on it.
#include "media/postprocess/dialogue_cues.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

#include "media/audio/audio_rate.hpp"
#include "media/audio/voice_activity.hpp"

namespace syncreel::media {
namespace {

// Faint noise with voiced bursts (a 150 Hz buzz) over the given spans, stereo.
std::vector<float> noise_with_bursts(double seconds, const std::vector<SpeechSegment>& bursts, double hz = 150) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> noise(-0.002f, 0.002f);
  const auto frames = static_cast<std::size_t>(seconds * kAudioSampleRate);
  std::vector<float> s(2 * frames);
  for (std::size_t i = 0; i < frames; ++i) {
    const double t = static_cast<double>(i) / kAudioSampleRate;
    double v = noise(rng);
    for (const auto& b : bursts) {
      if (t >= b.start && t < b.end) v += 0.2 * std::sin(2 * std::numbers::pi * hz * t);
    }
    s[2 * i] = s[2 * i + 1] = static_cast<float>(v);
  }
  return s;
}

TEST(VoiceActivity, FindsVoicedBurstsToTheFrame) {
  const auto speech = detect_speech(noise_with_bursts(6, {{0.5, 1.5}, {3.0, 4.2}}));
  ASSERT_EQ(speech.size(), 2u);
  EXPECT_NEAR(speech[0].start, 0.5, 0.03);
  EXPECT_NEAR(speech[0].end, 1.5, 0.03);
  EXPECT_NEAR(speech[1].start, 3.0, 0.03);
  EXPECT_NEAR(speech[1].end, 4.2, 0.03);
}

TEST(VoiceActivity, TheHangoverBridgesPausesBetweenWords) {
  const auto speech = detect_speech(noise_with_bursts(4, {{0.5, 1.0}, {1.15, 1.8}}));
  ASSERT_EQ(speech.size(), 1u);
  EXPECT_NEAR(speech[0].start, 0.5, 0.03);
  EXPECT_NEAR(speech[0].end, 1.8, 0.03);
}

TEST(VoiceActivity, HissAndClicksAreNotSpeech) {
  // A loud 9 kHz tone crosses zero far more often than a voice; a 40 ms click is too short.
  EXPECT_TRUE(detect_speech(noise_with_bursts(3, {{0.5, 2.0}}, 9000)).empty());
  EXPECT_TRUE(detect_speech(noise_with_bursts(3, {{1.0, 1.04}})).empty());
  EXPECT_TRUE(detect_speech(std::vector<float>(2 * kAudioSampleRate, 0.0f)).empty());
}

TEST(DialogueCues, MoreSegmentsThanLinesSplitAtTheWidestPauses) {
  const auto cues = dialogue_cues({"one", "two"}, {{1.0, 1.5}, {1.7, 2.4}, {4.0, 5.0}}, 6);
  ASSERT_EQ(cues.size(), 2u);
  EXPECT_DOUBLE_EQ(cues[0].start, 1.0);
  EXPECT_DOUBLE_EQ(cues[0].end, 2.4);
  EXPECT_DOUBLE_EQ(cues[1].start, 4.0);
  EXPECT_DOUBLE_EQ(cues[1].end, 5.0);
  EXPECT_EQ(cues[1].text, "two");
}

TEST(DialogueCues, FewerSegmentsShareTheSpeechByLength) {
  // 3 s of speech, lines of 10 and 20 characters: 1 s and 2 s of it.
  const auto cues = dialogue_cues({std::string(10, 'a'), std::string(20, 'b')}, {{2.0, 5.0}}, 8);
  ASSERT_EQ(cues.size(), 2u);
  EXPECT_DOUBLE_EQ(cues[0].start, 2.0);
  EXPECT_DOUBLE_EQ(cues[0].end, 3.0);
  EXPECT_DOUBLE_EQ(cues[1].start, 3.0);
  EXPECT_DOUBLE_EQ(cues[1].end, 5.0);
}

TEST(DialogueCues, WithoutSpeechTheLinesShareTheClip) {
  const auto cues = dialogue_cues({"ab", "cd"}, {}, 10);
  ASSERT_EQ(cues.size(), 2u);
  EXPECT_DOUBLE_EQ(cues[0].end, 5.0);
  EXPECT_DOUBLE_EQ(cues[1].end, 10.0);
  EXPECT_TRUE(dialogue_cues({}, {{1, 2}}, 10).empty());
}

}  // namespace
}  // namespace syncreel::media
