// Subtitle cues for one spoken line, timed from espeak-ng's word events. Pure
// functions, thread-safe.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "engine/audio/espeak_voice.hpp"
#include "engine/timeline.hpp"

namespace syncreel::engine {

inline constexpr std::size_t kMaxCueChars = 42;  // per cue, one row of text

// Splits `text` (what was actually spoken) into cues of at most kMaxCueChars code points:
// one cue for a short line, otherwise one per clause (at , ; : . ! ? and dashes), with
// short clauses merged and long ones split between words (a single word longer than
// the limit stays whole). Each cue starts when its first word is spoken
// (`words`, times in ms from `start`) and lasts until the next cue; the last one ends at
// `end`. Without usable word events the times are spread by character count.
std::vector<SubtitleCue> make_cues(std::string_view text, std::span<const WordEvent> words, double start, double end);

// Code points in well-formed UTF-8 (continuation bytes are not counted).
std::size_t code_points(std::string_view text);

}  // namespace syncreel::engine
