// Shot planning: how the clip is cut and how the camera moves in each shot.
//
// One shot per ~3-5 s with a move weighted by style and drawn from the seed. With two
// speakers, cuts snap to the start of a line and a shot where only one of them speaks
// frames that one (single); the first shot and mixed shots frame both (two-shot).
// Pure function, thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/timeline.hpp"

namespace syncreel::engine {

// Shots covering [0, timeline.duration] without gaps, from the timeline's style,
// duration, characters and (estimated) dialogue times.
std::vector<Shot> plan_shots(const Timeline& timeline, std::uint64_t seed);

}  // namespace syncreel::engine
