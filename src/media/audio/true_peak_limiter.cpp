#include "media/audio/true_peak_limiter.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <limits>
#include <numbers>

#include "media/audio/audio_rate.hpp"

namespace syncreel::media {
namespace {

constexpr int kPhases = 4;  // 4x oversampling, as BS.1770 asks for at 48 kHz
constexpr int kTaps = 16;   // per phase: taps at offsets -7..8 around a sample
constexpr int kTapOffset = 7;
constexpr std::size_t kBlock = 64;      // frames checked together before oversampling
constexpr std::size_t kLookahead = 96;  // 2 ms
constexpr double kReleaseSec = 0.1;
// limit_true_peak measures frame i while it scales frame i - kLookahead: what it reads
// (a block and kTaps either side of it) must not have been scaled yet.
static_assert(kLookahead > kTaps + kTapOffset + 1);

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

// The limiter's gain curve, streamed: push each frame's own need (1, or what brings
// its peak to the ceiling) in frame order; pop returns the gain of the frame pushed
// kLookahead frames earlier. In between, each frame takes the smallest need of the
// next kLookahead frames (a sliding minimum), recovers exponentially after it, and a
// moving average over the look-ahead smooths the attack into a ramp: at a peak the
// average covers only frames already held down to that peak's gain, so it never lets
// the peak through. Only the last kLookahead + 2 frames are kept, whatever the clip's
// length; the arithmetic is the same, in the same order, as over whole-clip curves.
class LookaheadGain {
 public:
  explicit LookaheadGain(double release) : release_(release) {}

  void push(double need) {
    while (!window_.empty() && at(needs_, window_.back()) >= need) window_.pop_back();
    at(needs_, pushed_) = need;
    window_.push_back(pushed_++);
  }

  // Call once per push after the first kLookahead, and kLookahead times after the last
  // push (with no push in between) to drain the tail.
  double pop() {
    const std::size_t k = popped_++;
    while (window_.front() < k) window_.pop_front();
    recovering_ = std::min(at(needs_, window_.front()), 1.0 - (1.0 - recovering_) * release_);
    at(held_, k) = recovering_;
    sum_ += recovering_;
    if (k > kLookahead) sum_ -= at(held_, k - kLookahead - 1);
    return sum_ / static_cast<double>(std::min(k + 1, kLookahead + 1));
  }

 private:
  static constexpr std::size_t kRing = 256;  // a power of two over kLookahead + 2
  static_assert(kRing >= kLookahead + 2);
  using Ring = std::array<double, kRing>;
  static double& at(Ring& ring, std::size_t frame) { return ring[frame % kRing]; }

  double release_;
  Ring needs_{};                   // by frame, the last kLookahead + 1 pushed
  Ring held_{};                    // by frame, the last kLookahead + 2 popped
  std::deque<std::size_t> window_;  // frames with increasing need, the oldest first
  std::size_t pushed_ = 0, popped_ = 0;
  double recovering_ = 1.0, sum_ = 0;
};

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
  const double bound = interpolator().worst_gain;
  LookaheadGain gain(std::exp(-1.0 / (kReleaseSec * kAudioSampleRate)));
  bool loud_block = false;
  // One pass, frame `i` measured while frame i - kLookahead is scaled: the gain ring
  // holds the look-ahead instead of two whole-clip curves (23 MB for 30 s). Reading
  // stays ahead of writing by more than the interpolator's reach (kTaps) and a block's
  // margin, so every peak is measured on samples the limiter has not touched yet.
  for (std::size_t i = 0; i < frames + kLookahead; ++i) {
    if (i < frames) {
      if (i % kBlock == 0) loud_block = block_sample_max(stereo, i / kBlock) * bound >= ceiling;
      double need = 1.0;
      if (loud_block) {
        const double p = frame_peak(stereo, i);
        if (p > ceiling) need = ceiling / p;
      }
      gain.push(need);
    }
    if (i < kLookahead) continue;
    const std::size_t k = i - kLookahead;
    const double g = gain.pop();
    stereo[2 * k] = static_cast<float>(stereo[2 * k] * g);
    stereo[2 * k + 1] = static_cast<float>(stereo[2 * k + 1] * g);
  }
}

}  // namespace syncreel::media
