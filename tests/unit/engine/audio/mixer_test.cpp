#include "engine/audio/mixer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "audio_test_support.hpp"
#include "engine/audio/audio_format.hpp"

namespace syncreel::engine {
namespace {

// Amplitude of `hz` in the left channel over [from, to) seconds (Goertzel).
double tone_level(const std::vector<float>& stereo, double hz, double from, double to) {
  const auto a = static_cast<std::size_t>(from * kSampleRate), b = static_cast<std::size_t>(to * kSampleRate);
  const double w = 2 * std::numbers::pi * hz / kSampleRate;
  double s1 = 0, s2 = 0;
  for (std::size_t f = a; f < b; ++f) {
    const double s0 = stereo[2 * f] + 2 * std::cos(w) * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const double power = s1 * s1 + s2 * s2 - 2 * std::cos(w) * s1 * s2;
  return 2 * std::sqrt(power) / static_cast<double>(b - a);
}

std::vector<float> stereo_sine(double hz, double amplitude, std::size_t frames) {
  std::vector<float> s(2 * frames);
  for (std::size_t f = 0; f < frames; ++f) {
    s[2 * f] = s[2 * f + 1] =
        static_cast<float>(amplitude * std::sin(2 * std::numbers::pi * hz * static_cast<double>(f) / kSampleRate));
  }
  return s;
}

// A "voice": a 3 kHz tone from 2 s to 4 s, spoken by character 0.
SpeechTrack tone_speech(std::size_t frames) {
  SpeechTrack speech;
  speech.samples.assign(frames, 0.0f);
  SpokenLine line;
  line.begin = 2 * kSampleRate;
  line.end = 4 * kSampleRate;
  for (std::size_t f = line.begin; f < line.end; ++f) {
    speech.samples[f] =
        static_cast<float>(0.3 * std::sin(2 * std::numbers::pi * 3000.0 * static_cast<double>(f) / kSampleRate));
  }
  speech.lines = {line};
  return speech;
}

TEST(Mixer, MusicIsDuckedWhileSomeoneSpeaks) {
  Timeline t = test::base_timeline(8);
  t.dialogue = {test::line(0, "la la", Language::fr)};
  const std::size_t frames = frame_count(8);
  auto r = mix(t, tone_speech(frames), stereo_sine(440, 0.2, frames), {});
  ASSERT_TRUE(r.has_value()) << r.error().message;
  const double during = tone_level(r->samples, 440, 2.5, 3.5);
  const double after = tone_level(r->samples, 440, 6.0, 7.0);
  EXPECT_NEAR(20 * std::log10(during / after), kMusicDuckDb, 1.0);
}

TEST(Mixer, DuckingRampsDownBeforeTheLineAndBackUpAfterIt) {
  const std::size_t frames = frame_count(8);
  const SpeechTrack speech = tone_speech(frames);
  const auto g = ducking_envelope(speech, frames, -10);
  const auto db_at = [&](double sec) { return 20 * std::log10(g[static_cast<std::size_t>(sec * kSampleRate)]); };
  EXPECT_NEAR(db_at(2.0 - kDuckAttackSec - 0.01), 0.0, 1e-6);
  EXPECT_NEAR(db_at(2.0 - kDuckAttackSec / 2), -5.0, 0.1);
  EXPECT_NEAR(db_at(2.0), -10.0, 0.01);
  EXPECT_NEAR(db_at(4.0 + kDuckReleaseSec / 2), -5.0, 0.1);
  EXPECT_NEAR(db_at(4.0 + kDuckReleaseSec + 0.01), 0.0, 1e-6);
}

TEST(Mixer, AShortPauseBetweenLinesStaysDucked) {
  const std::size_t frames = frame_count(10);
  SpeechTrack speech;
  speech.samples.assign(frames, 0.0f);
  const auto at = [](double sec) { return static_cast<std::size_t>(sec * kSampleRate); };
  speech.lines = {SpokenLine{0, at(1.0), at(2.0)}, SpokenLine{1, at(2.4), at(3.0)}, SpokenLine{2, at(5.0), at(6.0)}};
  const auto g = ducking_envelope(speech, frames, -10);
  EXPECT_NEAR(20 * std::log10(g[at(2.2)]), -10.0, 0.01);  // 0.4 s pause: held
  EXPECT_NEAR(20 * std::log10(g[at(4.0)]), 0.0, 1e-6);    // 2 s pause: the music comes back
}

TEST(Mixer, TheMixHasExactlyTheClipsFrames) {
  for (const double duration : {5.0, 7.3, 10.0 / 3.0}) {
    Timeline t = test::base_timeline(duration);
    const std::size_t frames = frame_count(duration);
    EXPECT_EQ(frames, static_cast<std::size_t>(std::llround(duration * 48000)));
    auto r = mix(t, SpeechTrack{}, stereo_sine(330, 0.1, frames), {});
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->samples.size(), 2 * frames);
    EXPECT_FALSE(r->silent);
  }
}

TEST(Mixer, SilentStemsGiveSilenceNotAmplifiedNoise) {
  Timeline t = test::base_timeline(5);
  const std::size_t frames = frame_count(5);
  for (const bool zeros : {false, true}) {
    SpeechTrack speech;
    std::vector<float> music, ambience;
    if (zeros) {
      speech.samples.assign(frames, 0.0f);
      music.assign(2 * frames, 0.0f);
      ambience.assign(2 * frames, 1e-7f);  // far under the -70 LUFS gate
    }
    auto r = mix(t, speech, music, ambience);
    ASSERT_TRUE(r.has_value());
    EXPECT_TRUE(r->silent);
    EXPECT_EQ(r->samples.size(), 2 * frames);
    EXPECT_TRUE(std::ranges::all_of(r->samples, [](float s) { return s == 0.0f; }));
    EXPECT_TRUE(std::isinf(r->integrated_lufs));
  }
}

TEST(Mixer, AStemOfTheWrongLengthIsRejected) {
  Timeline t = test::base_timeline(5);
  auto r = mix(t, SpeechTrack{}, std::vector<float>(100, 0.1f), {});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
  EXPECT_NE(r.error().message.find("music"), std::string::npos);
}

TEST(Mixer, DialogueIsPannedTowardsItsSpeaker) {
  Timeline t = test::base_timeline(6);
  t.characters[0].x = 0.0;  // far left
  t.dialogue = {test::line(0, "la la", Language::fr)};
  auto r = mix(t, tone_speech(frame_count(6)), {}, {});
  ASSERT_TRUE(r.has_value());
  double left = 0, right = 0;
  for (std::size_t f = 2 * kSampleRate; f < 4 * kSampleRate; ++f) {
    left += std::fabs(r->samples[2 * f]);
    right += std::fabs(r->samples[2 * f + 1]);
  }
  EXPECT_GT(left, 1.5 * right);
  EXPECT_GT(right, 0.1 * left);  // panned, not hard left
}

}  // namespace
}  // namespace syncreel::engine
