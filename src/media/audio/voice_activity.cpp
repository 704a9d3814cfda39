#include "media/audio/voice_activity.hpp"

#include <algorithm>
#include <cmath>

#include "media/audio/audio_rate.hpp"

namespace syncreel::media {

std::vector<SpeechSegment> detect_speech(std::span<const float> stereo, const VadConfig& config) {
  const auto frame = static_cast<std::size_t>(config.frame_ms * kAudioSampleRate / 1000.0);
  const std::size_t frames = stereo.size() / 2 / frame;
  if (frames == 0) return {};
  std::vector<double> level_db(frames);
  std::vector<double> zcr(frames);
  for (std::size_t f = 0; f < frames; ++f) {
    double energy = 0;
    std::size_t crossings = 0;
    float previous = 0;
    for (std::size_t i = f * frame; i < (f + 1) * frame; ++i) {
      const float mono = 0.5f * (stereo[2 * i] + stereo[2 * i + 1]);
      energy += double{mono} * mono;
      if (i > f * frame && (mono >= 0) != (previous >= 0)) ++crossings;
      previous = mono;
    }
    level_db[f] = 10 * std::log10(energy / static_cast<double>(frame) + 1e-12);
    zcr[f] = static_cast<double>(crossings) / static_cast<double>(frame);
  }
  std::vector<double> sorted = level_db;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(frames / 10), sorted.end());
  const double threshold = std::max(sorted[frames / 10] + config.over_floor_db, config.min_level_dbfs);

  const double frame_s = config.frame_ms / 1000.0;
  const auto hangover = static_cast<std::size_t>(std::ceil(config.hangover_ms / config.frame_ms));
  std::vector<SpeechSegment> out;
  std::size_t start = 0, last_voiced = 0, silent_run = 0;
  bool open = false;
  auto close = [&] {
    const double s = static_cast<double>(start) * frame_s;
    const double e = static_cast<double>(last_voiced + 1) * frame_s;
    if ((e - s) * 1000.0 >= config.min_segment_ms) out.push_back({s, e});
    open = false;
  };
  for (std::size_t f = 0; f < frames; ++f) {
    const bool voiced = level_db[f] > threshold && zcr[f] <= config.max_zero_crossing_rate;
    if (voiced) {
      if (!open) {
        open = true;
        start = f;
      }
      last_voiced = f;
      silent_run = 0;
    } else if (open && ++silent_run > hangover) {
      close();
    }
  }
  if (open) close();
  return out;
}

}  // namespace syncreel::media
