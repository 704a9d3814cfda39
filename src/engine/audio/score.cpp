#include "engine/audio/score.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <span>

#include "engine/audio/audio_format.hpp"
#include "engine/audio/dsp.hpp"

namespace syncreel::engine {
namespace {

using Scale = std::array<int, 7>;
constexpr Scale kMajor = {0, 2, 4, 5, 7, 9, 11};
constexpr Scale kMinor = {0, 2, 3, 5, 7, 8, 10};  // natural minor

// Four bars each, as 0-based scale degrees of the chord roots.
constexpr std::array<std::array<int, 4>, 4> kMajorProgressions = {
    {{0, 4, 5, 3}, {0, 3, 4, 0}, {0, 5, 3, 4}, {5, 3, 0, 4}}};
constexpr std::array<std::array<int, 4>, 4> kMinorProgressions = {
    {{0, 5, 2, 6}, {0, 3, 4, 0}, {0, 6, 5, 6}, {0, 3, 6, 2}}};

// Melody rhythms, one 4-beat bar each, in beats; a negative length is a rest. Denser
// tiers for higher intensity.
const std::array<std::vector<double>, 4> kCalmRhythms = {{{4}, {2, 2}, {3, 1}, {2, -1, 1}}};
const std::array<std::vector<double>, 4> kMidRhythms = {{{1, 1, 2}, {1.5, 0.5, 2}, {2, 1, 1}, {1, 1, 1, 1}}};
const std::array<std::vector<double>, 4> kBusyRhythms = {
    {{0.5, 0.5, 1, 0.5, 0.5, 1}, {1, 0.5, 0.5, 1, 1}, {0.5, 0.5, 0.5, 0.5, 1, 1}, {1.5, 0.5, 1, 1}}};

constexpr std::array<int, 7> kMelodySteps = {-2, -1, -1, 0, 1, 1, 2};

int floor_div(int a, int b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// MIDI key of scale degree `degree` (any integer) above `tonic`.
int scale_note(int tonic, const Scale& scale, int degree) {
  const int octave = floor_div(degree, 7);
  return tonic + scale[static_cast<std::size_t>(degree - 7 * octave)] + 12 * octave;
}

bool is_chord_tone(int degree, int root) {
  const int d = degree - 7 * floor_div(degree, 7);
  for (const int k : {0, 2, 4}) {
    if (d == (root + k) % 7) return true;
  }
  return false;
}

int nearest_chord_tone(int degree, int root) {
  for (const int delta : {0, -1, 1, -2, 2, -3, 3}) {
    if (is_chord_tone(degree + delta, root)) return degree + delta;
  }
  return degree;
}

class ScoreWriter {
 public:
  ScoreWriter(std::vector<NoteEvent>& out, std::size_t total, std::size_t cue_end)
      : out_(out), total_(total), cue_end_(cue_end) {}

  void note(double at, double length, int channel, int key, double velocity) {
    const std::size_t on = frame_at(at, total_);
    const std::size_t off = std::min(frame_at(at + length, total_), cue_end_);
    if (off <= on) return;
    const int k = std::clamp(key, 0, 127);
    out_.push_back({on, NoteEventKind::note_on, channel, k, std::clamp(static_cast<int>(velocity), 1, 127)});
    out_.push_back({off, NoteEventKind::note_off, channel, k, 0});
  }
  void event(double at, NoteEventKind kind, int channel, int data1, int data2) {
    out_.push_back({frame_at(at, total_), kind, channel, std::clamp(data1, 0, 127), std::clamp(data2, 0, 127)});
  }

 private:
  std::vector<NoteEvent>& out_;
  std::size_t total_, cue_end_;
};

int instrument(const MusicCue& cue, std::size_t i, int fallback) {
  return i < cue.instruments.size() ? std::clamp(cue.instruments[i], 0, 127) : fallback;
}

void compose_bar(ScoreWriter& w, dsp::Rng& rng, const MusicCue& cue, const Scale& scale, int tonic, int root,
                 double t_bar, double beat, int& melody_degree) {
  const double intensity = std::clamp(cue.intensity, 0.0, 1.0);
  // Harmony: the triad, held, struck twice a bar once things get going.
  const int strikes = intensity < 0.4 ? 1 : 2;
  for (int s = 0; s < strikes; ++s) {
    const double at = t_bar + s * 4.0 / strikes * beat;
    for (const int k : {0, 2, 4}) {
      w.note(at, 4.0 / strikes * beat * 0.98, kHarmonyChannel, scale_note(tonic - 12, scale, root + k),
             45 + 35 * intensity);
    }
  }
  // Bass: the root, then more often and with the fifth as intensity rises.
  const int bass_root = scale_note(tonic - 24, scale, root);
  const int bass_fifth = scale_note(tonic - 24, scale, root + 4);
  const int hits = intensity < 0.35 ? 1 : (intensity < 0.7 ? 2 : 4);
  for (int h = 0; h < hits; ++h) {
    const int key = (hits > 1 && h == hits - 1 && rng.chance(0.5)) ? bass_fifth : bass_root;
    w.note(t_bar + h * 4.0 / hits * beat, 4.0 / hits * beat * 0.9, kBassChannel, key, 70 + 30 * intensity);
  }
  // Melody: a walk on the scale that lands on chord tones on strong beats.
  const auto& tier = intensity < 0.35 ? kCalmRhythms : (intensity < 0.7 ? kMidRhythms : kBusyRhythms);
  const std::vector<double>& rhythm = tier[rng.next() % tier.size()];
  double pos = 0;  // in beats within the bar
  for (const double length : rhythm) {
    const double beats = std::fabs(length);
    const bool strong = std::fmod(pos, 2.0) == 0.0;
    if (length > 0 && (pos == 0 || !rng.chance(0.12))) {
      melody_degree = std::clamp(melody_degree + kMelodySteps[rng.next() % kMelodySteps.size()], 3, 13);
      if (strong) melody_degree = nearest_chord_tone(melody_degree, root);
      const double velocity = 62 + 40 * intensity + (pos == 0 ? 8 : 0) + rng.uniform(-6, 6);
      w.note(t_bar + pos * beat, beats * beat * 0.92, kMelodyChannel, scale_note(tonic, scale, melody_degree),
             velocity);
    }
    pos += beats;
  }
  // Drums (GM channel 10): kick, snare on the back beat, closed hi-hat on eighths.
  if (intensity >= kDrumIntensity) {
    const double v = 60 + 50 * intensity;
    for (int e = 0; e < 8; ++e) {
      const double at = t_bar + e * 0.5 * beat;
      w.note(at, 0.1, kDrumChannel, 42, v * (e % 2 == 0 ? 0.8 : 0.6));
      if (e == 0 || e == 4) w.note(at, 0.1, kDrumChannel, 36, v);
      if (e == 2 || e == 6) w.note(at, 0.1, kDrumChannel, 38, v * 0.9);
    }
  }
}

}  // namespace

std::vector<NoteEvent> compose_score(const Timeline& timeline, std::size_t total_frames) {
  std::vector<NoteEvent> events;
  const double duration = static_cast<double>(total_frames) / kSampleRate;
  for (std::size_t c = 0; c < timeline.music.size(); ++c) {
    const MusicCue& cue = timeline.music[c];
    const double start = std::max(0.0, cue.start);
    const double end = std::min(duration, cue.end);
    if (!(end > start)) continue;
    dsp::Rng rng(dsp::derive_seed(timeline.seed, 0x5C03E, c));
    ScoreWriter w(events, total_frames, frame_at(end, total_frames));

    int tonic = std::clamp(cue.key, 24, 108);
    while (tonic > 66) tonic -= 12;  // keep the melody in a singable register
    while (tonic < 55) tonic += 12;
    const Scale& scale = cue.minor ? kMinor : kMajor;
    const double beat = 60.0 / std::clamp(std::isfinite(cue.tempo_bpm) ? cue.tempo_bpm : 96.0, 40.0, 200.0);
    const int melody = instrument(cue, 0, 0);
    w.event(start, NoteEventKind::program, kMelodyChannel, melody, 0);
    w.event(start, NoteEventKind::program, kHarmonyChannel, instrument(cue, 1, melody), 0);
    w.event(start, NoteEventKind::program, kBassChannel, instrument(cue, 2, 32), 0);
    for (const auto& [channel, volume, pan] : {std::array{kMelodyChannel, 100, 76}, std::array{kHarmonyChannel, 72, 50},
                                               std::array{kBassChannel, 96, 64}, std::array{kDrumChannel, 80, 64}}) {
      w.event(start, NoteEventKind::control, channel, 7, volume);  // channel volume
      w.event(start, NoteEventKind::control, channel, 10, pan);    // pan
      w.event(start, NoteEventKind::control, channel, 91, 48);     // reverb send
    }
    const auto& progressions = cue.minor ? kMinorProgressions : kMajorProgressions;
    const auto& progression = progressions[rng.next() % progressions.size()];
    const bool resolves = end >= duration - 1e-9;  // the score's last cue ends on the tonic
    const auto bars = static_cast<int>(std::ceil((end - start) / (4 * beat)));
    int melody_degree = 7;
    for (int b = 0; b < bars; ++b) {
      const int root = (resolves && b == bars - 1) ? 0 : progression[static_cast<std::size_t>(b % 4)];
      compose_bar(w, rng, cue, scale, tonic, root, start + b * 4 * beat, beat, melody_degree);
    }
  }
  std::ranges::stable_sort(events, [](const NoteEvent& a, const NoteEvent& b) {
    return a.frame != b.frame ? a.frame < b.frame : a.kind < b.kind;
  });
  return events;
}

}  // namespace syncreel::engine
