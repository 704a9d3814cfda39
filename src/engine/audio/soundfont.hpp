// FluidSynth synthesisers sharing one loaded SoundFont per process (internal to the
// audio library: it exposes FluidSynth types).
//
// Loading FluidR3_GM.sf2 (140 MB) takes a few hundred ms. The first load of a path goes
// into a "keeper" synth that lives until the process exits; FluidSynth's sample cache
// then shares the sample data with every later synth of the same file, so each render
// gets its own synth (no state leaks from one clip into the next, renders run in
// parallel) and pays only the preset parsing (tens of ms). FluidSynth's audio driver is
// never started: synths are rendered offline with fluid_synth_write_float.
//
// Thread safety: both functions may be called from any thread. A Synth belongs to one
// thread at a time. FluidSynth's log output is switched off process-wide on first use,
// so a missing file or an mlock refusal never reaches stderr.
#pragma once

#include <fluidsynth.h>

#include <memory>
#include <string>

#include "core/error.hpp"

namespace syncreel::engine {

struct FluidSynthDeleter {
  void operator()(fluid_synth_t* synth) const { delete_fluid_synth(synth); }
};
struct FluidSettingsDeleter {
  void operator()(fluid_settings_t* settings) const { delete_fluid_settings(settings); }
};

// A synthesiser at kSampleRate with the SoundFont loaded. Members are destroyed in
// reverse order: the synth before its settings, as FluidSynth requires.
struct Synth {
  std::unique_ptr<fluid_settings_t, FluidSettingsDeleter> settings;
  std::unique_ptr<fluid_synth_t, FluidSynthDeleter> synth;
};

// Loads the SoundFont at `path` into the process-wide keeper unless it is there already.
// Failure: unavailable naming the path and the Debian package fluid-soundfont-gm when
// the file is missing or unreadable, or when FluidSynth cannot load it.
Result<void> load_shared_soundfont(const std::string& path);

// A fresh synthesiser with the SoundFont at `path` (loaded into the keeper first if
// needed); the caller owns it. Failure: as load_shared_soundfont, or internal when
// FluidSynth cannot create a synthesiser.
Result<Synth> open_synth(const std::string& path);

}  // namespace syncreel::engine
