// espeak-ng behind one process-wide mutex, synthesising in forked children.
//
// espeak-ng keeps its whole state in globals (current voice, parameters, the synth
// callback, and synthesiser state that outlives an utterance: after an English line,
// French pauses come out about 40 ms longer, and any two utterances differ in their
// last samples). Re-initialising it in-process hangs (espeak_Terminate waits for a
// thread that synchronous mode never runs). So this process initialises it once and
// never synthesises; every utterance is synthesised in a fork of it
// (forked_call.hpp), which starts from that pristine state: the same text, voice and
// rate give the same samples and events, whatever was said before and on any thread.
// A fork costs about a millisecond next to the synthesis itself.
//
// Every call into espeak-ng, from any thread, goes through the functions below, which
// hold one process-wide mutex for the whole call, the fork included. The library reads
// its data from the Debian package espeak-ng-data.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/job_spec.hpp"
#include "engine/timeline.hpp"

namespace syncreel::engine {

struct PhonemeEvent {
  std::string name;  // espeak mnemonic, e.g. "m", "a", "O~", "_:" (a pause)
  int ms = 0;        // audio position from the start of the utterance
};

struct WordEvent {
  int char_begin = 0;  // first code point of the word in the text, 0-based
  int char_length = 0;
  int ms = 0;
};

// One synthesised utterance at espeak's native rate.
struct Utterance {
  std::vector<short> pcm;  // mono, `sample_rate` Hz
  int sample_rate = 0;
  std::vector<PhonemeEvent> phonemes;  // in time order
  std::vector<WordEvent> words;        // in time order
  double seconds() const { return sample_rate > 0 ? static_cast<double>(pcm.size()) / sample_rate : 0.0; }
};

inline constexpr int kSpeechRateNormal = 170;  // words per minute
inline constexpr int kSpeechRateMax = 320;     // faster than this is hard to follow

// The espeak-ng voice for a line. `requested` is "" (the language's voice with the
// variant for `gender`: "+f3" or "+m3"), a variant alone ("+f2": the line's language
// with that variant), or a full voice ("fr+f3", "en-us", "en-us+m1"). Success: the
// voice string to pass to speak(). Failure: invalid_argument (detail "voice") naming
// an unknown voice or variant; unavailable when espeak-ng cannot start. An unknown
// voice is an error rather than a silent fallback so a typo never yields the wrong
// voice without anyone noticing.
Result<std::string> resolve_voice(std::string_view requested, Language language, Gender gender);

// Synthesises `text` (UTF-8, plain text: no SSML, no phoneme input) with a voice from
// resolve_voice at `rate_wpm` (clamped to espeak's 80-450). Failure: invalid_argument
// for a voice espeak refuses, unavailable when espeak-ng cannot start, internal when
// synthesis fails.
Result<Utterance> speak(std::string_view text, const std::string& voice, int rate_wpm);

}  // namespace syncreel::engine
