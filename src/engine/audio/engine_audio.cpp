#include "engine/audio/engine_audio.hpp"

#include "engine/audio/ambience.hpp"
#include "engine/audio/audio_format.hpp"
#include "engine/audio/mixer.hpp"
#include "engine/audio/speech.hpp"

namespace syncreel::engine {

Result<AudioResult> render_audio(Timeline& timeline, const AudioConfig& config) {
  // Music and ambience first: they only read the timeline, so a failure there leaves it
  // untouched, and synthesize_dialogue commits its changes only when it succeeds.
  auto music = render_music(timeline, config.music);
  if (!music) return fail(music.error());
  auto ambience = render_ambience(timeline);
  if (!ambience) return fail(ambience.error());
  Timeline staged = timeline;
  auto speech = synthesize_dialogue(staged);
  if (!speech) return fail(speech.error());
  auto mixed = mix(staged, *speech, *music, *ambience, config.loudness);
  if (!mixed) return fail(mixed.error());
  timeline = std::move(staged);

  AudioResult out;
  out.samples = std::move(mixed->samples);
  out.sample_rate = kSampleRate;
  out.channels = kMixChannels;
  out.integrated_lufs = mixed->integrated_lufs;
  out.true_peak_dbtp = mixed->true_peak_dbtp;
  out.silent = mixed->silent;
  out.spoken_lines = speech->lines.size();
  out.dialogue_shortened = !speech->dropped.empty();
  for (const SpokenLine& line : speech->lines) out.dialogue_shortened = out.dialogue_shortened || line.truncated;
  return out;
}

}  // namespace syncreel::engine
