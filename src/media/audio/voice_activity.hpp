// A small voice activity detector: where in a clip's sound someone is probably speaking.
//
// Frame-based (20 ms frames): a frame is voiced when its energy stands well above the
// clip's noise floor (the 10th percentile of frame energies) and above an absolute
// floor, and its zero-crossing rate is that of speech rather than hiss (voiced speech
// crosses zero rarely; noise and cymbals, often). Decisions are then smoothed: a
// hangover keeps a segment open through short pauses between words, and segments too
// short to be a word are dropped. Good enough to time captions to dialogue; not a
// speech recogniser. Pure function, thread-safe.
#pragma once

#include <span>
#include <vector>

namespace syncreel::media {

struct SpeechSegment {
  double start = 0;  // seconds from the first sample
  double end = 0;
};

struct VadConfig {
  double frame_ms = 20;
  double over_floor_db = 12;    // how far above the noise floor speech must be
  double min_level_dbfs = -50;  // never speech under this, however quiet the floor
  double max_zero_crossing_rate = 0.25;  // crossings per sample; speech's are rarer
  double hangover_ms = 250;     // a pause shorter than this does not end a segment
  double min_segment_ms = 120;  // shorter bursts are clicks, not words
};

// Segments of probable speech in interleaved stereo at kAudioSampleRate, in order.
std::vector<SpeechSegment> detect_speech(std::span<const float> stereo, const VadConfig& config = {});

}  // namespace syncreel::media
