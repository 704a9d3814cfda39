#include "engine/audio/espeak_voice.hpp"

#include <espeak-ng/speak_lib.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string_view>

#include "engine/audio/forked_call.hpp"

namespace syncreel::engine {
namespace {

// Everything below is guarded by espeak_mutex(): espeak-ng itself is one global object.
std::mutex& espeak_mutex() {
  static std::mutex m;
  return m;
}

struct EspeakState {
  int sample_rate = 0;  // 0 until espeak_Initialize succeeded
  std::filesystem::path data_path;
};

EspeakState& state() {
  static EspeakState s;
  return s;
}

struct Collector {
  Utterance* out = nullptr;
  bool failed = false;
};
// The utterance being synthesised; set only while espeak_mutex() is held. espeak's
// user_data is not reliable on every event list, hence this instead.
Collector* g_collector = nullptr;

// Called by espeak_Synth on the calling thread (synchronous mode). Never lets an
// exception into C: an allocation failure aborts the synthesis instead.
int on_synth(short* wav, int count, espeak_EVENT* events) noexcept {
  Collector* c = g_collector;
  if (c == nullptr) return 0;
  try {
    if (wav != nullptr && count > 0) c->out->pcm.insert(c->out->pcm.end(), wav, wav + count);
    for (const espeak_EVENT* e = events; e != nullptr && e->type != espeakEVENT_LIST_TERMINATED; ++e) {
      if (e->type == espeakEVENT_PHONEME) {
        c->out->phonemes.push_back(
            {std::string(e->id.string, strnlen(e->id.string, sizeof e->id.string)), e->audio_position});
      } else if (e->type == espeakEVENT_WORD) {
        // text_position counts code points from 1.
        c->out->words.push_back({e->text_position - 1, e->length, e->audio_position});
      }
    }
  } catch (...) {
    c->failed = true;
    return 1;
  }
  return 0;
}

Result<void> ensure_initialised() {
  EspeakState& s = state();
  if (s.sample_rate > 0) return {};
  const int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr,
                                     espeakINITIALIZE_PHONEME_EVENTS | espeakINITIALIZE_DONT_EXIT);
  if (rate <= 0) {
    return fail(Error::unavailable("espeak-ng could not start (is the Debian package espeak-ng-data installed?)"));
  }
  espeak_SetSynthCallback(&on_synth);
  const char* path = nullptr;
  espeak_Info(&path);
  s.data_path = path != nullptr ? path : "";
  s.sample_rate = rate;
  return {};
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  return std::ranges::equal(
      a, b, [](char x, char y) { return (x >= 'A' && x <= 'Z' ? x + 32 : x) == (y >= 'A' && y <= 'Z' ? y + 32 : y); });
}

// True when espeak lists a voice called `base` by name, file or language. Checked here
// because espeak_SetVoiceByName accepts a bare variant file ("f3") and then speaks with
// no language at all.
bool voice_exists(std::string_view base) {
  const espeak_VOICE** voices = espeak_ListVoices(nullptr);
  for (; voices != nullptr && *voices != nullptr; ++voices) {
    const espeak_VOICE& v = **voices;
    if (v.name != nullptr && equals_ignore_case(v.name, base)) return true;
    if (v.identifier != nullptr) {
      const std::string_view id = v.identifier;
      const auto slash = id.rfind('/');
      if (equals_ignore_case(id, base) ||
          (slash != std::string_view::npos && equals_ignore_case(id.substr(slash + 1), base))) {
        return true;
      }
    }
    // languages: (priority byte, NUL-terminated name)*, then a NUL.
    for (const char* p = v.languages; p != nullptr && *p != 0;) {
      const char* name = p + 1;
      if (equals_ignore_case(name, base)) return true;
      p = name + std::strlen(name) + 1;
    }
  }
  return false;
}

bool valid_voice_chars(std::string_view s) {
  return std::ranges::all_of(s, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '+';
  });
}

// What the child answers when espeak_SetVoiceByName refuses the voice.
constexpr std::string_view kVoiceRefused = "voice refused";

