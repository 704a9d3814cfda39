// The one audio format of the engine: 48 kHz float samples, the mix interleaved stereo.
//
// Every stem has exactly frame_count(duration) frames so stems line up sample for
// sample with each other and with the picture. Pure functions, thread-safe.
#pragma once

#include <cmath>
#include <cstddef>

namespace syncreel::engine {

inline constexpr int kSampleRate = 48000;
inline constexpr int kMixChannels = 2;

// Frames in a clip of `duration_sec` seconds: round(duration * 48000); 0 for a
// non-positive or non-finite duration.
inline std::size_t frame_count(double duration_sec) {
  if (!std::isfinite(duration_sec) || duration_sec <= 0) return 0;
  return static_cast<std::size_t>(std::llround(duration_sec * kSampleRate));
}

// The frame at `seconds`, clamped to [0, total].
inline std::size_t frame_at(double seconds, std::size_t total) {
  if (!(seconds > 0)) return 0;
  const auto f = static_cast<std::size_t>(std::llround(seconds * kSampleRate));
  return f < total ? f : total;
}

}  // namespace syncreel::engine
