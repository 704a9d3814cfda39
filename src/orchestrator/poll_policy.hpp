// PollPolicy: when to ask a remote provider about a task again.
//
// First poll 2 s after submission, then doubling up to 30 s, each delay jittered by
// ±20 % so many jobs submitted together do not poll in lockstep. A Retry-After from the
// provider wins over the schedule. Pure apart from the random source; thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace syncreel {

struct PollPolicyConfig {
  std::chrono::milliseconds first{2000};  // delay before the first poll
  std::chrono::milliseconds max{30000};   // the doubling stops here
  double jitter = 0.2;                    // ± fraction applied to each delay
};

// Delay before poll number `poll_index` (0 = the first poll after submission).
// `unit_random` is a number in [0, 1) (injected so tests are deterministic).
// `retry_after`, when present, is used as is (clamped to [0, 10 min]). Computed by
// backoff_delay (providers/resilience/backoff.hpp), the schedule the two share.
std::chrono::milliseconds next_poll_delay(const PollPolicyConfig& cfg, int poll_index, double unit_random,
                                          std::optional<std::chrono::milliseconds> retry_after = {});

}  // namespace syncreel
