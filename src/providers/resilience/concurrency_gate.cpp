#include "providers/resilience/concurrency_gate.hpp"

namespace syncreel {

ConcurrencyGate::ConcurrencyGate(ConcurrencyGateConfig config, const Clock& clock) : config_(config), clock_(clock) {}

bool ConcurrencyGate::try_acquire(std::string_view holder) {
  std::lock_guard lock(mutex_);
  const TimePoint now = clock_.now();
  drop_expired_locked(now);
  if (const auto it = holders_.find(holder); it != holders_.end()) {
    it->second = now;
    return true;
  }
  if (holders_.size() >= config_.limit) return false;
  holders_.emplace(std::string(holder), now);
  return true;
}

void ConcurrencyGate::release(std::string_view holder) {
  std::lock_guard lock(mutex_);
  if (const auto it = holders_.find(holder); it != holders_.end()) holders_.erase(it);
}

std::size_t ConcurrencyGate::in_flight() const {
  std::lock_guard lock(mutex_);
  drop_expired_locked(clock_.now());
  return holders_.size();
}

void ConcurrencyGate::drop_expired_locked(TimePoint now) const {
  std::erase_if(holders_, [&](const auto& entry) { return now - entry.second >= config_.hold_timeout; });
}

}  // namespace syncreel