// The utterance as bytes, for the trip from the child: pcm, then phonemes, then words,
// each a count followed by the items, native byte order (the reader is the same binary).
template <class T>
void put(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

std::string serialise(const Utterance& u) {
  std::string out;
  put(out, u.pcm.size());
  out.append(reinterpret_cast<const char*>(u.pcm.data()), u.pcm.size() * sizeof(short));
  put(out, u.phonemes.size());
  for (const PhonemeEvent& p : u.phonemes) {
    put(out, p.ms);
    put(out, p.name.size());
    out += p.name;
  }
  put(out, u.words.size());
  for (const WordEvent& w : u.words) {
    put(out, w.char_begin);
    put(out, w.char_length);
    put(out, w.ms);
  }
  return out;
}

class Reader {
 public:
  explicit Reader(std::string_view bytes) : rest_(bytes) {}
  template <class T>
  bool get(T& value) {
    return take(&value, sizeof value);
  }
  bool take(void* to, std::size_t size) {
    if (rest_.size() < size) return false;
    std::memcpy(to, rest_.data(), size);
    rest_.remove_prefix(size);
    return true;
  }
  bool done() const { return rest_.empty(); }

 private:
  std::string_view rest_;
};

std::optional<Utterance> deserialise(std::string_view bytes) {
  Reader in(bytes);
  Utterance u;
  std::size_t n = 0;
  if (!in.get(n) || n > bytes.size()) return std::nullopt;
  u.pcm.resize(n);
  if (!in.take(u.pcm.data(), n * sizeof(short)) || !in.get(n) || n > bytes.size()) return std::nullopt;
  u.phonemes.resize(n);
  for (PhonemeEvent& p : u.phonemes) {
    std::size_t length = 0;
    if (!in.get(p.ms) || !in.get(length) || length > bytes.size()) return std::nullopt;
    p.name.resize(length);
    if (!in.take(p.name.data(), length)) return std::nullopt;
  }
  if (!in.get(n) || n > bytes.size()) return std::nullopt;
  u.words.resize(n);
  for (WordEvent& w : u.words) {
    if (!in.get(w.char_begin) || !in.get(w.char_length) || !in.get(w.ms)) return std::nullopt;
  }
  if (!in.done()) return std::nullopt;
  return u;
}

Error unknown_voice(std::string_view requested, std::string_view why) {
  return Error::invalid("unknown espeak-ng voice \"" + std::string(requested) + "\": " + std::string(why), "voice");
}

}  // namespace

Result<std::string> resolve_voice(std::string_view requested, Language language, Gender gender) {
  if (requested.size() > 64 || !valid_voice_chars(requested) || std::ranges::count(requested, '+') > 1) {
    return fail(unknown_voice(requested, "a voice is [A-Za-z0-9_-]+ with an optional +variant"));
  }
  const std::string language_code = language == Language::fr ? "fr" : "en";
  std::string base(requested.substr(0, requested.find('+')));
  std::string variant =
      requested.find('+') == std::string_view::npos ? "" : std::string(requested.substr(requested.find('+') + 1));
  if (requested.empty()) variant = gender == Gender::female ? "f3" : "m3";
  if (base.empty()) base = language_code;

  std::lock_guard lock(espeak_mutex());
  if (auto ok = ensure_initialised(); !ok) return fail(ok.error());
  if (!voice_exists(base)) return fail(unknown_voice(requested, "no such voice or language"));
  if (!variant.empty()) {
    std::error_code ec;
    // The character check above keeps `variant` a plain file name inside espeak's data.
    if (!std::filesystem::is_regular_file(state().data_path / "voices" / "!v" / variant, ec)) {
      return fail(unknown_voice(requested, "no such variant \"" + variant + "\""));
    }
    return base + "+" + variant;
  }
  return base;
}

Result<Utterance> speak(std::string_view text, const std::string& voice, int rate_wpm) {
  std::lock_guard lock(espeak_mutex());
  if (auto ok = ensure_initialised(); !ok) return fail(ok.error());
  const int sample_rate = state().sample_rate;
  const std::string zero_terminated(text);
  // In a fork of this process, whose espeak-ng has never synthesised: see the header.
  auto bytes = call_in_forked_child([&](std::string& out) {
    // espeak-ng draws its aspiration noise from rand(), whose state the child inherits
    // from whatever this process did before (FluidSynth seeds its dither table from it):
    // a fixed seed makes a line sound the same whatever ran first.
    std::srand(1);
    if (espeak_SetVoiceByName(voice.c_str()) != EE_OK) {
      out = kVoiceRefused;
      return true;
    }
    // Set after the voice: loading a voice may reset the speed.
    espeak_SetParameter(espeakRATE, std::clamp(rate_wpm, espeakRATE_MINIMUM, espeakRATE_MAXIMUM), 0);
    Utterance u;
    Collector collector{&u};
    g_collector = &collector;
    const espeak_ERROR rc = espeak_Synth(zero_terminated.c_str(), zero_terminated.size() + 1, 0, POS_CHARACTER, 0,
                                         espeakCHARS_UTF8, nullptr, nullptr);
    g_collector = nullptr;
    if (rc != EE_OK || collector.failed) return false;
    out = serialise(u);
    return true;
  });
  if (!bytes) return fail(Error::internal("espeak-ng failed to synthesise a line: " + bytes.error().message));
  if (*bytes == kVoiceRefused) return fail(unknown_voice(voice, "espeak-ng refused it"));
  auto out = deserialise(*bytes);
  if (!out) return fail(Error::internal("espeak-ng's synthesis came back truncated"));
  out->sample_rate = sample_rate;
  return std::move(*out);
}

}  // namespace syncreel::engine
