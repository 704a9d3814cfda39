// From espeak-ng phonemes to mouth shapes. Pure functions, thread-safe.
#pragma once

#include <string_view>

#include "engine/timeline.hpp"

namespace syncreel::engine {

// The mouth shape for an espeak-ng phoneme mnemonic (its ASCII phoneme names, the same
// for every language: "m", "O~", "tS", "e@", "_:"). Pauses ("_", "_:", "_!") are rest;
// stress and length marks are ignored; an unknown consonant gets the neutral `ee`
// (slightly open), which reads as speech without drawing attention.
Viseme viseme_for_phoneme(std::string_view mnemonic);

}  // namespace syncreel::engine
