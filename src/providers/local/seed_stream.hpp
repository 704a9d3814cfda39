// SeedStream: the local provider's only source of "random" choices.
//
// SplitMix64, because <random>'s distributions differ between standard libraries and a
// render must give the same bytes for the same seed everywhere. Not thread-safe.
#pragma once

#include <cstdint>

namespace syncreel {

class SeedStream {
 public:
  explicit SeedStream(std::uint64_t seed) : state_(seed) {}

  // Uniform in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * static_cast<double>(next() >> 11) / 0x1p53; }
  // Uniform in [lo, hi], hi >= lo.
  int between(int lo, int hi) { return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1)); }

 private:
  std::uint64_t next() {
    state_ += 0x9E3779B97F4A7C15ull;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::uint64_t state_;
};

}  // namespace syncreel
