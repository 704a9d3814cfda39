// The local provider's soundtrack: a short melody of sine tones over a soft bass line.
#pragma once

#include <cstdint>
#include <vector>

#include "core/job_spec.hpp"

namespace syncreel {

// Peak level of the soundtrack: -3 dBFS leaves headroom for the AAC encoder's overshoot.
inline constexpr double kMelodyPeak = 0.70794578438;  // 10^(-3/20)

// Returns exactly `samples` interleaved stereo samples (2 * samples floats) at
// `sample_rate`, peaking at kMelodyPeak. Tempo, key and notes come from `seed`; the
// scale from the style (minor for cinematic and documentary, major otherwise). Pure:
// the same arguments give the same samples. Returns an empty vector for samples <= 0.
std::vector<float> render_melody(Style style, std::uint32_t seed, int sample_rate, std::int64_t samples);

}  // namespace syncreel
