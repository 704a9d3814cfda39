// Helpers for the whole-render tests: specs, renders into temporary folders, and the
// independent checks made with the ffmpeg / ffprobe CLIs (decoded pictures, loudness,
// the decoded audio). Header-only, test code only.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "../../media/probe.hpp"
#include "../audio/audio_test_support.hpp"
#include "core/sha256.hpp"
#include "engine/render_clip.hpp"

namespace syncreel::engine::test {

inline constexpr double kOneFrame = 1.0 / 24;
inline constexpr const char* kExamplePrompt = "Une femme dit « Bonjour le monde » sur une plage au coucher du soleil";

inline JobSpec spec_of(std::string prompt, int seconds = 5, Resolution res = Resolution::p360) {
  JobSpec s;
  s.prompt = std::move(prompt);
  s.style = Style::cinematic;
  s.duration_sec = seconds;
  s.resolution = res;
  s.seed = 1234;
  s.consent = true;
  return s;
}

// MP4 only: what most tests need, at a fraction of the full output set's cost.
inline RenderOptions mp4_only(const std::filesystem::path& dir) {
  RenderOptions o;
  o.output_dir = dir;
  o.want_hls = false;
  o.want_poster = false;
  o.want_captions = false;
  return o;
}

inline std::string file_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::string file_sha256(const std::filesystem::path& p) { return sha256_hex(file_bytes(p)); }

// Frame `index` of a video, decoded by the ffmpeg CLI to packed RGB24.
inline std::optional<std::string> decoded_frame(const std::filesystem::path& file, int index) {
  return probe::run_capture({"ffmpeg", "-v", "error", "-i", file.string(), "-vf",
                             "select=eq(n\\," + std::to_string(index) + ")", "-frames:v", "1", "-f", "rawvideo",
                             "-pix_fmt", "rgb24", "-"});
}

// The audio of a file, decoded by the ffmpeg CLI to interleaved stereo float at 48 kHz.
inline std::vector<float> decoded_audio(const std::filesystem::path& file) {
  const auto raw = probe::run_capture(
      {"ffmpeg", "-v", "error", "-i", file.string(), "-map", "0:a", "-ac", "2", "-ar", "48000", "-f", "f32le", "-"});
  std::vector<float> out(raw ? raw->size() / sizeof(float) : 0);
  if (raw) std::memcpy(out.data(), raw->data(), out.size() * sizeof(float));
  return out;
}

struct PixelStats {
  double mean = 0;    // 0-255 over every channel
  double stddev = 0;
};

inline PixelStats stats_of(const std::string& rgb) {
  PixelStats s;
  if (rgb.empty()) return s;
  double sum = 0, squares = 0;
  for (const char c : rgb) {
    const double v = static_cast<unsigned char>(c);
    sum += v;
    squares += v * v;
  }
  const double n = static_cast<double>(rgb.size());
  s.mean = sum / n;
  s.stddev = std::sqrt(std::max(0.0, squares / n - s.mean * s.mean));
  return s;
}

// A clip someone can watch and hear: the middle frame is neither black nor flat, and
// ffmpeg's own meter hears the audio near the engine's loudness target.
inline void expect_watchable(const std::filesystem::path& mp4, int frames) {
  const auto middle = decoded_frame(mp4, frames / 2);
  ASSERT_TRUE(middle) << "ffmpeg could not decode " << mp4;
  const PixelStats px = stats_of(*middle);
  EXPECT_GT(px.mean, 25.0) << "the picture is (nearly) black";
  EXPECT_GT(px.stddev, 10.0) << "the picture is one flat colour";
  const auto loudness = ffmpeg_loudness(mp4);
  ASSERT_TRUE(loudness) << "ffmpeg could not meter " << mp4;
  EXPECT_GT(loudness->integrated_lufs, -20.0) << "the audio is (nearly) silent";
}

}  // namespace syncreel::engine::test
