#include "providers/local/local_melody.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "providers/local/seed_stream.hpp"

namespace syncreel {
namespace {

constexpr double kTwoPi = 2 * std::numbers::pi;
constexpr std::array<int, 5> kMajorPentatonic = {0, 2, 4, 7, 9};
constexpr std::array<int, 5> kMinorPentatonic = {0, 3, 5, 7, 10};
constexpr double kAttackSec = 0.012;   // short enough to sound plucked, long enough not to click
constexpr double kReleaseSec = 0.03;
constexpr double kFadeOutSec = 0.35;   // the clip ends on a fade, not a cut
constexpr double kBassLevel = 0.35;    // relative to the melody

double midi_to_hz(int note) { return 440.0 * std::pow(2.0, (note - 69) / 12.0); }

// Adds one enveloped sine tone into `out` (interleaved stereo) with a constant-power pan.
void add_tone(std::vector<float>& out, int sample_rate, std::int64_t start, std::int64_t length, double hz,
              double level, double pan) {
  const auto total = static_cast<std::int64_t>(out.size() / 2);
  const double angle = (pan + 1.0) * std::numbers::pi / 4;  // pan in [-1, 1]
  const double left = level * std::cos(angle) * std::numbers::sqrt2;
  const double right = level * std::sin(angle) * std::numbers::sqrt2;
  const double len_sec = static_cast<double>(length) / sample_rate;
  for (std::int64_t i = 0; i < length && start + i < total; ++i) {
    const double t = static_cast<double>(i) / sample_rate;
    const double envelope = std::min({1.0, t / kAttackSec, (len_sec - t) / kReleaseSec}) * std::exp(-2.5 * t / len_sec);
    const double v = envelope * std::sin(kTwoPi * hz * t);
    const auto at = static_cast<std::size_t>(2 * (start + i));
    out[at] += static_cast<float>(v * left);
    out[at + 1] += static_cast<float>(v * right);
  }
}

}  // namespace

std::vector<float> render_melody(Style style, std::uint32_t seed, int sample_rate, std::int64_t samples) {
  if (samples <= 0 || sample_rate <= 0) return {};
  std::vector<float> out(static_cast<std::size_t>(samples) * 2, 0.0f);
  // A different stream from the picture's, so the tune does not move with the sun's path.
  SeedStream rng(std::uint64_t{seed} * 0x2545F4914F6CDD1Dull + 0x5EED);
  const auto& scale = (style == Style::cinematic || style == Style::documentary) ? kMinorPentatonic : kMajorPentatonic;
  const int root = 57 + rng.between(0, 7);  // A3 .. E4
  const double beat_sec = 60.0 / rng.between(92, 132);
  const auto eighth = static_cast<std::int64_t>(beat_sec / 2 * sample_rate);
  const std::int64_t bar = eighth * 8;

  // Bass: the root or the fifth, one per bar, an octave below.
  for (std::int64_t at = 0, n = 0; at < samples; at += bar, ++n) {
    const int note = root - 12 + ((n % 4 == 2) ? 7 : 0);
    add_tone(out, sample_rate, at, bar, midi_to_hz(note), kBassLevel, 0.0);
  }
  // Melody: a random walk over two octaves of the scale, in eighths and quarters.
  int degree = rng.between(0, 4);
  for (std::int64_t at = 0; at < samples;) {
    const std::int64_t length = eighth * rng.between(1, 2);
    if (rng.uniform(0, 1) > 0.12) {  // the occasional rest gives the line some phrasing
      const int note = root + 12 * (degree / 5) + scale[static_cast<std::size_t>(degree % 5)];
      add_tone(out, sample_rate, at, length, midi_to_hz(note), 1.0, rng.uniform(-0.3, 0.3));
    }
    degree = std::clamp(degree + rng.between(-2, 2), 0, 9);
    at += length;
  }

  const auto fade = std::min<std::int64_t>(samples, static_cast<std::int64_t>(kFadeOutSec * sample_rate));
  for (std::int64_t i = 0; i < fade; ++i) {
    const auto gain = static_cast<float>(static_cast<double>(i) / static_cast<double>(fade));
    const auto at = static_cast<std::size_t>(2 * (samples - 1 - i));
    out[at] *= gain;
    out[at + 1] *= gain;
  }
  float peak = 0.0f;
  for (const float v : out) peak = std::max(peak, std::abs(v));
  if (peak > 0.0f) {
    const auto gain = static_cast<float>(kMelodyPeak / peak);
    for (float& v : out) v *= gain;
  }
  return out;
}

}  // namespace syncreel
