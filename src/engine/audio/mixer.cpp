#include "engine/audio/mixer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "engine/audio/audio_format.hpp"
#include "engine/audio/dsp.hpp"

namespace syncreel::engine {
namespace {

constexpr double kMaxDuration = 600;
constexpr double kMaxStemBoostDb = 30;  // a nearly silent stem is not dragged up to level
constexpr double kFadeInSec = 0.03;
constexpr double kFadeOutSec = 0.25;
constexpr double kMaxPan = 0.5;  // pan_gains units: -1..1, so a quarter-turn at most

// The gain that brings a stem measured at `lufs` to `target`; 0 for a silent stem.
double level_gain(double lufs, double target) {
  if (!std::isfinite(lufs)) return 0.0;
  return dsp::db_to_gain(std::min(kMaxStemBoostDb, target - lufs));
}

void add_speech(const Timeline& t, const SpeechTrack& speech, double gain, std::vector<float>& out) {
  const std::size_t frames = speech.samples.size();
  std::vector<dsp::PanGains> pans(frames);  // centre where no line claims the frame
  for (const SpokenLine& line : speech.lines) {
    double x = 0.5;
    if (line.dialogue_index < t.dialogue.size()) {
      const int speaker = t.dialogue[line.dialogue_index].speaker;
      if (speaker >= 0 && static_cast<std::size_t>(speaker) < t.characters.size())
        x = t.characters[static_cast<std::size_t>(speaker)].x;
    }
    const dsp::PanGains p = dsp::pan_gains(std::clamp((x - 0.5) * 2.0, -1.0, 1.0) * kMaxPan);
    std::fill(pans.begin() + static_cast<std::ptrdiff_t>(std::min(line.begin, frames)),
              pans.begin() + static_cast<std::ptrdiff_t>(std::min(line.end, frames)), p);
  }
  for (std::size_t f = 0; f < frames; ++f) {
    const double v = gain * speech.samples[f];
    out[2 * f] += static_cast<float>(v * pans[f].left);
    out[2 * f + 1] += static_cast<float>(v * pans[f].right);
  }
}

void add_ducked(std::span<const float> stem, double gain, const std::vector<float>& duck, double duck_exponent,
                std::vector<float>& out) {
  float last_duck = 1.0f;
  double shaped = 1.0;  // pow() only where the envelope moves: it is flat most of the time
  for (std::size_t f = 0; f < duck.size(); ++f) {
    if (duck[f] != last_duck) {
      last_duck = duck[f];
      shaped = std::pow(static_cast<double>(last_duck), duck_exponent);
    }
    const double g = gain * shaped;
    out[2 * f] += static_cast<float>(g * stem[2 * f]);
    out[2 * f + 1] += static_cast<float>(g * stem[2 * f + 1]);
  }
}

void apply_fades(std::vector<float>& out) {
  const std::size_t frames = out.size() / 2;
  const auto shape = [](double x) { return 0.5 - 0.5 * std::cos(std::numbers::pi * std::clamp(x, 0.0, 1.0)); };
  const auto in = std::min(frames, static_cast<std::size_t>(kFadeInSec * kSampleRate));
  const auto fade_out = std::min(frames, static_cast<std::size_t>(kFadeOutSec * kSampleRate));
  for (std::size_t f = 0; f < in; ++f) {
    const auto g = static_cast<float>(shape(static_cast<double>(f) / static_cast<double>(in)));
    out[2 * f] *= g;
    out[2 * f + 1] *= g;
  }
  for (std::size_t i = 0; i < fade_out; ++i) {
    const std::size_t f = frames - 1 - i;
    const auto g = static_cast<float>(shape(static_cast<double>(i) / static_cast<double>(fade_out)));
    out[2 * f] *= g;
    out[2 * f + 1] *= g;
  }
}

MixResult silence(std::size_t frames) {
  const double none = -std::numeric_limits<double>::infinity();
  return {std::vector<float>(2 * frames, 0.0f), none, none, true};
}

}  // namespace

std::vector<float> ducking_envelope(const SpeechTrack& speech, std::size_t frames, double depth_db) {
  std::vector<char> speaking(frames, 0);
  const auto attack = static_cast<std::size_t>(kDuckAttackSec * kSampleRate);
  const auto hold = static_cast<std::size_t>(kDuckHoldSec * kSampleRate);
  std::size_t previous_end = 0;
  for (const SpokenLine& line : speech.lines) {  // in time order
    std::size_t from = line.begin > attack ? line.begin - attack : 0;
    // A short pause between two lines stays ducked: music swelling into every breath pumps.
    if (previous_end > 0 && from > previous_end && from - previous_end < hold) from = previous_end;
    std::fill(speaking.begin() + static_cast<std::ptrdiff_t>(std::min(from, frames)),
              speaking.begin() + static_cast<std::ptrdiff_t>(std::min(line.end, frames)), 1);
    previous_end = line.end;
  }
  const double down = depth_db / (kDuckAttackSec * kSampleRate);  // dB per frame, negative
  const double up = -depth_db / (kDuckReleaseSec * kSampleRate);
  std::vector<float> gain(frames);
  double db = 0, previous = 0;
  float g = 1.0f;
  for (std::size_t f = 0; f < frames; ++f) {
    db = speaking[f] != 0 ? std::max(depth_db, db + down) : std::min(0.0, db + up);
    if (db != previous) g = static_cast<float>(dsp::db_to_gain(db));
    previous = db;
    gain[f] = g;
  }
  return gain;
}

Result<MixResult> mix(const Timeline& timeline, const SpeechTrack& speech, std::span<const float> music,
                      std::span<const float> ambience, const media::LoudnessTarget& target) {
  if (!(timeline.duration > 0) || timeline.duration > kMaxDuration) {
    return fail(Error::invalid("clip duration out of range", "duration"));
  }
  const std::size_t frames = frame_count(timeline.duration);
  const auto check = [&](std::size_t size, std::size_t expected, const char* stem) -> Result<void> {
    if (size != 0 && size != expected) {
      return fail(Error::invalid(std::string(stem) + " stem has " + std::to_string(size) + " samples, expected " +
                                 std::to_string(expected)));
    }
    return {};
  };
  for (auto ok : {check(speech.samples.size(), frames, "speech"), check(music.size(), 2 * frames, "music"),
                  check(ambience.size(), 2 * frames, "ambience")}) {
    if (!ok) return fail(ok.error());
  }

  std::vector<float> out(2 * frames, 0.0f);
  if (!speech.samples.empty()) {
    auto lufs = media::integrated_loudness(speech.samples, 1);
    if (!lufs) return fail(lufs.error());
    add_speech(timeline, speech, level_gain(*lufs, kSpeechLufs), out);
  }
  const std::vector<float> duck = ducking_envelope(speech, frames, kMusicDuckDb);
  if (!music.empty()) {
    auto lufs = media::integrated_loudness(music, 2);
    if (!lufs) return fail(lufs.error());
    add_ducked(music, level_gain(*lufs, kMusicLufs), duck, 1.0, out);
  }
  // The ambience follows the music's envelope, less deep: gain^(4/10) is -4 dB at -10.
  if (!ambience.empty()) add_ducked(ambience, 1.0, duck, kAmbienceDuckDb / kMusicDuckDb, out);

  apply_fades(out);
  auto before = media::integrated_loudness(out, 2);
  if (!before) return fail(before.error());
  if (!std::isfinite(*before)) return silence(frames);
  auto reading = media::normalize_loudness(out, target);
  if (!reading) return fail(reading.error());
  return MixResult{std::move(out), reading->integrated_lufs, reading->true_peak_dbtp, false};
}

}  // namespace syncreel::engine
