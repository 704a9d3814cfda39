#include "media/audio/loudness.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "media/audio/true_peak_limiter.hpp"

namespace syncreel::media {
namespace {

std::size_t frame_count(double seconds) { return static_cast<std::size_t>(std::llround(seconds * kAudioSampleRate)); }

std::vector<float> stereo_tone(double hz, double amplitude, double seconds, double phase = 0) {
  std::vector<float> s(2 * frame_count(seconds));
  for (std::size_t f = 0; f < s.size() / 2; ++f) {
    const double v = amplitude * std::sin(2 * std::numbers::pi * hz * static_cast<double>(f) / kAudioSampleRate + phase);
    s[2 * f] = s[2 * f + 1] = static_cast<float>(v);
  }
  return s;
}

TEST(Loudness, ASineIsMeasuredAsTheStandardSays) {
  // BS.1770: a 1 kHz sine peaking at 0 dBFS in one channel reads -3.01 LUFS, so in
  // both channels 0 LUFS, and -3 LUFS at a -3 dBFS peak.
  auto lufs = integrated_loudness(stereo_tone(1000, std::pow(10.0, -3.0 / 20), 5), 2);
  ASSERT_TRUE(lufs.has_value());
  EXPECT_NEAR(*lufs, -3.0, 0.1);
}

TEST(Loudness, SilenceIsMinusInfinityAndIsNotNormalised) {
  std::vector<float> silence(2 * frame_count(3), 0.0f);
  auto lufs = integrated_loudness(silence, 2);
  ASSERT_TRUE(lufs.has_value());
  EXPECT_TRUE(std::isinf(*lufs) && *lufs < 0);
  auto r = normalize_loudness(silence, {});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
}

TEST(Loudness, NormalisingHitsTheTargetUnderTheCeiling) {
  // A quiet tone with loud bursts: the gain alone would put the bursts far over 0 dBFS.
  std::vector<float> s = stereo_tone(220, 0.05, 8);
  for (std::size_t f = 2 * kAudioSampleRate; f < 2 * kAudioSampleRate + 4800; ++f) s[2 * f] = s[2 * f + 1] = 0.9f;
  auto r = normalize_loudness(s, {});
  ASSERT_TRUE(r.has_value());
  EXPECT_NEAR(r->integrated_lufs, -14.0, 0.5);
  EXPECT_LE(r->true_peak_dbtp, -1.0);
  auto again = measure_loudness(s);
  ASSERT_TRUE(again.has_value());
  EXPECT_NEAR(again->integrated_lufs, r->integrated_lufs, 1e-6);
}

TEST(TruePeakLimiter, CatchesInterSamplePeaks) {
  // fs/4 sine at 45 degrees: samples at 0.707 of the true peak, a classic inter-sample over.
  std::vector<float> s = stereo_tone(kAudioSampleRate / 4.0, 1.0, 1, std::numbers::pi / 4);
  EXPECT_NEAR(true_peak_dbtp(s), 0.0, 0.2);
  limit_true_peak(s, -3.0);
  EXPECT_LE(true_peak_dbtp(s), -2.9);
  auto m = measure_loudness(s);
  ASSERT_TRUE(m.has_value());
  EXPECT_LE(m->true_peak_dbtp, -2.5);
}

TEST(TruePeakLimiter, LeavesQuietAudioBitExact) {
  const std::vector<float> s = stereo_tone(440, 0.3, 1);
  std::vector<float> limited = s;
  limit_true_peak(limited, -1.0);
  EXPECT_TRUE(limited == s);
}

}  // namespace
}  // namespace syncreel::media
