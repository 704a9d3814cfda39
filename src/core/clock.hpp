// Clock: the one source of "now" for leases, backoff, timestamps and retention.
//
// Code that needs the time takes a `const Clock&` so tests can inject ManualClock and
// move time by hand instead of sleeping. Both implementations are thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace syncreel {

using SysClock = std::chrono::system_clock;
using TimePoint = SysClock::time_point;
using Millis = std::chrono::milliseconds;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override { return SysClock::now(); }
};

// A clock that only moves when told to. Starts at a fixed, realistic instant.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start = TimePoint{std::chrono::seconds{1'790'000'000}})
      : now_ns_(std::chrono::duration_cast<std::chrono::nanoseconds>(start.time_since_epoch()).count()) {}
  TimePoint now() const override {
    return TimePoint{std::chrono::duration_cast<SysClock::duration>(std::chrono::nanoseconds{now_ns_.load()})};
  }
  void advance(std::chrono::nanoseconds d) { now_ns_ += d.count(); }

 private:
  std::atomic<std::int64_t> now_ns_;
};

// Milliseconds since the Unix epoch: the storage and wire form of every timestamp.
inline std::int64_t to_unix_ms(TimePoint t) {
  return std::chrono::duration_cast<Millis>(t.time_since_epoch()).count();
}
inline TimePoint from_unix_ms(std::int64_t ms) {
  return TimePoint{std::chrono::duration_cast<SysClock::duration>(Millis{ms})};
}

}  // namespace syncreel
