#include "engine/audio/music.hpp"

#include <algorithm>

#include "engine/audio/audio_format.hpp"
#include "engine/audio/score.hpp"
#include "engine/audio/soundfont.hpp"

namespace syncreel::engine {
namespace {

constexpr double kMaxDuration = 600;
constexpr std::size_t kBlockFrames = 4096;

// Renders frames [from, to) of `synth` into `out` (interleaved stereo).
Result<void> render_span(fluid_synth_t* synth, std::vector<float>& out, std::size_t from, std::size_t to) {
  while (from < to) {
    const std::size_t n = std::min(kBlockFrames, to - from);
    float* p = out.data() + 2 * from;
    if (fluid_synth_write_float(synth, static_cast<int>(n), p, 0, 2, p, 1, 2) != FLUID_OK) {
      return fail(Error::internal("FluidSynth failed to render"));
    }
    from += n;
  }
  return {};
}

void apply(fluid_synth_t* synth, const NoteEvent& e) {
  switch (e.kind) {
    case NoteEventKind::program: fluid_synth_program_change(synth, e.channel, e.data1); break;
    case NoteEventKind::control: fluid_synth_cc(synth, e.channel, e.data1, e.data2); break;
    case NoteEventKind::note_off: fluid_synth_noteoff(synth, e.channel, e.data1); break;
    case NoteEventKind::note_on: fluid_synth_noteon(synth, e.channel, e.data1, e.data2); break;
  }
}

}  // namespace

Result<void> preload_soundfont(const MusicConfig& config) { return load_shared_soundfont(config.soundfont_path); }

Result<std::vector<float>> render_music(const Timeline& timeline, const MusicConfig& config) {
  if (!(timeline.duration > 0) || timeline.duration > kMaxDuration) {
    return fail(Error::invalid("clip duration out of range", "duration"));
  }
  const std::size_t total = frame_count(timeline.duration);
  std::vector<float> out(2 * total, 0.0f);
  const std::vector<NoteEvent> events = compose_score(timeline, total);
  if (events.empty()) return out;

  auto synth = open_synth(config.soundfont_path);
  if (!synth) return fail(synth.error());
  fluid_synth_t* s = synth->synth.get();
  std::size_t cursor = 0;
  for (const NoteEvent& e : events) {
    // FluidSynth applies an event at its next 64-frame block: at most 1.3 ms late, and
    // the same way on every run, so the output stays deterministic.
    if (auto ok = render_span(s, out, cursor, e.frame); !ok) return fail(ok.error());
    cursor = std::max(cursor, e.frame);
    apply(s, e);
  }
  if (auto ok = render_span(s, out, cursor, total); !ok) return fail(ok.error());
  return out;
}

}  // namespace syncreel::engine
