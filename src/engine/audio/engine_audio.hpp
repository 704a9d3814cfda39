// The sound of one clip, from its timeline: speech, music, ambience, mix.
#pragma once

#include <cstddef>
#include <stop_token>
#include <vector>

#include "core/error.hpp"
#include "media/audio/loudness.hpp"
#include "engine/audio/music.hpp"
#include "engine/audio/speech.hpp"
#include "engine/timeline.hpp"

namespace syncreel::engine {

struct AudioConfig {
  MusicConfig music;
  media::LoudnessTarget loudness;
};

struct AudioResult {
  std::vector<float> samples;  // interleaved stereo float, kSampleRate, frame_count(duration) frames
  int sample_rate = 48000;
  int channels = 2;
  double integrated_lufs = 0;  // measured on `samples` with libebur128; -inf when silent
  double true_peak_dbtp = 0;   // likewise
  bool silent = false;         // nothing audible: `samples` is digital silence
  std::size_t spoken_lines = 0;
  bool dialogue_shortened = false;  // a line was cut or dropped to fit the clip
};

// Renders the audio of `timeline`: synthesize_dialogue (which fills the dialogue
// timings, the visemes and the subtitles of `timeline`: call this before rendering
// frames), then render_sound. Success: the mix and its measurements; the caller owns
// the samples. Failure: the first stage's Error, with `timeline` unchanged
// (invalid_argument for bad timeline data or an unknown voice, unavailable for a
// missing SoundFont or espeak-ng data, internal for library failures).
//
// Runs on the calling thread only (an in-process render holds one render slot, i.e.
// one core). Safe to call concurrently for different timelines: speech synthesis is
// serialised on espeak-ng's process-wide mutex, everything else runs in parallel.
Result<AudioResult> render_audio(Timeline& timeline, const AudioConfig& config);

// The rest of the sound once synthesize_dialogue has made the speech (and filled
// `timeline` with what the picture needs): render_music, render_ambience and the mix of
// all three. It only reads `timeline`, so it may run on another thread while the
// picture is drawn from the same timeline (render_clip does). It makes one stem at a
// time and frees it once mixed (hence `speech` by value): for a 30 s clip it holds
// about 25 MB at most besides the result. Checks `stop` between stages.
//
// Success: as render_audio. Failure: unavailable for a missing SoundFont, internal for
// library failures, invalid_argument for a speech track of the wrong length, cancelled
// when `stop` was requested. Safe to call concurrently for different timelines.
Result<AudioResult> render_sound(const Timeline& timeline, SpeechTrack speech, const AudioConfig& config,
                                 std::stop_token stop = {});

}  // namespace syncreel::engine
