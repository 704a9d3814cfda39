// The example, rendered for real with the service's full output set and checked
// with ffprobe / ffmpeg rather than with the engine's own measurements.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>

#include "engine/audio/engine_audio.hpp"
#include "engine/picture/frame_renderer.hpp"
#include "engine/plan/planner.hpp"
#include "render_test_support.hpp"

// Fontconfig keeps process-wide caches of the fonts Pango resolved and never frees them
// (bounded, about 32 KB); the sanitizer run ignores that one library.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }

namespace syncreel::engine {
namespace {

using test::kOneFrame;

// One 10 s 720p render shared by the tests below: it is the expensive part.
class ExampleClip : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new probe::TempDir;
    RenderOptions options;
    options.output_dir = dir_->path();
    options.on_progress = [](int p) { progress_->push_back(p); };
    progress_ = new std::vector<int>;
    auto clip = render_clip(test::spec_of(test::kExamplePrompt, 10, Resolution::p720), options);
    ASSERT_TRUE(clip) << clip.error().message;
    clip_ = new RenderedClip(std::move(*clip));
  }
  static void TearDownTestSuite() {
    delete clip_;
    delete progress_;
    delete dir_;
  }
  void SetUp() override { ASSERT_NE(clip_, nullptr) << "the render failed"; }

  static probe::TempDir* dir_;
  static RenderedClip* clip_;
  static std::vector<int>* progress_;
};
probe::TempDir* ExampleClip::dir_ = nullptr;
RenderedClip* ExampleClip::clip_ = nullptr;
std::vector<int>* ExampleClip::progress_ = nullptr;

TEST_F(ExampleClip, IsH264AndAacOfTenSecondsWithTheIndexFirst) {
  const auto info = probe::ffprobe(clip_->mp4);
  const auto video = probe::stream_of(info, "video");
  const auto audio = probe::stream_of(info, "audio");
  ASSERT_TRUE(video.is_object() && audio.is_object()) << "ffprobe could not read the clip";
  EXPECT_EQ(video.value("codec_name", ""), "h264");
  EXPECT_EQ(video.value("width", 0), 1280);
  EXPECT_EQ(video.value("height", 0), 720);
  EXPECT_EQ(video.value("r_frame_rate", ""), "24/1");
  EXPECT_NEAR(probe::json_number(video, "duration"), 10.0, kOneFrame);
  EXPECT_EQ(audio.value("codec_name", ""), "aac");
  EXPECT_EQ(audio.value("channels", 0), 2);
  EXPECT_EQ(audio.value("sample_rate", ""), "48000");
  EXPECT_NEAR(probe::json_number(audio, "duration"), 10.0, kOneFrame);

  const auto boxes = probe::top_level_boxes(clip_->mp4);
  const auto moov = std::find(boxes.begin(), boxes.end(), "moov");
  const auto mdat = std::find(boxes.begin(), boxes.end(), "mdat");
  ASSERT_TRUE(moov != boxes.end() && mdat != boxes.end());
  EXPECT_LT(moov - boxes.begin(), mdat - boxes.begin()) << "faststart: the index must come before the media";
}

TEST_F(ExampleClip, MeetsTheLoudnessTargetOnFfmpegsMeter) {
  const auto measured = test::ffmpeg_loudness(clip_->mp4);
  ASSERT_TRUE(measured);
  EXPECT_NEAR(measured->integrated_lufs, -14.0, 1.0);
  EXPECT_LE(measured->true_peak_dbtp, -1.0);
}

