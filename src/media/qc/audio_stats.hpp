// Level statistics of a clip's sound that loudness alone does not show: how much of it
// is silence, and how much of it is clipped.
#pragma once

#include <span>

namespace syncreel::media {

struct AudioStats {
  double silence_ratio = 0;   // share of 50 ms windows whose RMS is under -60 dBFS
  double clipping_ratio = 0;  // share of samples at or over 0.999 full scale
};

// Of interleaved stereo at kAudioSampleRate. Empty input: both ratios 0. Thread-safe.
AudioStats audio_stats(std::span<const float> stereo);

}  // namespace syncreel::media
