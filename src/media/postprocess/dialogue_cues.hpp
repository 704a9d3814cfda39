// Captions for a provider clip: the prompt's dialogue lines, timed to the speech the
// voice activity detector found in the clip's sound.
#pragma once

#include <string>
#include <vector>

#include "media/audio/voice_activity.hpp"
#include "media/webvtt.hpp"

namespace syncreel::media {

// One cue per line, in order, never overlapping:
//   - at least as many speech segments as lines: the segments split into one group per
//     line at the widest pauses, and each line spans its group;
//   - fewer segments: the lines share the speech time in proportion to their length
//     (a long line is spoken longer), mapped back onto the segments;
//   - no speech found: the lines share the whole clip the same way.
// Pure function, thread-safe.
std::vector<Cue> dialogue_cues(const std::vector<std::string>& lines, const std::vector<SpeechSegment>& speech,
                               double clip_seconds);

}  // namespace syncreel::media
