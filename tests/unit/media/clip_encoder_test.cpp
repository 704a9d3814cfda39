#include "media/clip_encoder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include "probe.hpp"

namespace syncreel::media {
namespace {

constexpr int kFps = 24;
constexpr int kRate = 48000;
constexpr double kOneFrame = 1.0 / kFps;

// A frame of Cairo-layout pixels (0xAARRGGBB words): a gradient with a bar that moves.
void draw_pattern(std::vector<std::uint32_t>& px, int width, int height, int frame) {
  const int bar = (frame * 8) % width;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const auto r = static_cast<std::uint32_t>(x * 255 / width);
      const auto g = static_cast<std::uint32_t>(y * 255 / height);
      const std::uint32_t b = (x >= bar && x < bar + 40) ? 255 : 40;
      px[static_cast<std::size_t>(y * width + x)] = 0xFF000000u | (r << 16) | (g << 8) | b;
    }
  }
}

// Encodes `seconds` of the pattern (or a solid colour) with a 440 Hz tone, feeding
// audio in irregular chunks so the encoder's own buffering decides the AAC frames.
Result<void> encode_clip(const ClipEncoderConfig& config, int seconds, std::optional<std::uint32_t> solid = {}) {
  auto enc = ClipEncoder::open(config);
  if (!enc) return fail(enc.error());
  std::vector<std::uint32_t> px(static_cast<std::size_t>(config.width * config.height), solid.value_or(0));
  const std::size_t chunk_sizes[] = {1, 777, 2000, 4096, 3};
  std::size_t next_chunk = 0;
  std::int64_t samples_done = 0;
  std::vector<float> audio;
  for (int i = 0; i < seconds * kFps; ++i) {
    if (!solid) draw_pattern(px, config.width, config.height, i);
    if (auto ok = enc->add_video_frame(reinterpret_cast<const std::uint8_t*>(px.data()), config.width * 4); !ok) {
      return ok;
    }
    const std::int64_t target = std::int64_t{i + 1} * kRate / kFps;
    while (samples_done < target) {
      const auto chunk = static_cast<std::int64_t>(chunk_sizes[next_chunk++ % 5]);
      const auto n = std::min(chunk, target - samples_done);
      audio.resize(static_cast<std::size_t>(n) * 2);
      for (std::int64_t k = 0; k < n; ++k) {
        const double t = static_cast<double>(samples_done + k) / kRate;
        const auto v = static_cast<float>(0.5 * std::sin(2 * std::numbers::pi * 440.0 * t));
        audio[static_cast<std::size_t>(2 * k)] = v;
        audio[static_cast<std::size_t>(2 * k + 1)] = v;
      }
      if (auto ok = enc->add_audio(audio); !ok) return ok;
      samples_done += n;
    }
  }
  if (enc->frames_written() != seconds * kFps || enc->samples_written() != std::int64_t{seconds} * kRate) {
    return fail(Error::internal("encoder counted the wrong amount of input"));
  }
  return enc->finish();
}

ClipEncoderConfig config_for(const std::filesystem::path& out, int width, int height) {
  ClipEncoderConfig c;
  c.output = out;
  c.width = width;
  c.height = height;
  return c;
}

TEST(ClipEncoder, FiveSecondClipIsH264HighAacWithExactDurations) {
  probe::TempDir dir;
  const auto out = dir.path() / "clip.mp4";
  const auto ok = encode_clip(config_for(out, 640, 360), 5);
  ASSERT_TRUE(ok) << ok.error().message;

  const auto info = probe::ffprobe(out);
  ASSERT_TRUE(info.is_object()) << "ffprobe failed";
  const auto video = probe::stream_of(info, "video");
  const auto audio = probe::stream_of(info, "audio");
  ASSERT_TRUE(video.is_object());
  ASSERT_TRUE(audio.is_object());
  EXPECT_EQ(video.value("codec_name", ""), "h264");
  EXPECT_EQ(video.value("profile", ""), "High");
  EXPECT_EQ(video.value("pix_fmt", ""), "yuv420p");
  EXPECT_EQ(video.value("width", 0), 640);
  EXPECT_EQ(video.value("height", 0), 360);
  EXPECT_EQ(video.value("r_frame_rate", ""), "24/1");
  EXPECT_EQ(video.value("avg_frame_rate", ""), "24/1");
  EXPECT_EQ(video.value("nb_frames", ""), "120");
  EXPECT_NEAR(probe::json_number(video, "duration"), 5.0, kOneFrame);
  EXPECT_NEAR(probe::json_number(video, "start_time"), 0.0, 1e-6);
  EXPECT_EQ(audio.value("codec_name", ""), "aac");
  EXPECT_EQ(audio.value("profile", ""), "LC");
  EXPECT_EQ(audio.value("sample_rate", ""), "48000");
  EXPECT_EQ(audio.value("channels", 0), 2);
  EXPECT_NEAR(probe::json_number(audio, "duration"), 5.0, kOneFrame);
  EXPECT_NEAR(probe::json_number(audio, "start_time"), 0.0, 1e-6);
  EXPECT_NEAR(probe::json_number(info["format"], "duration"), 5.0, kOneFrame);

  const auto boxes = probe::top_level_boxes(out);
  const auto moov = std::find(boxes.begin(), boxes.end(), "moov");
  const auto mdat = std::find(boxes.begin(), boxes.end(), "mdat");
  ASSERT_NE(moov, boxes.end());
  ASSERT_NE(mdat, boxes.end());
  EXPECT_LT(moov - boxes.begin(), mdat - boxes.begin()) << "faststart must put moov first";
}

