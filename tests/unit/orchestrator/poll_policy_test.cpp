#include "orchestrator/poll_policy.hpp"

#include <gtest/gtest.h>

namespace syncreel {
namespace {

using std::chrono::milliseconds;

TEST(PollPolicy, StartsAtTwoSecondsAndDoublesToThirty) {
  const PollPolicyConfig cfg;
  // unit_random 0.5 means no jitter.
  EXPECT_EQ(next_poll_delay(cfg, 0, 0.5), milliseconds{2000});
  EXPECT_EQ(next_poll_delay(cfg, 1, 0.5), milliseconds{4000});
  EXPECT_EQ(next_poll_delay(cfg, 2, 0.5), milliseconds{8000});
  EXPECT_EQ(next_poll_delay(cfg, 3, 0.5), milliseconds{16000});
  EXPECT_EQ(next_poll_delay(cfg, 4, 0.5), milliseconds{30000});
  EXPECT_EQ(next_poll_delay(cfg, 1000, 0.5), milliseconds{30000});
}

TEST(PollPolicy, JitterStaysWithinTwentyPercent) {
  const PollPolicyConfig cfg;
  EXPECT_EQ(next_poll_delay(cfg, 0, 0.0), milliseconds{1600});
  EXPECT_EQ(next_poll_delay(cfg, 0, 1.0), milliseconds{2400});
  EXPECT_EQ(next_poll_delay(cfg, 9, 0.0), milliseconds{24000});
}

TEST(PollPolicy, RetryAfterWins) {
  const PollPolicyConfig cfg;
  EXPECT_EQ(next_poll_delay(cfg, 0, 0.9, milliseconds{7000}), milliseconds{7000});
  EXPECT_EQ(next_poll_delay(cfg, 0, 0.9, milliseconds{-5}), milliseconds{0});
  EXPECT_EQ(next_poll_delay(cfg, 0, 0.9, milliseconds{86'400'000}), milliseconds{600'000});
}

}  // namespace
}  // namespace syncreel
