// Loudness per EBU R 128 / ITU-R BS.1770 (libebur128) and normalisation to a target.
//
// Pure functions over the caller's samples; each call owns its own ebur128 state, so
// concurrent calls are safe.
#pragma once

#include <span>
#include <vector>

#include "core/error.hpp"
#include "media/audio/audio_rate.hpp"

namespace syncreel::media {

struct LoudnessTarget {
  double integrated_lufs = -14.0;  // streaming platforms' reference
  double tolerance_lu = 0.5;
  double true_peak_dbtp = -1.0;  // ceiling
};

struct LoudnessReading {
  double integrated_lufs = 0;  // -inf for silence (nothing above the -70 LUFS gate)
  double true_peak_dbtp = 0;   // -inf for digital silence
};

// Integrated loudness of interleaved float samples at kAudioSampleRate with `channels`
// channels (1 or 2); -inf when silent. Failure: invalid_argument for another channel
// count or a ragged buffer; internal when libebur128 fails.
Result<double> integrated_loudness(std::span<const float> samples, int channels);

// Integrated loudness and true peak (libebur128's 4x oversampling) of interleaved
// stereo. Failure: as integrated_loudness.
Result<LoudnessReading> measure_loudness(std::span<const float> stereo);

// Brings non-silent interleaved stereo to target.integrated_lufs within the tolerance,
// with its true peak at or under the ceiling: a gain, then the look-ahead true-peak
// limiter (true_peak_limiter.hpp) with a 0.5 dB safety margin (meters oversample
// differently), then a re-measure; repeated (at most four times) while limiting pulled
// the loudness out of tolerance. Returns the final measurement. Failure:
// invalid_argument for silence (the caller must not turn silence into amplified noise);
// as measure_loudness otherwise.
Result<LoudnessReading> normalize_loudness(std::vector<float>& stereo, const LoudnessTarget& target);

}  // namespace syncreel::media
