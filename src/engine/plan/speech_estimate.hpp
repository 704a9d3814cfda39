// Speech estimates: when each dialogue line is said, the subtitles that show it and a
// letter-based mouth track, before speech synthesis measures the real thing.
//
// Synthesis later overwrites line times and visemes with measured ones; these estimates
// make a timeline complete on its own (a render without audio still moves its mouths in
// time with its captions). Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/timeline.hpp"

namespace syncreel::engine {

// Nominal speaking rate in characters (code points) per second.
inline constexpr double kSpeechCharsPerSec = 14.0;

// Sets start/end of every line so they follow one another inside [0, duration] with a
// short lead-in, natural pauses and a tail. Speech that cannot fit even 25 % faster is
// cut: trailing lines are dropped and the last kept line is shortened at a word with
// "…". Never leaves `lines` empty if it was not.
void estimate_line_times(std::vector<DialogueLine>& lines, double duration);

// Subtitle cues for the lines: at most two lines of about 42 characters each, split at
// sentence or clause ends where possible, timed in proportion to their length.
std::vector<SubtitleCue> subtitles_for(const std::vector<DialogueLine>& lines);

// Mouth shapes for `text` spoken over [start, end]: one viseme per letter (digraphs "th",
// "ou", "oo" as one), pauses at punctuation, keys shorter than ~2 frames merged away.
// Rest is left as gaps.
std::vector<VisemeKey> estimate_visemes(std::string_view text, double start, double end);

// One viseme track per character (`characters` of them) from the lines they speak.
std::vector<std::vector<VisemeKey>> viseme_tracks(const std::vector<DialogueLine>& lines, int characters);

}  // namespace syncreel::engine
