// process_provider_clip end to end: a 10 s 720p provider-like clip in, every output
// checked with the ffprobe / ffmpeg CLIs.
#include "media/postprocess/provider_clip.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <optional>
#include <sstream>
#include <string>

#include "hls_probe.hpp"
#include "probe.hpp"

// fontconfig keeps its font cache for the life of the process (Pango draws the watermark
// and captions): not a leak of ours.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }

namespace syncreel::media {
namespace {

// The ffmpeg CLI's last summary value after `label` (as in "I:  -14.0 LUFS"), or NaN.
// std::regex is avoided on purpose: GCC 12 warns inside it under the sanitizers.
double summary_value(const std::string& text, const std::string& label) {
  const auto at = text.rfind(label);
  if (at == std::string::npos) return std::nan("");
  const char* begin = text.c_str() + at + label.size();
  char* end = nullptr;
  const double v = std::strtod(begin, &end);  // skips blanks, reads "-inf" too
  return end == begin ? std::nan("") : v;
}

// Seconds of a WebVTT timestamp "HH:MM:SS.mmm", or nullopt.
std::optional<double> vtt_seconds(const std::string& text) {
  int h = 0, m = 0, s = 0, ms = 0;
  if (std::sscanf(text.c_str(), "%2d:%2d:%2d.%3d", &h, &m, &s, &ms) != 4) return std::nullopt;
  return h * 3600.0 + m * 60.0 + s + ms / 1000.0;
}

class ProviderClip : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                     ("syncreel-provider-clip-" + std::to_string(::getpid())));
    std::filesystem::create_directories(*dir_);
    // Moving test pattern, and "speech": two low voiced bursts (1-3 s, 5-7 s) at a
    // quiet -30 dBFS over faint noise, so loudness normalisation has work to do.
    ASSERT_TRUE(probe::run_capture(
        {"ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=30:d=10", "-f", "lavfi", "-i",
         "aevalsrc='0.03*sin(2*PI*180*t)*(between(t,1,3)+between(t,5,7))+0.0005*(random(0)-0.5)|"
         "0.03*sin(2*PI*180*t)*(between(t,1,3)+between(t,5,7))+0.0005*(random(1)-0.5)':s=48000:d=10",
         "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "192k",
         (*dir_ / "provider.mp4").string()}));
    ProcessRequest request;
    request.input = *dir_ / "provider.mp4";
    request.output_dir = *dir_ / "out";
    request.dialogue = {"Bonjour !", "Regarde la mer."};
    request.watermark.text = "syncreel";
    result_ = new Result<ProcessedClip>(process_provider_clip(request));
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*dir_);
    delete result_;
    delete dir_;
  }
  void SetUp() override { ASSERT_TRUE(result_->has_value()) << result_->error().message; }
  static const ProcessedClip& clip() { return **result_; }

  static inline std::filesystem::path* dir_ = nullptr;
  static inline Result<ProcessedClip>* result_ = nullptr;
};

TEST_F(ProviderClip, TheMp4IsH264HighAndAacLcWithFaststartUnderTheSizeCap) {
  const auto p = probe::ffprobe(clip().mp4);
  const auto v = probe::stream_of(p, "video");
  const auto a = probe::stream_of(p, "audio");
  EXPECT_EQ(v.value("codec_name", ""), "h264");
  EXPECT_EQ(v.value("profile", ""), "High");
  EXPECT_EQ(v.value("width", 0), 1280);
  EXPECT_EQ(v.value("height", 0), 720);
  EXPECT_EQ(a.value("codec_name", ""), "aac");
  EXPECT_EQ(a.value("profile", ""), "LC");
  EXPECT_NEAR(probe::json_number(a, "bit_rate"), 128'000, 16'000);
  EXPECT_NEAR(probe::json_number(v, "duration"), 10.0, 0.05);
  EXPECT_NEAR(probe::json_number(a, "duration"), 10.0, 0.05);
  EXPECT_LE(std::filesystem::file_size(clip().mp4), 20u << 20);
  const auto boxes = probe::top_level_boxes(clip().mp4);
  const auto moov = std::find(boxes.begin(), boxes.end(), "moov");
  const auto mdat = std::find(boxes.begin(), boxes.end(), "mdat");
  ASSERT_NE(moov, boxes.end());
  EXPECT_LT(moov, mdat);
}

