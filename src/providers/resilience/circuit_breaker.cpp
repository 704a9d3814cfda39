#include "providers/resilience/circuit_breaker.hpp"

#include <algorithm>

namespace syncreel {
namespace {

Error refusal(const std::string& provider, std::string_view why, SysClock::duration wait) {
  // Whole seconds, rounded up and at least 1, so "retry after 0 s" is never said.
  const auto seconds = std::max<std::int64_t>(1, std::chrono::ceil<std::chrono::seconds>(wait).count());
  Error e = Error::unavailable("provider " + provider + " is unavailable (" + std::string(why) + "), retry after " +
                               std::to_string(seconds) + " s");
  e.retry_after = std::chrono::seconds(seconds);
  return e;
}

}  // namespace

CallOutcome outcome_of(const Error& error) {
  switch (error.code) {
    case ErrorCode::rate_limited: return CallOutcome::rate_limited;
    case ErrorCode::unavailable:
    case ErrorCode::timeout: return CallOutcome::failed;
    default: return CallOutcome::healthy;
  }
}

CircuitBreaker::CircuitBreaker(CircuitBreakerConfig config, const Clock& clock)
    : config_(std::move(config)), clock_(clock) {}

Result<void> CircuitBreaker::allow() {
  std::lock_guard lock(mutex_);
  const TimePoint now = clock_.now();
  switch (state_) {
    case CircuitState::closed: return {};
    case CircuitState::open:
      if (now < open_until_) return fail(refusal(config_.provider, "circuit open", open_until_ - now));
      state_ = CircuitState::half_open;
      probe_started_ = now;
      return {};
    case CircuitState::half_open:
      if (probe_started_ && now - *probe_started_ < config_.cool_down) {
        return fail(
            refusal(config_.provider, "circuit half-open, probe in flight", *probe_started_ + config_.cool_down - now));
      }
      probe_started_ = now;
      return {};
  }
  return {};
}

void CircuitBreaker::record(CallOutcome outcome, std::optional<Millis> retry_after) {
  std::lock_guard lock(mutex_);
  const TimePoint now = clock_.now();
  if (state_ == CircuitState::open) return;  // a call allowed before the opening: already counted
  if (state_ == CircuitState::half_open) {
    probe_started_.reset();
    if (outcome == CallOutcome::healthy) {
      state_ = CircuitState::closed;
      rate_limited_in_row_ = failed_in_row_ = 0;
    } else {
      open_locked(now, outcome == CallOutcome::rate_limited ? retry_after : std::nullopt);
    }
    return;
  }
  switch (outcome) {
    case CallOutcome::healthy: rate_limited_in_row_ = failed_in_row_ = 0; return;
    case CallOutcome::rate_limited:
      failed_in_row_ = 0;
      if (++rate_limited_in_row_ >= config_.rate_limit_threshold) open_locked(now, retry_after);
      return;
    case CallOutcome::failed:
      rate_limited_in_row_ = 0;
      if (++failed_in_row_ >= config_.failure_threshold) open_locked(now, std::nullopt);
      return;
  }
}

Result<void> CircuitBreaker::admits() const {
  std::lock_guard lock(mutex_);
  const TimePoint now = clock_.now();
  if (state_ == CircuitState::open && now < open_until_) {
    return fail(refusal(config_.provider, "circuit open", open_until_ - now));
  }
  return {};
}

CircuitState CircuitBreaker::state() const {
  std::lock_guard lock(mutex_);
  // An expired opening is reported as half-open: the next allow() lets a probe through.
  if (state_ == CircuitState::open && clock_.now() >= open_until_) return CircuitState::half_open;
  return state_;
}

void CircuitBreaker::open_locked(TimePoint now, std::optional<Millis> at_least) {
  state_ = CircuitState::open;
  open_until_ = now + std::max(config_.cool_down, at_least.value_or(Millis{0}));
  rate_limited_in_row_ = failed_in_row_ = 0;
  probe_started_.reset();
}

}  // namespace syncreel
