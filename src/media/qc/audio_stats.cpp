#include "media/qc/audio_stats.hpp"

#include <algorithm>
#include <cmath>

#include "media/audio/audio_rate.hpp"

namespace syncreel::media {

AudioStats audio_stats(std::span<const float> stereo) {
  constexpr std::size_t kWindow = 2 * kAudioSampleRate / 20;  // 50 ms of stereo samples
  constexpr double kSilentRms = 0.001;                        // -60 dBFS
  constexpr float kClip = 0.999f;
  AudioStats out;
  if (stereo.empty()) return out;
  std::size_t clipped = 0, windows = 0, silent = 0;
  for (std::size_t start = 0; start < stereo.size(); start += kWindow) {
    const std::size_t end = std::min(stereo.size(), start + kWindow);
    double sum = 0;
    for (std::size_t i = start; i < end; ++i) {
      sum += double{stereo[i]} * stereo[i];
      if (std::abs(stereo[i]) >= kClip) ++clipped;
    }
    ++windows;
    if (std::sqrt(sum / static_cast<double>(end - start)) < kSilentRms) ++silent;
  }
  out.silence_ratio = static_cast<double>(silent) / static_cast<double>(windows);
  out.clipping_ratio = static_cast<double>(clipped) / static_cast<double>(stereo.size());
  return out;
}

}  // namespace syncreel::media
