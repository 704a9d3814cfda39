#include "providers/seedance/seedance_segments.hpp"

namespace syncreel::seedance {

std::vector<int> split_duration(int total_sec) {
  if (total_sec < kMinDurationSec) return {};
  const int count = (total_sec + kMaxDurationSec - 1) / kMaxDurationSec;
  // Two or more tasks only above 15 s, so each is at least 8 s: never below the minimum.
  std::vector<int> out(static_cast<std::size_t>(count), total_sec / count);
  for (int i = 0; i < total_sec % count; ++i) ++out[static_cast<std::size_t>(i)];
  return out;
}

std::int64_t segment_seed(std::int64_t job_seed, int index) {
  if (index == 0) return job_seed;
  // Golden-ratio multiples differ in their low 31 bits for every index that matters, and
  // none is zero there, so a later segment never shares the first one's seed.
  const auto mixed = static_cast<std::uint32_t>(job_seed) ^ (0x9E3779B9u * static_cast<std::uint32_t>(index));
  return static_cast<std::int64_t>(mixed & 0x7fffffffu);
}

}  // namespace syncreel::seedance
