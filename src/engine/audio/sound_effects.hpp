// Synthesised sound effects: the timeline's SoundEffects, and the bird calls the
// ambience beds reuse. Deterministic for a seed; the functions touch nothing but their
// own output, so concurrent calls are safe.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/audio/dsp.hpp"
#include "engine/timeline.hpp"

namespace syncreel::engine {

inline constexpr double kRumbleCutHz = 40.0;

// One effect, from frame 0: interleaved stereo at kSampleRate as long as the effect
// lasts, high-passed at kRumbleCutHz. Its level is arbitrary (peaks under 1): callers
// level it by loudness. Deterministic for `seed`.
std::vector<float> render_sound_effect(Sfx kind, std::uint64_t seed);

// One bird call (2-5 rising or falling chirps) starting at `frame`.
void add_bird_call(dsp::StereoView out, std::size_t frame, dsp::Rng& rng, double level, dsp::PanGains pan);

}  // namespace syncreel::engine
