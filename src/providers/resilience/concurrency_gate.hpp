// ConcurrencyGate: caps how many tasks one provider account has in flight.
//
// Seedance runs at most a few tasks per account at once (3 for individual accounts) and
// answers 429 or queues the rest. The gate keeps syncreel under that cap itself: a job
// takes a slot before its task is created and gives it back when the task is terminal.
// try_acquire never blocks, so the orchestrator can leave a job queued and claim another.
//
// Slots are keyed by holder (the job id): asking again for a slot already held succeeds
// without taking a second one, so a job resumed after a crash is not counted twice. A
// holder that neither renews (try_acquire again) nor releases for `hold_timeout` loses
// its slot: a leaked slot must not shrink the account's capacity forever.
//
// Thread-safe (one mutex). Times come from the injected clock, which must outlive it.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace syncreel {

struct ConcurrencyGateConfig {
  std::size_t limit = 3;  // tasks in flight at once per provider account
  // A Seedance task normally ends within minutes; three hours means its holder is gone.
  Millis hold_timeout{std::chrono::hours(3)};
};

class ConcurrencyGate {
 public:
  ConcurrencyGate(ConcurrencyGateConfig config, const Clock& clock);

  // Takes a slot for `holder`, or renews the one it holds. False when all slots are held
  // by others: the caller should try again later instead of waiting here.
  bool try_acquire(std::string_view holder);

  // Gives back `holder`'s slot; nothing happens when it holds none.
  void release(std::string_view holder);

  // Slots held now (expired holders excluded).
  std::size_t in_flight() const;

  std::size_t limit() const { return config_.limit; }

 private:
  void drop_expired_locked(TimePoint now) const;

  const ConcurrencyGateConfig config_;
  const Clock& clock_;
  mutable std::mutex mutex_;
  // holder -> last acquire or renewal; guarded by mutex_. Mutable: expiry is bookkeeping,
  // not a change callers can observe.
  mutable std::map<std::string, TimePoint, std::less<>> holders_;
};

}  // namespace syncreel
