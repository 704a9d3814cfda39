// The sound of the place: a procedural bed per Setting and Weather, plus the timeline's
// sound effects on their cues.
#pragma once

#include <vector>

#include "core/error.hpp"
#include "engine/timeline.hpp"

namespace syncreel::engine {

inline constexpr double kAmbienceBedLufs = -30.0;  // the bed alone, before the mix
inline constexpr double kEffectLufs = -22.0;       // a SoundEffect at gain 1, over its own length

// Renders interleaved stereo at kSampleRate, exactly frame_count(duration) frames:
//   beach: waves (noise under slow swells) and a light wind; forest, countryside:
//   birds at random times and a light wind (crickets at night); city: low rumble,
//   traffic and distant car horns; mountains, snow, desert: wind; space: a low drone;
//   room: room tone; kitchen: room tone and clinks. Weather adds rain (with distant
//   thunder now and then in longer clips), wind, or a soft wind for snow.
// The bed is high-passed at 40 Hz and levelled to kAmbienceBedLufs. The SoundEffects
// are then added on their cues, each levelled to kEffectLufs plus 20 log10(gain) (gain
// clamped to [0, 1]); an effect running past the clip's end is cut. Deterministic for
// timeline.seed. Failure: invalid_argument for a duration outside (0, 600] s;
// internal if loudness measurement fails. The caller owns the samples.
//
// Thread safety: pure function of the timeline, safe to call concurrently.
Result<std::vector<float>> render_ambience(const Timeline& timeline);

}  // namespace syncreel::engine
