// A synthetic clip for the media tests: moving shapes over a gradient and a 440 Hz
// tone, fed to any encoder with add_video_frame / add_audio. Header-only.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include "core/error.hpp"

namespace syncreel::testclip {

inline constexpr int kFps = 24;
inline constexpr int kRate = 48000;
inline constexpr double kOneFrame = 1.0 / kFps;

// Cairo-layout pixels (0xAARRGGBB words): a slow gradient, a square that crosses the
// picture and a disc that circles, so every GOP has motion and hard edges to encode.
inline void draw_frame(std::vector<std::uint32_t>& px, int width, int height, int frame) {
  const double t = static_cast<double>(frame) / kFps;
  const int sq = height / 5;
  const int sq_x = static_cast<int>(t * width / 10.0) % (width - sq);
  const int sq_y = height / 6;
  const double cx = width / 2.0 + width / 4.0 * std::cos(t * 1.3);
  const double cy = height / 2.0 + height / 4.0 * std::sin(t * 1.3);
  const double r2 = std::pow(std::min(width, height) / 8.0, 2);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      auto r = static_cast<std::uint32_t>((x * 255 / width + frame) % 256);
      auto g = static_cast<std::uint32_t>(y * 255 / height);
      std::uint32_t b = 96;
      if (x >= sq_x && x < sq_x + sq && y >= sq_y && y < sq_y + sq) r = g = b = 240;
      if ((x - cx) * (x - cx) + (y - cy) * (y - cy) < r2) {
        r = 220;
        g = 40;
        b = 40;
      }
      px[static_cast<std::size_t>(y) * width + x] = 0xFF000000u | (r << 16) | (g << 8) | b;
    }
  }
}

// Feeds `seconds` of pictures and a 440 Hz tone to anything with add_video_frame and
// add_audio (RenditionSet, ClipEncoder); `also` sees every picture (the SSIM reference).
template <class Encoder, class Also>
Result<void> feed_clip(Encoder& enc, int width, int height, double seconds, Also also) {
  std::vector<std::uint32_t> px(static_cast<std::size_t>(width) * height);
  std::vector<float> audio;
  std::int64_t samples_done = 0;
  const int frames = static_cast<int>(std::lround(seconds * kFps));
  for (int i = 0; i < frames; ++i) {
    draw_frame(px, width, height, i);
    also(px);
    if (auto ok = enc.add_video_frame(reinterpret_cast<const std::uint8_t*>(px.data()), width * 4); !ok) return ok;
    const std::int64_t target = std::int64_t{i + 1} * kRate / kFps;
    audio.resize(static_cast<std::size_t>(target - samples_done) * 2);
    for (std::int64_t k = 0; samples_done + k < target; ++k) {
      const double ts = static_cast<double>(samples_done + k) / kRate;
      const auto v = static_cast<float>(0.4 * std::sin(2 * std::numbers::pi * 440.0 * ts));
      audio[static_cast<std::size_t>(2 * k)] = v;
      audio[static_cast<std::size_t>(2 * k + 1)] = v;
    }
    if (auto ok = enc.add_audio(audio); !ok) return ok;
    samples_done = target;
  }
  return {};
}

template <class Encoder>
Result<void> feed_clip(Encoder& enc, int width, int height, double seconds) {
  return feed_clip(enc, width, height, seconds, [](const auto&) {});
}

}  // namespace syncreel::testclip