TEST(ClipEncoder, WithoutFaststartMdatComesFirst) {
  probe::TempDir dir;
  auto config = config_for(dir.path() / "slow.mp4", 160, 90);
  config.faststart = false;
  ASSERT_TRUE(encode_clip(config, 1));
  const auto boxes = probe::top_level_boxes(config.output);
  const auto moov = std::find(boxes.begin(), boxes.end(), "moov");
  const auto mdat = std::find(boxes.begin(), boxes.end(), "mdat");
  ASSERT_NE(moov, boxes.end());
  ASSERT_NE(mdat, boxes.end());
  EXPECT_GT(moov - boxes.begin(), mdat - boxes.begin());
}

TEST(ClipEncoder, InputIsCairoArgb32) {
  probe::TempDir dir;
  // The colon checks that a URL-like name still becomes a local file.
  const auto config = config_for(dir.path() / "red:1.mp4", 160, 90);
  ASSERT_TRUE(encode_clip(config, 1, 0xFFFF0000u));  // opaque pure red in ARGB32 words
  const auto rgb = probe::decode_rgb(config.output);
  ASSERT_TRUE(rgb.has_value());
  ASSERT_EQ(rgb->size(), std::size_t{160 * 90 * 3});
  const auto at = [&](std::size_t i) { return static_cast<int>(static_cast<unsigned char>((*rgb)[i])); };
  const std::size_t centre = (45 * 160 + 80) * 3;
  EXPECT_NEAR(at(centre), 255, 12);
  EXPECT_NEAR(at(centre + 1), 0, 12);
  EXPECT_NEAR(at(centre + 2), 0, 12);
}

TEST(ClipEncoder, UnwritableOutputIsStorageError) {
  probe::TempDir dir;
  auto enc = ClipEncoder::open(config_for(dir.path() / "missing" / "clip.mp4", 160, 90));
  ASSERT_FALSE(enc);
  EXPECT_EQ(enc.error().code, ErrorCode::storage) << enc.error().message;

  auto onto_dir = ClipEncoder::open(config_for(dir.path(), 160, 90));
  ASSERT_FALSE(onto_dir);
  EXPECT_EQ(onto_dir.error().code, ErrorCode::storage) << onto_dir.error().message;
}

TEST(ClipEncoder, RejectsBadConfigAndBadInput) {
  probe::TempDir dir;
  auto odd = ClipEncoder::open(config_for(dir.path() / "odd.mp4", 161, 90));
  ASSERT_FALSE(odd);
  EXPECT_EQ(odd.error().code, ErrorCode::invalid_argument);

  auto bad_preset = config_for(dir.path() / "preset.mp4", 160, 90);
  bad_preset.x264_preset = "warp-speed";
  auto refused = ClipEncoder::open(bad_preset);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::internal);

  auto enc = ClipEncoder::open(config_for(dir.path() / "ok.mp4", 160, 90));
  ASSERT_TRUE(enc) << enc.error().message;
  std::vector<std::uint32_t> px(160 * 90, 0xFF202020u);
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(px.data());
  EXPECT_EQ(enc->add_video_frame(nullptr, 640).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(enc->add_video_frame(bytes, 100).error().code, ErrorCode::invalid_argument);
  const float three[] = {0.f, 0.f, 0.f};
  EXPECT_EQ(enc->add_audio(three).error().code, ErrorCode::invalid_argument);
  ASSERT_TRUE(enc->add_video_frame(bytes, 640));
  ASSERT_TRUE(enc->finish());
  EXPECT_FALSE(enc->add_video_frame(bytes, 640));
  EXPECT_FALSE(enc->finish());
}

}  // namespace
}  // namespace syncreel::media
