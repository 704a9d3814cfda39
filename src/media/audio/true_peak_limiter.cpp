#include "media/audio/true_peak_limiter.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <limits>
#include <numbers>
#include <vector>

#include "media/audio/audio_rate.hpp"

namespace syncreel::media {
namespace {

constexpr int kPhases = 4;  // 4x oversampling, as BS.1770 asks for at 48 kHz
constexpr int kTaps = 16;   // per phase: taps at offsets -7..8 around a sample
constexpr int kTapOffset = 7;
constexpr std::size_t kBlock = 64;      // frames checked together before oversampling
constexpr std::size_t kLookahead = 96;  // 2 ms
constexpr double kReleaseSec = 0.1;

// Windowed-sinc interpolators for the points 1/4, 2/4 and 3/4 between samples (phase 0
// is the sample itself), each scaled to unit gain at DC.
struct Interpolator {
  std::array<std::array<double, kTaps>, kPhases> taps{};
  double worst_gain = 1;  // max over phases of sum |tap|: bounds an interpolated value

  Interpolator() {
    constexpr double kHalfWidth = kTaps / 2 + 0.5;
    for (int p = 0; p < kPhases; ++p) {
      double sum = 0, abs_sum = 0;
      for (int j = 0; j < kTaps; ++j) {
        const double t = (j - kTapOffset) - static_cast<double>(p) / kPhases;
        const double sinc = t == 0 ? 1.0 : std::sin(std::numbers::pi * t) / (std::numbers::pi * t);
        const double w = 0.42 + 0.5 * std::cos(std::numbers::pi * t / kHalfWidth) +
                         0.08 * std::cos(2 * std::numbers::pi * t / kHalfWidth);
        taps[static_cast<std::size_t>(p)][static_cast<std::size_t>(j)] = sinc * w;
        sum += sinc * w;
      }
      for (double& tap : taps[static_cast<std::size_t>(p)]) {
        tap /= sum;
        abs_sum += std::fabs(tap);
      }
      worst_gain = std::max(worst_gain, abs_sum);
    }
  }
};

const Interpolator& interpolator() {
  static const Interpolator k;
  return k;
}

float sample(std::span<const float> s, std::ptrdiff_t frame, int channel) {
  const auto frames = static_cast<std::ptrdiff_t>(s.size() / 2);
  return frame < 0 || frame >= frames ? 0.0f : s[static_cast<std::size_t>(2 * frame + channel)];
}

// The largest oversampled magnitude in [frame, frame + 1) over both channels.
double frame_peak(std::span<const float> s, std::size_t frame) {
  const Interpolator& k = interpolator();
  const auto f = static_cast<std::ptrdiff_t>(frame);
  double peak = 0;
  for (int c = 0; c < 2; ++c) {
    peak = std::max(peak, static_cast<double>(std::fabs(sample(s, f, c))));
    for (std::size_t p = 1; p < kPhases; ++p) {
      double v = 0;
      for (int j = 0; j < kTaps; ++j) v += k.taps[p][static_cast<std::size_t>(j)] * sample(s, f + j - kTapOffset, c);
      peak = std::max(peak, std::fabs(v));
    }
  }
  return peak;
}

// Largest |sample| over the frames whose interpolation can reach block `b`.
double block_sample_max(std::span<const float> s, std::size_t b) {
  const std::size_t frames = s.size() / 2;
  const std::size_t from = b * kBlock > kTaps ? b * kBlock - kTaps : 0;
  const std::size_t to = std::min(frames, (b + 1) * kBlock + kTaps);
  float m = 0;
  for (std::size_t i = 2 * from; i < 2 * to; ++i) m = std::max(m, std::fabs(s[i]));
  return m;
}

// Calls visit(frame, peak) for every frame of a block that might exceed `threshold`;
// quiet blocks cost one scan instead of the oversampling.
template <class Visit>
void for_loud_frames(std::span<const float> s, double threshold, Visit visit) {
  const std::size_t frames = s.size() / 2;
  const double bound = interpolator().worst_gain;
  for (std::size_t b = 0; b * kBlock < frames; ++b) {
    if (block_sample_max(s, b) * bound < threshold) continue;
    for (std::size_t f = b * kBlock; f < std::min(frames, (b + 1) * kBlock); ++f) visit(f, frame_peak(s, f));
  }
}

}  // namespace

double true_peak_dbtp(std::span<const float> stereo) {
  double peak = 0;
  for_loud_frames(stereo, 1e-12, [&](std::size_t, double p) { peak = std::max(peak, p); });
  return peak > 0 ? 20 * std::log10(peak) : -std::numeric_limits<double>::infinity();
}

void limit_true_peak(std::span<float> stereo, double ceiling_dbtp) {
  const std::size_t frames = stereo.size() / 2;
  if (frames == 0) return;
  const double ceiling = std::pow(10.0, ceiling_dbtp / 20.0);
  std::vector<double> gain(frames, 1.0);  // first the gain each frame needs on its own
  bool any = false;
  for_loud_frames(stereo, ceiling, [&](std::size_t f, double p) {
    if (p > ceiling) {
      gain[f] = ceiling / p;
      any = true;
    }
  });
  if (!any) return;

  // Look ahead: each frame takes the smallest gain needed in the next kLookahead
  // frames (a sliding minimum), then recovers exponentially.
  std::vector<double> held(frames);
  std::deque<std::size_t> window;  // frames with increasing gain
  const double release = std::exp(-1.0 / (kReleaseSec * kAudioSampleRate));
  double recovering = 1.0;
  for (std::size_t i = 0; i < frames + kLookahead; ++i) {
    if (i < frames) {
      while (!window.empty() && gain[window.back()] >= gain[i]) window.pop_back();
      window.push_back(i);
    }
    if (i < kLookahead) continue;
    const std::size_t k = i - kLookahead;
    while (window.front() < k) window.pop_front();
    recovering = std::min(gain[window.front()], 1.0 - (1.0 - recovering) * release);
    held[k] = recovering;
  }
  // A moving average over the look-ahead smooths the attack into a ramp. At a peak the
  // average covers only frames already held down to that peak's gain, so it never
  // lets the peak through.
  double sum = 0;
  for (std::size_t k = 0; k < frames; ++k) {
    sum += held[k];
    if (k > kLookahead) sum -= held[k - kLookahead - 1];
    const double g = sum / static_cast<double>(std::min(k + 1, kLookahead + 1));
    stereo[2 * k] = static_cast<float>(stereo[2 * k] * g);
    stereo[2 * k + 1] = static_cast<float>(stereo[2 * k + 1] * g);
  }
}

}  // namespace syncreel::media
