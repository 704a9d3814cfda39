// The score: the timeline's MusicCues played by FluidSynth with a General MIDI
// SoundFont, rendered offline.
#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"
#include "engine/timeline.hpp"

namespace syncreel::engine {

struct MusicConfig {
  std::string soundfont_path = "/usr/share/sounds/sf2/FluidR3_GM.sf2";
};

// Loads the SoundFont once for the whole process so the first clip does not pay for it
// (about 0.2 s for FluidR3_GM). Optional: render_music loads it on first use anyway.
// Failure: unavailable naming the path and the package fluid-soundfont-gm.
// Thread-safe.
Result<void> preload_soundfont(const MusicConfig& config);

// Renders the score of compose_score (score.hpp) for the whole clip: interleaved
// stereo float at kSampleRate, exactly frame_count(duration) frames, deterministic for
// a timeline (same seed, same samples). No music cues: silence, without touching the
// SoundFont. Failure: invalid_argument for a duration outside (0, 600] s; unavailable
// with the path and the package name when the SoundFont is missing or unloadable;
// internal when FluidSynth fails. The caller owns the samples.
//
// Thread safety: concurrent calls are fine, each renders with its own synthesiser; the
// SoundFont's samples are shared (see soundfont.hpp).
Result<std::vector<float>> render_music(const Timeline& timeline, const MusicConfig& config);

}  // namespace syncreel::engine
