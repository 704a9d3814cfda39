// The final mix: dialogue over music and ambience, ducked, faded and brought to the
// delivery loudness.
#pragma once

#include <cstddef>
#include <span>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "media/audio/loudness.hpp"
#include "engine/audio/speech.hpp"
#include "engine/timeline.hpp"

namespace syncreel::engine {

// Stem levels inside the mix, before the whole is normalised: music sits 7 LU under the
// voice, 17 LU while ducked; the ambience bed (kAmbienceBedLufs) 14 LU under it.
inline constexpr double kSpeechLufs = -16.0;
inline constexpr double kMusicLufs = -23.0;
inline constexpr double kMusicDuckDb = -10.0;
inline constexpr double kAmbienceDuckDb = -4.0;
inline constexpr double kDuckAttackSec = 0.08;
inline constexpr double kDuckReleaseSec = 0.3;
inline constexpr double kDuckHoldSec = 0.6;  // pauses shorter than this stay ducked

struct MixResult {
  std::vector<float> samples;  // interleaved stereo, kSampleRate, frame_count(duration) frames
  double integrated_lufs = 0;  // measured after normalisation; -inf when silent
  double true_peak_dbtp = 0;   // likewise
  bool silent = false;         // nothing audible came in: `samples` is digital silence,
                               // deliberately not normalised (that would only raise noise)
};

// Gain per frame for a stem ducked under `speech`: 1 outside speech, `depth_db` while a
// line is spoken. The gain moves linearly in dB: down over kDuckAttackSec, starting
// that long before each line so the music is already down when the first syllable
// lands, and back up over kDuckReleaseSec after the line; through a pause shorter than
// kDuckHoldSec between two lines it stays down. Pure, thread-safe.
std::vector<float> ducking_envelope(const SpeechTrack& speech, std::size_t frames, double depth_db);

// Mixes the stems of one clip. `speech` (mono, may be empty) is levelled to kSpeechLufs
// and panned per line by its speaker's x (at most a quarter of the way to either side);
// `music` (interleaved stereo, may be empty) is levelled to kMusicLufs and ducked by
// kMusicDuckDb; `ambience` (interleaved stereo, may be empty) is taken at its own level
// and ducked by kAmbienceDuckDb. Then a 30 ms fade-in, a 250 ms fade-out, and
// normalize_loudness to `target`. Non-empty stems must have exactly
// frame_count(timeline.duration) frames.
//
// Success: the mix, its measured loudness and true peak, or `silent` when the stems
// together stay under the -70 LUFS gate. Failure: invalid_argument for a bad duration
// or a stem of the wrong length (the message names it); internal if measuring fails.
// Thread safety: pure function of its inputs, safe to call concurrently.
Result<MixResult> mix(const Timeline& timeline, const SpeechTrack& speech, std::span<const float> music,
                      std::span<const float> ambience, const media::LoudnessTarget& target = {});

// The same mix built one stem at a time, so that a caller can make a stem, add it and
// free it before making the next: a 30 s stereo stem is 11.5 MB, and render_clip makes
// the sound while the picture is drawn, so whatever the sound holds at once adds to the
// picture's peak. Stems go in in mix's order (speech, music, ambience: float sums
// depend on the order) and the result is mix's, sample for sample. Each stem is
// optional and is read only during its call. A MixBus belongs to one thread.
class MixBus {
 public:
  // Starts the mix of `timeline` with `speech` levelled and panned as mix does.
  // Failure: invalid_argument for a bad duration or a speech track of the wrong
  // length; internal if measuring fails.
  static Result<MixBus> start(const Timeline& timeline, const SpeechTrack& speech);

  // At most once each, music before ambience. Failure: invalid_argument for a stem of
  // the wrong length (the mix is unchanged); internal if measuring fails.
  Result<void> add_music(std::span<const float> music);
  Result<void> add_ambience(std::span<const float> ambience);

  // Fades and normalisation, as mix; the bus is spent.
  Result<MixResult> finish(const media::LoudnessTarget& target) &&;

  // Where speech ducks the other stems: [from, to) frames, sorted and disjoint.
  using Spans = std::vector<std::pair<std::size_t, std::size_t>>;

 private:
  MixBus(std::size_t frames, Spans speaking)
      : frames_(frames), speaking_(std::move(speaking)), out_(2 * frames, 0.0f) {}
  Result<void> check(std::span<const float> stem, const char* name) const;

  std::size_t frames_;
  Spans speaking_;
  std::vector<float> out_;
};

}  // namespace syncreel::engine
