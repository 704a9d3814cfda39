#include "engine/audio/mixer.hpp"

#include <algorithm>
#include <array>
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
constexpr double kMaxPan = 0.5;             // pan_gains units: -1..1, so a quarter-turn at most
constexpr std::size_t kPanBlockFrames = 4096;  // speech is panned a block at a time

// The gain that brings a stem measured at `lufs` to `target`; 0 for a silent stem.
double level_gain(double lufs, double target) {
  if (!std::isfinite(lufs)) return 0.0;
  return dsp::db_to_gain(std::min(kMaxStemBoostDb, target - lufs));
}

struct LinePan {
  std::size_t begin = 0, end = 0;  // frames, clamped to the track
  dsp::PanGains pan;
};

// Each line panned by its speaker's x, in line order (a later line wins where two overlap).
std::vector<LinePan> line_pans(const Timeline& t, const SpeechTrack& speech) {
  const std::size_t frames = speech.samples.size();
  std::vector<LinePan> out;
  out.reserve(speech.lines.size());
  for (const SpokenLine& line : speech.lines) {
    double x = 0.5;
    if (line.dialogue_index < t.dialogue.size()) {
      const int speaker = t.dialogue[line.dialogue_index].speaker;
      if (speaker >= 0 && static_cast<std::size_t>(speaker) < t.characters.size())
        x = t.characters[static_cast<std::size_t>(speaker)].x;
    }
    out.push_back({std::min(line.begin, frames), std::min(line.end, frames),
                   dsp::pan_gains(std::clamp((x - 0.5) * 2.0, -1.0, 1.0) * kMaxPan)});
  }
  return out;
}

// The pans are laid out a block at a time rather than for the whole track: a pan pair
// per frame of a 30 s clip would be 23 MB.
void add_speech(const Timeline& t, const SpeechTrack& speech, double gain, std::vector<float>& out) {
  const std::size_t frames = speech.samples.size();
  const std::vector<LinePan> lines = line_pans(t, speech);
  std::vector<dsp::PanGains> pans(std::min(frames, kPanBlockFrames));
  for (std::size_t from = 0; from < frames; from += kPanBlockFrames) {
    const std::size_t to = std::min(frames, from + kPanBlockFrames);
    std::fill(pans.begin(), pans.end(), dsp::PanGains{});  // centre where no line claims the frame
    for (const LinePan& line : lines) {
      const std::size_t a = std::max(line.begin, from), b = std::min(line.end, to);
      if (a >= b) continue;
      std::fill(pans.begin() + static_cast<std::ptrdiff_t>(a - from), pans.begin() + static_cast<std::ptrdiff_t>(b - from),
                line.pan);
    }
    for (std::size_t f = from; f < to; ++f) {
      const double v = gain * speech.samples[f];
      out[2 * f] += static_cast<float>(v * pans[f - from].left);
      out[2 * f + 1] += static_cast<float>(v * pans[f - from].right);
    }
  }
}

// Where the stems duck: each line from kDuckAttackSec before it to its end, a pause
// shorter than kDuckHoldSec bridged; sorted and merged, so a frame is in at most one.
MixBus::Spans speaking_spans(const SpeechTrack& speech, std::size_t frames) {
  const auto attack = static_cast<std::size_t>(kDuckAttackSec * kSampleRate);
  const auto hold = static_cast<std::size_t>(kDuckHoldSec * kSampleRate);
  MixBus::Spans spans;
  std::size_t previous_end = 0;
  for (const SpokenLine& line : speech.lines) {  // in time order
    std::size_t from = line.begin > attack ? line.begin - attack : 0;
    // A short pause between two lines stays ducked: music swelling into every breath pumps.
    if (previous_end > 0 && from > previous_end && from - previous_end < hold) from = previous_end;
    const std::size_t a = std::min(from, frames), b = std::min(line.end, frames);
    if (a < b) spans.emplace_back(a, b);
    previous_end = line.end;
  }
  std::sort(spans.begin(), spans.end());
  MixBus::Spans merged;
  for (const auto& s : spans) {
    if (!merged.empty() && s.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, s.second);
    } else {
      merged.push_back(s);
    }
  }
  return merged;
}

// The ducking gain one frame at a time (see ducking_envelope): the mix follows it
// while adding a stem instead of holding a whole-clip curve.
class DuckEnvelope {
 public:
  DuckEnvelope(const MixBus::Spans& speaking, double depth_db)
      : speaking_(speaking),
        depth_db_(depth_db),
        down_(depth_db / (kDuckAttackSec * kSampleRate)),  // dB per frame, negative
        up_(-depth_db / (kDuckReleaseSec * kSampleRate)) {}

