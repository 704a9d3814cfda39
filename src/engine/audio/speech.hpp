// Dialogue: espeak-ng speech for every line, laid out on the timeline, with the mouth
// shapes and subtitles that follow from it.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "engine/audio/espeak_voice.hpp"
#include "engine/timeline.hpp"

namespace syncreel::engine {

// One espeak phoneme where it was placed in the track.
struct PhonemeMark {
  std::string name;       // espeak mnemonic
  std::size_t begin = 0;  // sample in SpeechTrack::samples where espeak reported it
  std::size_t end = 0;    // the next phoneme's begin, or the end of the line
  Viseme shape = Viseme::rest;
};

struct SpokenLine {
  std::size_t dialogue_index = 0;  // into Timeline::dialogue
  std::size_t begin = 0, end = 0;  // [begin, end) in SpeechTrack::samples
  int rate_wpm = kSpeechRateNormal;
  bool truncated = false;  // cut at a word boundary to fit the clip
  std::string text;        // what was said (whitespace collapsed; the cut start when truncated)
  std::vector<PhonemeMark> phonemes;
};

struct SpeechTrack {
  std::vector<float> samples;        // mono, kSampleRate, frame_count(duration) samples
  std::vector<SpokenLine> lines;     // in time order; empty when nothing is said
  std::vector<std::size_t> dropped;  // dialogue lines left out: no time was left for them
};

// Synthesises every DialogueLine in its language and voice (see resolve_voice) and lays
// the lines out in order: the first at 0.6 s, about half a second between lines, the
// last ending at least 0.5 s before the clip ends (both margins shrink for very short
// clips). When the text does not fit, the pauses shrink to 0.2 s, then espeak speaks
// faster, up to kSpeechRateMax words per minute; as a last resort the line that
// overflows is cut at a word boundary (its subtitle ends with "…", SpokenLine::truncated
// is set) and the lines after it are dropped (listed in SpeechTrack::dropped).
//
// Fills, on success: dialogue[i].start/end/voice for each spoken line (a blank or
// dropped line gets start = end = 0 and an empty voice: it is not spoken);
// `visemes` (replaced: one track per character, one key per espeak phoneme from its
// audio position to the next one's, pauses as rest); `subtitles` (replaced: one cue
// per line, or per clause when a line is longer than kMaxCueChars). Blank dialogue
// gives a silent track, no visemes and no subtitles; deciding whether that is
// acceptable is the caller's business.
//
// Failure, with `timeline` unchanged: invalid_argument for a duration outside
// (0, 600] s, a speaker index that names no character (detail "dialogue"), or an unknown
// voice (detail "voice", the message names it); unavailable when espeak-ng cannot
// start; internal when synthesis or resampling fails.
//
// Thread safety: may run concurrently for different timelines; the espeak-ng calls are
// serialised on one process-wide mutex (see espeak_voice.hpp).
Result<SpeechTrack> synthesize_dialogue(Timeline& timeline);

}  // namespace syncreel::engine
