#include "providers/resilience/concurrency_gate.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace syncreel {
namespace {

TEST(ConcurrencyGate, DefaultsToThreeSlots) {
  ManualClock clock;
  ConcurrencyGate gate(ConcurrencyGateConfig{}, clock);
  EXPECT_EQ(gate.limit(), 3u);
  EXPECT_TRUE(gate.try_acquire("job_a"));
  EXPECT_TRUE(gate.try_acquire("job_b"));
  EXPECT_TRUE(gate.try_acquire("job_c"));
  EXPECT_FALSE(gate.try_acquire("job_d"));
  EXPECT_EQ(gate.in_flight(), 3u);
  gate.release("job_b");
  EXPECT_TRUE(gate.try_acquire("job_d"));
  EXPECT_FALSE(gate.try_acquire("job_b"));
}

TEST(ConcurrencyGate, AHolderAskingAgainKeepsItsOneSlot) {
  ManualClock clock;
  ConcurrencyGate gate(ConcurrencyGateConfig{2}, clock);
  EXPECT_TRUE(gate.try_acquire("job_a"));
  EXPECT_TRUE(gate.try_acquire("job_a"));  // a resumed job: not counted twice
  EXPECT_EQ(gate.in_flight(), 1u);
  EXPECT_TRUE(gate.try_acquire("job_b"));
  gate.release("job_unknown");  // harmless
  gate.release("job_a");
  gate.release("job_a");
  EXPECT_EQ(gate.in_flight(), 1u);
}

TEST(ConcurrencyGate, ASilentHolderLosesItsSlotAfterTheHoldTimeout) {
  ManualClock clock;
  ConcurrencyGate gate(ConcurrencyGateConfig{1, std::chrono::minutes(10)}, clock);
  ASSERT_TRUE(gate.try_acquire("job_a"));
  clock.advance(std::chrono::minutes(9));
  EXPECT_TRUE(gate.try_acquire("job_a"));  // renewal
  clock.advance(std::chrono::minutes(9));
  EXPECT_FALSE(gate.try_acquire("job_b"));
  clock.advance(std::chrono::minutes(1));
  EXPECT_EQ(gate.in_flight(), 0u);
  EXPECT_TRUE(gate.try_acquire("job_b"));
}

TEST(ConcurrencyGate, NeverMoreThanTheLimitUnderEightThreads) {
  ManualClock clock;
  constexpr std::size_t kLimit = 3;
  ConcurrencyGate gate(ConcurrencyGateConfig{kLimit}, clock);
  std::atomic<int> inside{0};
  std::atomic<int> most{0};
  std::atomic<int> admitted{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        const std::string holder = "job_" + std::to_string(t) + "_" + std::to_string(i);
        if (!gate.try_acquire(holder)) {
          ++refused;
          std::this_thread::yield();
          continue;
        }
        ++admitted;
        const int now = ++inside;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::yield();
        --inside;
        gate.release(holder);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_LE(most.load(), static_cast<int>(kLimit));
  EXPECT_GT(admitted.load(), 0);
  EXPECT_EQ(admitted.load() + refused.load(), 8 * 2000);
  EXPECT_EQ(gate.in_flight(), 0u);
}

}  // namespace
}  // namespace syncreel
