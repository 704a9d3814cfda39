// The A/V offset estimator against clips whose shift is known (made by the ffmpeg CLI,
// then measured independently before being trusted).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "media/qc/qc_analyzer.hpp"
#include "sync_clips.hpp"

namespace syncreel::media {
namespace {

class AvOffset : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("syncreel-avoffset-" + std::to_string(::getpid()) + "-" + std::to_string(GetParam() + 1000));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_P(AvOffset, TheEstimateLandsWithin20MsOfTheTrueShift) {
  const int shift = GetParam();
  const auto clip = dir_ / "clip.mp4";
  ASSERT_TRUE(syncclip::make_shifted_clip(clip, shift));

  // The clip carries the shift we meant: every flash found, every beep found, and the
  // beeps sit `shift` ms after the flashes on the ffmpeg CLI's own decode.
  ASSERT_EQ(syncclip::measured_flashes(clip).size(), syncclip::kFlashFrames.size());
  ASSERT_EQ(syncclip::measured_beeps(clip).size(), syncclip::kFlashFrames.size());
  const auto truth = syncclip::measured_shift_ms(clip);
  ASSERT_TRUE(truth.has_value());
  ASSERT_NEAR(*truth, shift, 2.0);

  auto report = analyze_file(clip);
  ASSERT_TRUE(report.has_value()) << report.error().message;
  ASSERT_TRUE(report->av_offset_ms.has_value());
  EXPECT_NEAR(*report->av_offset_ms, shift, 20.0);
  EXPECT_GT(report->av_offset_confidence, QcThresholds{}.min_offset_confidence);
}

INSTANTIATE_TEST_SUITE_P(KnownShifts, AvOffset, ::testing::Values(-200, -120, -40, 0, 40, 120, 200),
                         [](const auto& info) {
                           return (info.param < 0 ? "early_" : "late_") + std::to_string(std::abs(info.param)) + "ms";
                         });

TEST(AvOffsetSilence, ASilentClipHasNoOffsetToReport) {
  const auto dir = std::filesystem::temp_directory_path() / ("syncreel-avsilent-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto clip = dir / "silent.mp4";
  ASSERT_TRUE(probe::run_capture({"ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=160x120:r=30:d=3",
                                  "-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo:d=3", "-shortest", "-c:v", "libx264",
                                  "-preset", "ultrafast", "-c:a", "aac", clip.string()}));
  auto report = analyze_file(clip);
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_FALSE(report->av_offset_ms.has_value());
  EXPECT_GT(report->silence_ratio, 0.95);
  EXPECT_EQ(report->faststart, std::optional<bool>(false));  // an MP4 written without +faststart
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace syncreel::media
