#include "engine/audio/engine_audio.hpp"

#include <utility>

#include "engine/audio/ambience.hpp"
#include "engine/audio/audio_format.hpp"
#include "engine/audio/mixer.hpp"

namespace syncreel::engine {
namespace {

Error cancelled() { return Error::cancelled("sound cancelled"); }

// What the result says about the dialogue, taken before the track is let go.
void describe_speech(const SpeechTrack& speech, AudioResult& out) {
  out.spoken_lines = speech.lines.size();
  out.dialogue_shortened = !speech.dropped.empty();
  for (const SpokenLine& line : speech.lines) out.dialogue_shortened = out.dialogue_shortened || line.truncated;
}

}  // namespace

Result<AudioResult> render_audio(Timeline& timeline, const AudioConfig& config) {
  // Staged: synthesize_dialogue fills the timeline, which is committed only when the
  // whole sound succeeded.
  Timeline staged = timeline;
  auto speech = synthesize_dialogue(staged);
  if (!speech) return fail(speech.error());
  auto sound = render_sound(staged, std::move(*speech), config);
  if (!sound) return fail(sound.error());
  timeline = std::move(staged);
  return sound;
}

Result<AudioResult> render_sound(const Timeline& timeline, SpeechTrack speech, const AudioConfig& config,
                                 std::stop_token stop) {
  AudioResult out;
  describe_speech(speech, out);
  auto bus = MixBus::start(timeline, speech);
  if (!bus) return fail(bus.error());
  speech = {};  // in the mix now
  // Music before ambience, as mix adds them; each stem is freed once added.
  {
    if (stop.stop_requested()) return fail(cancelled());
    auto music = render_music(timeline, config.music);
    if (!music) return fail(music.error());
    if (auto ok = bus->add_music(*music); !ok) return fail(ok.error());
  }
  {
    if (stop.stop_requested()) return fail(cancelled());
    auto ambience = render_ambience(timeline);
    if (!ambience) return fail(ambience.error());
    if (auto ok = bus->add_ambience(*ambience); !ok) return fail(ok.error());
  }
  if (stop.stop_requested()) return fail(cancelled());
  auto mixed = std::move(*bus).finish(config.loudness);
  if (!mixed) return fail(mixed.error());

  out.samples = std::move(mixed->samples);
  out.sample_rate = kSampleRate;
  out.channels = kMixChannels;
  out.integrated_lufs = mixed->integrated_lufs;
  out.true_peak_dbtp = mixed->true_peak_dbtp;
  out.silent = mixed->silent;
  return out;
}

}  // namespace syncreel::engine
