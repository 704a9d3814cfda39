// EventFeed: the hand-off between a job subscription (called on a worker thread) and the
// session that writes Server-Sent Events (on its own io thread).
//
// Bounded: state transitions are always kept (a job has a handful); progress ticks are
// coalesced (a newer tick replaces a pending one of the same state) and dropped when
// `max_pending` items wait, so a slow client costs a fixed amount of memory.
// Thread-safe: push() and wake() from any thread; take(), set_notify() and close() from
// the consuming session.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>

#include "core/job.hpp"

namespace syncreel::api {

class EventFeed {
 public:
  explicit EventFeed(std::size_t max_pending = 64) : max_pending_(max_pending) {}

  // Queues a snapshot of `job` and runs the notifier. A no-op after close(). Quick and
  // non-throwing (allocation failure aside), as JobListener requires.
  void push(const Job& job);

  // Everything queued so far, oldest first.
  std::vector<Job> take();

  // `notify` runs (under the feed's lock, so it must be quick and must not call back
  // into the feed) after each push and wake, and once now if items are pending.
  void set_notify(std::function<void()> notify);

  // Runs the notifier without queuing anything (e.g. to make the session notice shutdown).
  void wake();

  // Stops accepting items and drops the notifier; after it returns no notifier call is
  // running or will run, so whatever it captured may be destroyed.
  void close();

  // Progress ticks discarded because the consumer was behind.
  std::uint64_t dropped() const;

 private:
  const std::size_t max_pending_;
  mutable std::mutex mu_;
  std::deque<Job> pending_;                 // guarded by mu_
  std::optional<JobState> last_pushed_;     // guarded by mu_
  bool back_is_tick_ = false;               // guarded by mu_: pending_.back() is a progress tick
  std::function<void()> notify_;            // guarded by mu_
  bool closed_ = false;                     // guarded by mu_
  std::uint64_t dropped_ = 0;               // guarded by mu_
};

}  // namespace syncreel::api
