// Helpers for the audio tests: hand-made timelines, WAV files, the ffmpeg CLI's
// loudness meter, short-time energy. Header-only, test code only.
#pragma once

#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "../../media/probe.hpp"
#include "engine/timeline.hpp"

namespace syncreel::engine::test {

inline Character person(Gender g, double x) {
  Character c;
  c.gender = g;
  c.x = x;
  return c;
}

inline DialogueLine line(int speaker, std::string text, Language lang, std::string voice = {}) {
  DialogueLine d;
  d.speaker = speaker;
  d.text = std::move(text);
  d.language = lang;
  d.voice = std::move(voice);
  return d;
}

// Two characters (female left, male right), no dialogue, one calm music cue.
inline Timeline base_timeline(double duration, std::uint32_t seed = 7) {
  Timeline t;
  t.duration = duration;
  t.seed = seed;
  t.setting = Setting::beach;
  t.characters = {person(Gender::female, 0.3), person(Gender::male, 0.7)};
  MusicCue cue;
  cue.start = 0;
  cue.end = duration;
  cue.key = 62;
  cue.tempo_bpm = 100;
  cue.instruments = {0, 48, 32};
  cue.intensity = 0.5;
  t.music = {cue};
  return t;
}

// 32-bit float WAV, interleaved.
inline void write_wav(const std::filesystem::path& path, std::span<const float> samples, int channels, int rate) {
  std::ofstream f(path, std::ios::binary);
  const auto u32 = [&](std::uint32_t v) { f.write(reinterpret_cast<const char*>(&v), 4); };
  const auto u16 = [&](std::uint16_t v) { f.write(reinterpret_cast<const char*>(&v), 2); };
  const auto bytes = static_cast<std::uint32_t>(samples.size() * 4);
  f.write("RIFF", 4);
  u32(36 + bytes);
  f.write("WAVEfmt ", 8);
  u32(16);
  u16(3);  // IEEE float
  u16(static_cast<std::uint16_t>(channels));
  u32(static_cast<std::uint32_t>(rate));
  u32(static_cast<std::uint32_t>(rate * channels * 4));
  u16(static_cast<std::uint16_t>(channels * 4));
  u16(32);
  f.write("data", 4);
  u32(bytes);
  f.write(reinterpret_cast<const char*>(samples.data()), bytes);
}

struct FfmpegLoudness {
  double integrated_lufs = 0;
  double true_peak_dbtp = 0;
};

// ffmpeg's own EBU R 128 meter: the "I:" and "Peak:" lines of its summary.
inline std::optional<FfmpegLoudness> ffmpeg_loudness(const std::filesystem::path& wav) {
  const auto err = probe::run_capture(
      {"ffmpeg", "-hide_banner", "-nostats", "-i", wav.string(), "-af", "ebur128=peak=true", "-f", "null", "-"},
      STDERR_FILENO);  // where ffmpeg prints its meters
  if (!err) return std::nullopt;
  const auto summary = err->rfind("Summary:");
  if (summary == std::string::npos) return std::nullopt;
  const std::string tail = err->substr(summary);
  // The value after `label` in the summary ("I:         -14.0 LUFS"); std::regex is
  // avoided on purpose (GCC 12 warns inside it under the sanitizers).
  const auto value_after = [&](std::string_view label) -> std::optional<double> {
    const auto at = tail.find(label);
    if (at == std::string::npos) return std::nullopt;
    const char* begin = tail.c_str() + at + label.size();
    char* end = nullptr;
    const double v = std::strtod(begin, &end);
    if (end == begin) return std::nullopt;
    return v;
  };
  const auto i = value_after("I:");
  const auto peak = value_after("Peak:");
  if (!i || !peak) return std::nullopt;
  return FfmpegLoudness{*i, *peak};
}

// RMS of samples [from, to) of a mono track, in dBFS (-inf for digital silence).
inline double rms_db(std::span<const float> mono, std::size_t from, std::size_t to) {
  double sum = 0;
  for (std::size_t i = from; i < to && i < mono.size(); ++i) sum += static_cast<double>(mono[i]) * mono[i];
  const double n = static_cast<double>(to > from ? to - from : 1);
  return sum > 0 ? 10 * std::log10(sum / n) : -INFINITY;
}

// The mouth shape of a track at time t (gaps are rest).
inline Viseme shape_at(const std::vector<VisemeKey>& keys, double t) {
  for (const VisemeKey& k : keys) {
    if (t >= k.start && t < k.end) return k.shape;
  }
  return Viseme::rest;
}

// A fresh directory under the system temp dir, removed with everything in it.
class ScratchDir {
 public:
  ScratchDir() {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("syncreel_audio_test_" + std::to_string(getpid()) + "_" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace syncreel::engine::test
