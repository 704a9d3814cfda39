#include "orchestrator/poll_policy.hpp"

#include "providers/resilience/backoff.hpp"

namespace syncreel {

std::chrono::milliseconds next_poll_delay(const PollPolicyConfig& cfg, int poll_index, double unit_random,
                                          std::optional<std::chrono::milliseconds> retry_after) {
  // The same jittered doubling as the 429 backoff, with the poll schedule's bounds.
  const BackoffConfig schedule{.first = cfg.first, .max = cfg.max, .jitter = cfg.jitter};
  return backoff_delay(schedule, poll_index, unit_random, retry_after);
}

}  // namespace syncreel