TEST_F(ExampleClip, WritesTheServiceOutputSetInTheSamePass) {
  EXPECT_EQ(clip_->frames, 240);
  EXPECT_DOUBLE_EQ(clip_->duration_sec, 10.0);
  const auto master = test::file_bytes(clip_->hls_dir / "master.m3u8");
  EXPECT_NE(master.find("360p/index.m3u8"), std::string::npos) << master;
  EXPECT_NE(master.find("720p/index.m3u8"), std::string::npos) << master;
  EXPECT_FALSE(std::filesystem::exists(clip_->hls_dir / "clip.mp4")) << "the MP4 is served on its own";
  const auto poster = probe::stream_of(probe::ffprobe(clip_->poster), "video");
  EXPECT_EQ(poster.value("codec_name", ""), "mjpeg");
  EXPECT_EQ(poster.value("width", 0), 1280);
  const auto vtt = test::file_bytes(clip_->captions);
  EXPECT_TRUE(vtt.starts_with("WEBVTT")) << vtt;
  EXPECT_NE(vtt.find("Bonjour le monde"), std::string::npos) << vtt;
  // The lines the audio placed are the ones the picture drew.
  ASSERT_FALSE(clip_->timeline.dialogue.empty());
  EXPECT_EQ(clip_->timeline.dialogue[0].text, "Bonjour le monde");
  EXPECT_GT(clip_->timeline.dialogue[0].end, clip_->timeline.dialogue[0].start);

  ASSERT_FALSE(progress_->empty());
  EXPECT_EQ(progress_->front(), 0);
  EXPECT_EQ(progress_->back(), 100);
  EXPECT_GT(progress_->size(), 90u) << "progress moves as frames are encoded";
  for (std::size_t i = 1; i < progress_->size(); ++i) EXPECT_LT((*progress_)[i - 1], (*progress_)[i]);
}

// Lip-sync on the output path. The mouth is drawn from the viseme track at t = n / fps
// and the phonemes sit at the same t in the mix (speech and audio tests check that), so
// what remains is that encoding keeps both: the decoded audio lines up with the engine's
// mix, and the decoded picture n is the frame drawn for n, not a neighbour.
TEST_F(ExampleClip, DecodedSoundAndPictureStayOnTheTimeline) {
  Timeline tl = *plan(test::spec_of(test::kExamplePrompt, 10, Resolution::p720));
  const auto mix = render_audio(tl, AudioConfig{});
  ASSERT_TRUE(mix);
  const std::vector<float> decoded = test::decoded_audio(clip_->mp4);
  ASSERT_GE(decoded.size(), mix->samples.size() - 2 * 2048);
  // Correlate one second of speech, left channel, over lags of up to 2 frames.
  const DialogueLine& line = clip_->timeline.dialogue[0];
  const auto begin = static_cast<std::ptrdiff_t>(line.start * 48000);
  const std::ptrdiff_t length = 48000;
  const std::ptrdiff_t max_lag = 4000;
  std::ptrdiff_t best_lag = 0;
  double best = -std::numeric_limits<double>::infinity();
  for (std::ptrdiff_t lag = -max_lag; lag <= max_lag; ++lag) {
    double sum = 0;
    for (std::ptrdiff_t i = begin; i < begin + length; ++i) {
      sum += static_cast<double>(mix->samples[static_cast<std::size_t>(2 * i)]) *
             decoded[static_cast<std::size_t>(2 * (i + lag))];
    }
    if (sum > best) best = sum, best_lag = lag;
  }
  EXPECT_LE(std::abs(best_lag), 2000) << "decoded audio is " << best_lag << " samples off the mix (1 frame = 2000)";

  auto renderer = FrameRenderer::create(clip_->timeline);
  ASSERT_TRUE(renderer);
  const int frame = static_cast<int>((line.start + line.end) / 2 * 24);  // mid-line: the mouth moves
  const auto picture = test::decoded_frame(clip_->mp4, frame);
  ASSERT_TRUE(picture && picture->size() == 1280u * 720 * 3);
  const auto distance_to = [&](int drawn_index) {
    std::vector<std::uint8_t> argb(1280u * 720 * 4);
    EXPECT_TRUE(renderer->render(drawn_index, argb.data(), 1280 * 4));
    double sum = 0;
    for (std::size_t px = 0; px < 1280u * 720; ++px) {
      for (int c = 0; c < 3; ++c) {
        // Cairo ARGB32 is B, G, R, A in memory; rgb24 is R, G, B.
        const int drawn = argb[px * 4 + static_cast<std::size_t>(2 - c)];
        sum += std::abs(drawn - static_cast<unsigned char>((*picture)[px * 3 + static_cast<std::size_t>(c)]));
      }
    }
    return sum / (1280.0 * 720 * 3);
  };
  const double same = distance_to(frame);
  EXPECT_LT(same, 6.0) << "the decoded picture does not look like the frame drawn for it";
  EXPECT_LT(same, distance_to(frame - 1)) << "the picture runs a frame late";
  EXPECT_LT(same, distance_to(frame + 1)) << "the picture runs a frame early";
}

}  // namespace
}  // namespace syncreel::engine
