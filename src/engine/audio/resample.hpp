// Sample-rate conversion of synthesised speech to the engine rate (libswresample).
//
// Stateless from the caller's view: each call builds and frees its own SwrContext, so
// concurrent calls are safe.
#pragma once

#include <span>
#include <vector>

#include "core/error.hpp"

namespace syncreel::engine {

// Converts mono 16-bit PCM at `in_rate` Hz to mono float at kSampleRate. The output is
// time-aligned with the input (sample i of the input lands at i * 48000 / in_rate) and
// holds round(n * 48000 / in_rate) samples. Failure: invalid_argument for a
// non-positive rate, internal when libswresample fails.
Result<std::vector<float>> resample_to_engine_rate(std::span<const short> pcm, int in_rate);

}  // namespace syncreel::engine
