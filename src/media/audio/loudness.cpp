#include "media/audio/loudness.hpp"

#include <ebur128.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "media/audio/audio_rate.hpp"
#include "media/audio/true_peak_limiter.hpp"

namespace syncreel::media {
namespace {

constexpr double kLimiterMargin = 0.5;  // dB under the ceiling: meters oversample differently
constexpr int kMaxPasses = 4;
constexpr std::size_t kChunkFrames = 48000;

struct Ebur128Deleter {
  void operator()(ebur128_state* st) const { ebur128_destroy(&st); }
};
using Ebur128Ptr = std::unique_ptr<ebur128_state, Ebur128Deleter>;

Result<Ebur128Ptr> analyse(std::span<const float> samples, int channels, int mode) {
  if (channels != 1 && channels != 2) return fail(Error::invalid("loudness is measured on mono or stereo"));
  if (samples.size() % static_cast<std::size_t>(channels) != 0) return fail(Error::invalid("ragged sample buffer"));
  Ebur128Ptr st(ebur128_init(static_cast<unsigned>(channels), kAudioSampleRate, mode));
  if (!st) return fail(Error::internal("libebur128 cannot start"));
  const std::size_t frames = samples.size() / static_cast<std::size_t>(channels);
  for (std::size_t f = 0; f < frames; f += kChunkFrames) {
    const std::size_t n = std::min(kChunkFrames, frames - f);
    if (ebur128_add_frames_float(st.get(), samples.data() + f * static_cast<std::size_t>(channels), n) !=
        EBUR128_SUCCESS) {
      return fail(Error::internal("libebur128 failed to analyse the audio"));
    }
  }
  return st;
}

double to_db(double linear) { return linear > 0 ? 20 * std::log10(linear) : -std::numeric_limits<double>::infinity(); }

}  // namespace

Result<double> integrated_loudness(std::span<const float> samples, int channels) {
  auto st = analyse(samples, channels, EBUR128_MODE_I);
  if (!st) return fail(st.error());
  double lufs = 0;
  if (ebur128_loudness_global(st->get(), &lufs) != EBUR128_SUCCESS) return fail(Error::internal("libebur128 failed"));
  return lufs;  // libebur128 reports -HUGE_VAL when every block is under the gate
}

Result<LoudnessReading> measure_loudness(std::span<const float> stereo) {
  auto st = analyse(stereo, 2, EBUR128_MODE_I | EBUR128_MODE_TRUE_PEAK);
  if (!st) return fail(st.error());
  LoudnessReading r;
  double left = 0, right = 0;
  if (ebur128_loudness_global(st->get(), &r.integrated_lufs) != EBUR128_SUCCESS ||
      ebur128_true_peak(st->get(), 0, &left) != EBUR128_SUCCESS ||
      ebur128_true_peak(st->get(), 1, &right) != EBUR128_SUCCESS) {
    return fail(Error::internal("libebur128 failed"));
  }
  r.true_peak_dbtp = to_db(std::max(left, right));
  return r;
}

Result<LoudnessReading> normalize_loudness(std::vector<float>& stereo, const LoudnessTarget& target) {
  const auto first = integrated_loudness(stereo, 2);
  if (!first) return fail(first.error());
  if (!std::isfinite(*first)) return fail(Error::invalid("cannot normalise silence"));
  const std::vector<float> original = stereo;
  double gain_db = target.integrated_lufs - *first;
  double ceiling = target.true_peak_dbtp - kLimiterMargin;
  double previous_gain = 0, previous_lufs = 0;
  LoudnessReading reading;
  for (int pass = 0; pass < kMaxPasses; ++pass) {
    const auto g = static_cast<float>(std::pow(10.0, gain_db / 20.0));
    for (std::size_t i = 0; i < stereo.size(); ++i) stereo[i] = original[i] * g;
    limit_true_peak(stereo, ceiling);
    // The cheap integrated measure while converging, the full one (true peak too) once.
    auto lufs = integrated_loudness(stereo, 2);
    if (!lufs) return fail(lufs.error());
    const double miss = target.integrated_lufs - *lufs;
    if (std::fabs(miss) <= target.tolerance_lu * 0.5 || pass + 1 == kMaxPasses) {
      auto m = measure_loudness(stereo);
      if (!m) return fail(m.error());
      reading = *m;
      if (reading.true_peak_dbtp <= target.true_peak_dbtp || pass + 1 == kMaxPasses) break;
      ceiling -= reading.true_peak_dbtp - target.true_peak_dbtp + 0.1;  // meters disagreed: tighten
      continue;
    }
    // Limiting eats part of each extra dB: step along the measured slope (secant), so
    // two or three passes land within a tenth of a LU.
    double slope = 1.0;
    if (pass > 0 && std::fabs(gain_db - previous_gain) > 0.01) {
      slope = std::clamp((*lufs - previous_lufs) / (gain_db - previous_gain), 0.3, 1.0);
    }
    previous_gain = gain_db;
    previous_lufs = *lufs;
    gain_db += miss / slope;
  }
  if (reading.true_peak_dbtp > target.true_peak_dbtp) {
    // Never hand out a peak over the ceiling, even if the loudness then misses.
    const auto g = static_cast<float>(std::pow(10.0, (target.true_peak_dbtp - reading.true_peak_dbtp - 0.1) / 20.0));
    for (float& s : stereo) s *= g;
    auto m = measure_loudness(stereo);
    if (!m) return fail(m.error());
    reading = *m;
  }
  return reading;
}

}  // namespace syncreel::media
