// CircuitBreaker: stops sending requests to a provider that keeps refusing them.
//
// Closed, it lets every call through and counts consecutive 429s and consecutive
// failures (5xx, connection failures, timeouts) separately. Five in a row of either kind
// open it: for a cool-down (or the provider's Retry-After, if longer) every call is
// refused at once with Error::unavailable, so a struggling provider gets room and the
// orchestrator's own backoff takes over. After the cool-down it is half-open: exactly one
// probe call goes through; its success closes the circuit, its failure opens it again.
//
// Thread-safe (one mutex): share one instance per provider account. Times come from the
// injected clock, which must outlive the breaker.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/error.hpp"

namespace syncreel {

struct CircuitBreakerConfig {
  std::string provider = "seedance";  // named in refusals
  int rate_limit_threshold = 5;       // consecutive 429s that open the circuit
  int failure_threshold = 5;          // consecutive 5xx / connection failures / timeouts that open it
  Millis cool_down{30000};            // how long it stays open before one probe may go through
};

enum class CircuitState { closed, open, half_open };

// What a finished call says about the provider's health.
enum class CallOutcome {
  healthy,       // it answered (any answer other than the two below, including 4xx)
  rate_limited,  // 429
  failed,        // 5xx, connection failure, timeout, unusable answer
};

// The outcome an error stands for: rate_limited, unavailable and timeout count against
// the provider; any other error is the provider answering normally.
CallOutcome outcome_of(const Error& error);

class CircuitBreaker {
 public:
  CircuitBreaker(CircuitBreakerConfig config, const Clock& clock);

  // Asks to send one call. Succeeds when closed, or when half-open and no probe is out
  // (the caller is then the probe and must report with record()). Otherwise fails with
  // Error::unavailable "provider <name> is unavailable (circuit open), retry after N s",
  // with retry_after = N s.
  Result<void> allow();

  // Reports how an allowed call ended. `retry_after` is the provider's hint on a 429; an
  // opening caused by 429s lasts at least that long.
  void record(CallOutcome outcome, std::optional<Millis> retry_after = std::nullopt);

  // Whether new work should be taken on for this provider at all: fails like allow()
  // while the circuit is open, but never takes the probe. Half-open admits: the probe
  // decides soon and admitted jobs simply wait their turn.
  Result<void> admits() const;

  CircuitState state() const;

 private:
  void open_locked(TimePoint now, std::optional<Millis> at_least);

  const CircuitBreakerConfig config_;
  const Clock& clock_;
  mutable std::mutex mutex_;
  CircuitState state_ = CircuitState::closed;  // guarded by mutex_
  int rate_limited_in_row_ = 0;                // guarded by mutex_
  int failed_in_row_ = 0;                      // guarded by mutex_
  TimePoint open_until_{};                     // guarded by mutex_
  // Half-open: when the probe was let through; a probe that never reports (its caller
  // died) is replaced after one cool-down instead of wedging the circuit.
  std::optional<TimePoint> probe_started_;  // guarded by mutex_
};

}  // namespace syncreel
