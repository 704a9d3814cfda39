// Backoff after a provider answered 429: how long to stay quiet before asking again.
//
// The schedule is 2 s after the first 429, doubling up to 32 s, each delay jittered so
// that many workers rate-limited together do not come back in lockstep. A Retry-After
// from the provider wins over the schedule: the provider knows when its window resets.
//
// backoff_delay and parse_retry_after are pure functions, safe from any thread.
// RateLimitBackoff is thread-safe (one mutex); share one instance per provider account.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string_view>

#include "core/clock.hpp"

namespace syncreel {

struct BackoffConfig {
  Millis first{2000};   // delay after the first 429 of a run
  Millis max{32000};    // the doubling stops here (before jitter)
  double jitter = 0.2;  // each delay is scaled by a factor in [1 - jitter, 1 + jitter]
  // A Retry-After above this is clamped: a misconfigured proxy must not park a job for days.
  Millis max_retry_after{std::chrono::minutes(10)};
};

// Delay before retry number `attempt` (0 = right after the first 429). `unit_random` is a
// number in [0, 1), injected so tests are deterministic; 0.5 means no jitter.
// `retry_after`, when present, is used as is, clamped to [0, max_retry_after].
Millis backoff_delay(const BackoffConfig& cfg, int attempt, double unit_random,
                     std::optional<Millis> retry_after = std::nullopt);

// Parses an HTTP Retry-After value: delta-seconds ("120") or an HTTP-date in any of the
// three forms HTTP allows (IMF-fixdate, RFC 850, asctime), read relative to `now`.
// A date in the past gives zero. nullopt when the value is neither.
std::optional<Millis> parse_retry_after(std::string_view value, TimePoint now);

// Per-account state of the schedule: counts consecutive 429s and remembers until when
// callers should hold back. Times come from the injected clock, which must outlive this.
class RateLimitBackoff {
 public:
  // `unit_random` returns numbers in [0, 1); the default draws from a per-thread PRNG.
  RateLimitBackoff(BackoffConfig config, const Clock& clock, std::function<double()> unit_random = {});

  // Records a 429 and returns the delay chosen for it (Retry-After wins); callers should
  // not ask again before that delay has passed.
  Millis on_rate_limited(std::optional<Millis> retry_after = std::nullopt);

  // Records an answer that was not a 429: the next 429 starts the schedule again.
  void on_success();

  // Time left before the next request may go out; zero when callers are free to send.
  Millis wait_remaining() const;

  // 429s in a row since the last success.
  int consecutive() const;

 private:
  const BackoffConfig config_;
  const Clock& clock_;
  std::function<double()> unit_random_;
  mutable std::mutex mutex_;
  int consecutive_ = 0;      // guarded by mutex_
  TimePoint quiet_until_{};  // guarded by mutex_
};

}  // namespace syncreel
