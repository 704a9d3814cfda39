// The planner: turns a JobSpec into the Timeline that picture and sound are made from.
//
// Everything is decided here, from the prompt's words and the seed: dialogue (quoted
// text, else the whole prompt), speakers, language, setting, time of day, weather,
// mood, motion, shots, subtitles, music and sound effects. Dialogue times, subtitles
// and visemes are estimates that speech synthesis refines. The same spec and seed give
// the same timeline, field for field, on every machine.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/error.hpp"
#include "core/job_spec.hpp"
#include "engine/timeline.hpp"

namespace syncreel::engine {

inline constexpr int kTimelineFps = 24;

// Plans a clip for a spec that passed `validate`. The returned timeline has at least
// one character, at least one dialogue line with text, shots covering the clip and a
// viseme track per character. Errors: invalid_argument when the spec breaks a rule
// planning depends on (empty prompt, duration out of range). Thread-safe.
Result<Timeline> plan(const JobSpec& spec);

// The seed used when the spec carries none: FNV-1a of the prompt's bytes, so
// re-rendering the same prompt is reproducible. Thread-safe.
std::uint32_t prompt_seed(std::string_view prompt);

}  // namespace syncreel::engine