TEST_F(ProviderClip, HlsRenditionsParseAndShareTheirKeyframes) {
  const auto variants = probe::parse_master(clip().master_playlist);
  ASSERT_EQ(variants.size(), 2u);
  std::vector<std::vector<std::string>> keyframes;
  for (const auto& v : variants) {
    const auto playlist = clip().master_playlist.parent_path() / v.uri;
    const auto media = probe::parse_media(playlist);
    ASSERT_FALSE(media.segments.empty()) << v.uri;
    for (double d : media.durations) EXPECT_TRUE(d >= 2.0 - 1e-6 && d <= 6.0 + 1e-6) << d;
    const auto joined = probe::concatenate(playlist, *dir_ / (std::to_string(keyframes.size()) + ".mp4"));
    EXPECT_NEAR(probe::packet_span(joined, "v"), 10.0, 0.05);
    keyframes.push_back(probe::keyframe_times(joined));
  }
  EXPECT_EQ(keyframes[0], keyframes[1]);
  EXPECT_GE(keyframes[0].size(), 5u);  // a 2 s GOP over 10 s
}

TEST_F(ProviderClip, ThePictureStaysCloseToTheSource) {
  // Watermark and captions change a few percent of the picture; the rest must survive
  // the encode. SSIM over the whole clip at 720p, the source as reference.
  const auto out = probe::shell("ffmpeg -v info -i " + clip().mp4.string() + " -i " + (*dir_ / "provider.mp4").string() +
                              " -lavfi '[0:v][1:v]ssim' -f null -");
  ASSERT_TRUE(out);
  EXPECT_GE(summary_value(*out, "All:"), 0.95) << *out;
}

TEST_F(ProviderClip, TheSoundMeetsTheLoudnessTargetOnFfmpegsMeter) {
  const auto out = probe::shell("ffmpeg -v info -nostats -i " + clip().mp4.string() +
                              " -map 0:a -af ebur128=peak=true -f null -");
  ASSERT_TRUE(out);
  EXPECT_NEAR(summary_value(*out, "I:"), -14.0, 1.0) << *out;
  EXPECT_LE(summary_value(*out, "Peak:"), -0.8) << *out;  // AAC adds a little overshoot
  EXPECT_NEAR(clip().qc.integrated_lufs, -14.0, 0.6);
}

TEST_F(ProviderClip, TheDialogueIsCaptionedWhereTheSpeechIs) {
  const std::string vtt = probe::read_text(clip().captions);
  std::vector<std::pair<double, double>> times;
  std::istringstream lines(vtt);
  for (std::string line; std::getline(lines, line);) {
    const auto arrow = line.find(" --> ");
    if (arrow == std::string::npos) continue;
    const auto start = vtt_seconds(line.substr(0, arrow)), end = vtt_seconds(line.substr(arrow + 5));
    ASSERT_TRUE(start && end) << line;
    times.emplace_back(*start, *end);
  }
  ASSERT_EQ(times.size(), 2u) << vtt;
  EXPECT_NEAR(times[0].first, 1.0, 0.1);
  EXPECT_NEAR(times[0].second, 3.0, 0.1);
  EXPECT_NEAR(times[1].first, 5.0, 0.1);
  EXPECT_NEAR(times[1].second, 7.0, 0.1);
  EXPECT_NE(vtt.find("Regarde la mer."), std::string::npos);
}

TEST_F(ProviderClip, ThePosterAndTheQcReportDescribeTheDeliveredClip) {
  const auto poster = probe::stream_of(probe::ffprobe(clip().poster), "video");
  EXPECT_EQ(poster.value("codec_name", ""), "mjpeg");
  EXPECT_EQ(poster.value("width", 0), 1280);
  EXPECT_EQ(clip().qc.faststart, std::optional<bool>(true));
  EXPECT_NEAR(clip().qc.duration_video_s, 10.0, 0.05);
  EXPECT_NEAR(clip().qc.duration_audio_s, 10.0, 0.05);
  EXPECT_LE(clip().qc.true_peak_dbtp, -1.0);
}

}  // namespace
}  // namespace syncreel::media
