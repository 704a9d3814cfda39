#include "orchestrator/poll_policy.hpp"

#include <algorithm>

namespace syncreel {

std::chrono::milliseconds next_poll_delay(const PollPolicyConfig& cfg, int poll_index, double unit_random,
                                          std::optional<std::chrono::milliseconds> retry_after) {
  using std::chrono::milliseconds;
  if (retry_after) return std::clamp(*retry_after, milliseconds{0}, milliseconds{600'000});
  // Double without overflow: past 2^20 the cap has long been reached.
  const int doublings = std::clamp(poll_index, 0, 20);
  const auto base = std::min<std::int64_t>(cfg.first.count() << doublings, cfg.max.count());
  const double factor = 1.0 + cfg.jitter * (2.0 * std::clamp(unit_random, 0.0, 1.0) - 1.0);
  return milliseconds{static_cast<std::int64_t>(static_cast<double>(base) * factor)};
}

}  // namespace syncreel
