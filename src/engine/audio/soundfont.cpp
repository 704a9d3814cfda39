#include "engine/audio/soundfont.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <string_view>

#include "engine/audio/audio_format.hpp"

namespace syncreel::engine {
namespace {

std::mutex& keeper_mutex() {
  static std::mutex m;
  return m;
}

// Synths that keep each loaded SoundFont in FluidSynth's sample cache. Guarded by
// keeper_mutex(); entries are never removed.
std::map<std::string, Synth>& keepers() {
  static std::map<std::string, Synth> k;
  return k;
}

Error soundfont_error(const std::string& path, std::string_view what) {
  return Error::unavailable("SoundFont " + std::string(what) + ": " + path +
                            " (the default General MIDI SoundFont comes with the Debian package fluid-soundfont-gm)");
}

Result<Synth> new_synth() {
  Synth s;
  s.settings.reset(new_fluid_settings());
  if (!s.settings) return fail(Error::internal("FluidSynth cannot allocate its settings"));
  fluid_settings_t* st = s.settings.get();
  fluid_settings_setnum(st, "synth.sample-rate", kSampleRate);
  // Offline, one thread per synth: no worker threads, no locking, no mlock of 140 MB
  // (which fails without CAP_IPC_LOCK and would warn on every load).
  fluid_settings_setint(st, "synth.cpu-cores", 1);
  fluid_settings_setint(st, "synth.threadsafe-api", 0);
  fluid_settings_setint(st, "synth.lock-memory", 0);
  fluid_settings_setint(st, "synth.reverb.active", 1);
  fluid_settings_setint(st, "synth.chorus.active", 0);
  fluid_settings_setnum(st, "synth.gain", 0.5);
  s.synth.reset(new_fluid_synth(st));
  if (!s.synth) return fail(Error::internal("FluidSynth cannot create a synthesiser"));
  return s;
}

Result<void> load_into(Synth& s, const std::string& path) {
  if (fluid_synth_sfload(s.synth.get(), path.c_str(), 1) == FLUID_FAILED) {
    return fail(soundfont_error(path, "cannot be loaded (damaged?)"));
  }
  return {};
}

}  // namespace

Result<void> load_shared_soundfont(const std::string& path) {
  std::lock_guard lock(keeper_mutex());
  static const bool quiet = [] {
    for (int level = 0; level < LAST_LOG_LEVEL; ++level) fluid_set_log_function(level, nullptr, nullptr);
    return true;
  }();
  (void)quiet;
  if (keepers().contains(path)) return {};
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return fail(soundfont_error(path, "not found"));
  std::ifstream file(path, std::ios::binary);
  if (!file) return fail(soundfont_error(path, "not readable"));
  // Checked here because FluidSynth hands files it does not recognise to libinstpatch,
  // which reports through GLib straight to stderr.
  char header[12] = {};
  file.read(header, sizeof header);
  if (std::string_view(header, 4) != "RIFF" || std::string_view(header + 8, 4) != "sfbk") {
    return fail(soundfont_error(path, "is not a SoundFont 2 file"));
  }
  auto keeper = new_synth();  // also runs FluidSynth's one-time global set-up, under the lock
  if (!keeper) return fail(keeper.error());
  if (auto ok = load_into(*keeper, path); !ok) return fail(ok.error());
  keepers().emplace(path, std::move(*keeper));
  return {};
}

Result<Synth> open_synth(const std::string& path) {
  if (auto ok = load_shared_soundfont(path); !ok) return fail(ok.error());
  auto s = new_synth();
  if (!s) return fail(s.error());
  if (auto ok = load_into(*s, path); !ok) return fail(ok.error());
  return s;
}

}  // namespace syncreel::engine