  float next() {
    const std::size_t f = frame_++;
    while (span_ < speaking_.size() && speaking_[span_].second <= f) ++span_;
    const bool speaking = span_ < speaking_.size() && speaking_[span_].first <= f;
    db_ = speaking ? std::max(depth_db_, db_ + down_) : std::min(0.0, db_ + up_);
    if (db_ != previous_) gain_ = static_cast<float>(dsp::db_to_gain(db_));
    previous_ = db_;
    return gain_;
  }

 private:
  const MixBus::Spans& speaking_;
  double depth_db_, down_, up_;
  std::size_t frame_ = 0, span_ = 0;
  double db_ = 0, previous_ = 0;
  float gain_ = 1.0f;
};

void add_ducked(std::span<const float> stem, double gain, DuckEnvelope duck, double duck_exponent,
                std::vector<float>& out) {
  float last_duck = 1.0f;
  double shaped = 1.0;  // pow() only where the envelope moves: it is flat most of the time
  for (std::size_t f = 0; f < stem.size() / 2; ++f) {
    const float d = duck.next();
    if (d != last_duck) {
      last_duck = d;
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
  const MixBus::Spans speaking = speaking_spans(speech, frames);
  DuckEnvelope envelope(speaking, depth_db);
  std::vector<float> gain(frames);
  for (float& g : gain) g = envelope.next();
  return gain;
}

Result<MixBus> MixBus::start(const Timeline& timeline, const SpeechTrack& speech) {
  if (!(timeline.duration > 0) || timeline.duration > kMaxDuration) {
    return fail(Error::invalid("clip duration out of range", "duration"));
  }
  const std::size_t frames = frame_count(timeline.duration);
  MixBus bus(frames, speaking_spans(speech, frames));
  if (speech.samples.empty()) return bus;
  if (speech.samples.size() != bus.frames_) {
    return fail(Error::invalid("speech stem has " + std::to_string(speech.samples.size()) + " samples, expected " +
                               std::to_string(bus.frames_)));
  }
  auto lufs = media::integrated_loudness(speech.samples, 1);
  if (!lufs) return fail(lufs.error());
  add_speech(timeline, speech, level_gain(*lufs, kSpeechLufs), bus.out_);
  return bus;
}

Result<void> MixBus::check(std::span<const float> stem, const char* name) const {
  if (stem.size() == 2 * frames_) return {};
  return fail(Error::invalid(std::string(name) + " stem has " + std::to_string(stem.size()) + " samples, expected " +
                             std::to_string(2 * frames_)));
}

Result<void> MixBus::add_music(std::span<const float> music) {
  if (music.empty()) return {};
  if (auto ok = check(music, "music"); !ok) return ok;
  auto lufs = media::integrated_loudness(music, 2);
  if (!lufs) return fail(lufs.error());
  add_ducked(music, level_gain(*lufs, kMusicLufs), DuckEnvelope(speaking_, kMusicDuckDb), 1.0, out_);
  return {};
}

Result<void> MixBus::add_ambience(std::span<const float> ambience) {
  if (ambience.empty()) return {};
  if (auto ok = check(ambience, "ambience"); !ok) return ok;
  // The ambience follows the music's envelope, less deep: gain^(4/10) is -4 dB at -10.
  add_ducked(ambience, 1.0, DuckEnvelope(speaking_, kMusicDuckDb), kAmbienceDuckDb / kMusicDuckDb, out_);
  return {};
}

Result<MixResult> MixBus::finish(const media::LoudnessTarget& target) && {
  apply_fades(out_);
  auto before = media::integrated_loudness(out_, 2);
  if (!before) return fail(before.error());
  if (!std::isfinite(*before)) return silence(frames_);
  auto reading = media::normalize_loudness(out_, target);
  if (!reading) return fail(reading.error());
  return MixResult{std::move(out_), reading->integrated_lufs, reading->true_peak_dbtp, false};
}

Result<MixResult> mix(const Timeline& timeline, const SpeechTrack& speech, std::span<const float> music,
                      std::span<const float> ambience, const media::LoudnessTarget& target) {
  auto bus = MixBus::start(timeline, speech);
  if (!bus) return fail(bus.error());
  if (auto ok = bus->add_music(music); !ok) return fail(ok.error());
  if (auto ok = bus->add_ambience(ambience); !ok) return fail(ok.error());
  return std::move(*bus).finish(target);
}

}  // namespace syncreel::engine
