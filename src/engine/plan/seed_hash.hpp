// Seeded randomness for the engine: SplitMix64 and a stateless hash built on it.
//
// <random>'s distributions differ between standard libraries, and a clip must come out
// byte-identical for the same seed everywhere, so the planner and the renderer draw
// every "random" choice from these. Header-only, no state shared between calls:
// SeedStream is not thread-safe (one per use), the free functions are.
#pragma once

#include <cstdint>

namespace syncreel::engine {

// The SplitMix64 finaliser: a good 64-bit mix of `z`.
constexpr std::uint64_t mix64(std::uint64_t z) {
  z += 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// A stable hash of up to three integers under a seed; the building block of noise and
// per-frame choices that must not depend on the order frames are drawn in.
constexpr std::uint64_t hash3(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0, std::uint64_t c = 0) {
  return mix64(mix64(mix64(seed ^ 0x5851F42D4C957F2Dull) ^ a) ^ (b * 0x9E3779B97F4A7C15ull) ^ (c << 1));
}

// hash3 mapped to [0, 1).
constexpr double hash_unit(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0, std::uint64_t c = 0) {
  return static_cast<double>(hash3(seed, a, b, c) >> 11) / 9007199254740992.0;
}

class SeedStream {
 public:
  explicit SeedStream(std::uint64_t seed) : state_(seed) {}

  // Uniform in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * static_cast<double>(next() >> 11) / 0x1p53; }
  // Uniform in [lo, hi]; requires hi >= lo.
  int between(int lo, int hi) { return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1)); }
  // True with probability p.
  bool chance(double p) { return uniform(0.0, 1.0) < p; }

 private:
  std::uint64_t next() {
    state_ += 0x9E3779B97F4A7C15ull;
    return mix64(state_ - 0x9E3779B97F4A7C15ull);
  }
  std::uint64_t state_;
};

}  // namespace syncreel::engine
