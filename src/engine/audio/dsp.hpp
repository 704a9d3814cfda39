// Small signal-processing pieces shared by the procedural sound (ambience, effects):
// a seeded generator, noise colours, filters and panning.
//
// Everything here is deterministic: the same seed gives the same samples on every
// platform (no <random> distributions, whose output differs between libraries). Each
// object holds its own state and belongs to one thread; the free functions are pure.
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>
#include <span>

#include "engine/audio/audio_format.hpp"

namespace syncreel::engine::dsp {

inline constexpr double kTwoPi = 2.0 * std::numbers::pi;

// SplitMix64: tiny, fast, and good enough for audio noise and event times.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double unit() { return static_cast<double>(next() >> 11) * 0x1p-53; }  // [0, 1)
  double uniform(double lo, double hi) { return lo + (hi - lo) * unit(); }
  double bipolar() { return 2.0 * unit() - 1.0; }  // [-1, 1)
  bool chance(double p) { return unit() < p; }
  // Exponentially distributed waiting time with the given mean: events "at random times".
  double wait(double mean) { return -mean * std::log(1.0 - unit()); }

 private:
  std::uint64_t state_;
};

// A seed for one part of the sound, so adding a layer never shifts another's noise.
inline std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t part, std::uint64_t index = 0) {
  Rng r(seed ^ (part * 0xD1B54A32D192ED03ull) ^ (index * 0x9E3779B97F4A7C15ull));
  r.next();
  return r.next();
}

// A slowly wandering value in [0, 1]: random points every `period` seconds joined by
// cosine curves. Drives swells, gusts and drifting filter frequencies.
class SlowRandom {
 public:
  SlowRandom(std::uint64_t seed, double period_sec)
      : rng_(seed), step_(1.0 / (period_sec * kSampleRate)), a_(rng_.unit()), b_(rng_.unit()) {}
  double next() {
    const double v = a_ + (b_ - a_) * (0.5 - 0.5 * std::cos(std::numbers::pi * phase_));
    if ((phase_ += step_) >= 1.0) {
      phase_ -= 1.0;
      a_ = b_;
      b_ = rng_.unit();
    }
    return v;
  }

 private:
  Rng rng_;
  double step_, a_, b_, phase_ = 0;
};

// Pink noise (Paul Kellet's economy filter): natural-sounding for wind, surf and rooms.
class PinkNoise {
 public:
  explicit PinkNoise(std::uint64_t seed) : rng_(seed) {}
  double next() {
    const double w = rng_.bipolar();
    b0_ = 0.99765 * b0_ + w * 0.0990460;
    b1_ = 0.96300 * b1_ + w * 0.2965164;
    b2_ = 0.57000 * b2_ + w * 1.0526913;
    return (b0_ + b1_ + b2_ + w * 0.1848) * 0.18;
  }

 private:
  Rng rng_;
  double b0_ = 0, b1_ = 0, b2_ = 0;
};

// Brown noise (leaky integrated white): rumble and thunder.
class BrownNoise {
 public:
  explicit BrownNoise(std::uint64_t seed) : rng_(seed) {}
  double next() {
    z_ = 0.995 * z_ + 0.06 * rng_.bipolar();
    return z_;
  }

 private:
  Rng rng_;
  double z_ = 0;
};

// One-pole low-pass; cutoff may change every sample.
class OnePole {
 public:
  void set_cutoff(double hz) { a_ = 1.0 - std::exp(-kTwoPi * hz / kSampleRate); }
  double process(double x) { return z_ += a_ * (x - z_); }

 private:
  double a_ = 1.0, z_ = 0;
};

// RBJ biquad (transposed direct form II). Coefficients may be reset per block.
class Biquad {
 public:
  void set_lowpass(double hz, double q) { design(hz, q, Kind::lowpass); }
  void set_highpass(double hz, double q) { design(hz, q, Kind::highpass); }
  void set_bandpass(double hz, double q) { design(hz, q, Kind::bandpass); }
  double process(double x) {
    const double y = b0_ * x + z1_;
    z1_ = b1_ * x - a1_ * y + z2_;
    z2_ = b2_ * x - a2_ * y;
    return y;
  }

 private:
  enum class Kind { lowpass, highpass, bandpass };
  void design(double hz, double q, Kind kind) {
    const double w = kTwoPi * std::fmin(hz, 0.45 * kSampleRate) / kSampleRate;
    const double alpha = std::sin(w) / (2.0 * q);
    const double c = std::cos(w);
    const double a0 = 1.0 + alpha;
    switch (kind) {
      case Kind::lowpass:
        b0_ = b2_ = (1 - c) / 2;
        b1_ = 1 - c;
        break;
      case Kind::highpass:
        b0_ = b2_ = (1 + c) / 2;
        b1_ = -(1 + c);
        break;
      case Kind::bandpass:
        b0_ = alpha;
        b1_ = 0;
        b2_ = -alpha;
        break;
    }
    b0_ /= a0;
    b1_ /= a0;
    b2_ /= a0;
    a1_ = -2 * c / a0;
    a2_ = (1 - alpha) / a0;
  }
  double b0_ = 1, b1_ = 0, b2_ = 0, a1_ = 0, a2_ = 0, z1_ = 0, z2_ = 0;
};

// Constant-power pan: -1 = left, 0 = centre, +1 = right.
struct PanGains {
  double left = std::numbers::sqrt2 / 2, right = std::numbers::sqrt2 / 2;
};
inline PanGains pan_gains(double pan) {
  const double p = std::fmax(-1.0, std::fmin(1.0, pan));
  const double theta = (p + 1.0) * std::numbers::pi / 4.0;
  return {std::cos(theta), std::sin(theta)};
}

// Interleaved stereo samples, addressed by frame; writes past the end are dropped so
// an effect near the clip's end needs no bounds arithmetic of its own.
class StereoView {
 public:
  explicit StereoView(std::span<float> samples) : s_(samples) {}
  std::size_t frames() const { return s_.size() / 2; }
  void add(std::size_t frame, double left, double right) {
    if (frame >= frames()) return;
    s_[2 * frame] += static_cast<float>(left);
    s_[2 * frame + 1] += static_cast<float>(right);
  }
  void add(std::size_t frame, double value, const PanGains& pan) { add(frame, value * pan.left, value * pan.right); }

 private:
  std::span<float> s_;
};

// Removes rumble under `hz` from interleaved stereo (second order): noise generators
// put energy down to a few Hz, which no one hears but which eats peak headroom.
inline void high_pass(std::span<float> stereo, double hz) {
  Biquad left, right;
  left.set_highpass(hz, std::numbers::sqrt2 / 2);
  right.set_highpass(hz, std::numbers::sqrt2 / 2);
  for (std::size_t i = 0; i + 1 < stereo.size(); i += 2) {
    stereo[i] = static_cast<float>(left.process(stereo[i]));
    stereo[i + 1] = static_cast<float>(right.process(stereo[i + 1]));
  }
}

inline double db_to_gain(double db) { return std::pow(10.0, db / 20.0); }

}  // namespace syncreel::engine::dsp
