#include "providers/resilience/backoff.hpp"

#include <gtest/gtest.h>

namespace syncreel {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(Backoff, StartsAtTwoSecondsAndDoublesToThirtyTwo) {
  const BackoffConfig cfg;
  // unit_random 0.5 means no jitter.
  EXPECT_EQ(backoff_delay(cfg, 0, 0.5), milliseconds{2000});
  EXPECT_EQ(backoff_delay(cfg, 1, 0.5), milliseconds{4000});
  EXPECT_EQ(backoff_delay(cfg, 2, 0.5), milliseconds{8000});
  EXPECT_EQ(backoff_delay(cfg, 3, 0.5), milliseconds{16000});
  EXPECT_EQ(backoff_delay(cfg, 4, 0.5), milliseconds{32000});
  EXPECT_EQ(backoff_delay(cfg, 5, 0.5), milliseconds{32000});
  EXPECT_EQ(backoff_delay(cfg, 100000, 0.5), milliseconds{32000});
}

TEST(Backoff, JitterStaysWithinTwentyPercent) {
  const BackoffConfig cfg;
  EXPECT_EQ(backoff_delay(cfg, 0, 0.0), milliseconds{1600});
  EXPECT_EQ(backoff_delay(cfg, 0, 1.0), milliseconds{2400});
  EXPECT_EQ(backoff_delay(cfg, 4, 0.0), milliseconds{25600});
  EXPECT_EQ(backoff_delay(cfg, 4, 1.0), milliseconds{38400});
}

TEST(Backoff, RetryAfterWinsAndIsClamped) {
  const BackoffConfig cfg;
  EXPECT_EQ(backoff_delay(cfg, 3, 0.9, seconds{7}), milliseconds{7000});
  EXPECT_EQ(backoff_delay(cfg, 0, 0.9, milliseconds{-5}), milliseconds{0});
  EXPECT_EQ(backoff_delay(cfg, 0, 0.9, std::chrono::hours{24}), milliseconds{600'000});
}

TEST(Backoff, SequenceWithRetryAfterInTheMiddle) {
  ManualClock clock;
  RateLimitBackoff backoff(BackoffConfig{}, clock, [] { return 0.5; });
  EXPECT_EQ(backoff.wait_remaining(), milliseconds{0});
  EXPECT_EQ(backoff.on_rate_limited(), milliseconds{2000});
  EXPECT_EQ(backoff.on_rate_limited(), milliseconds{4000});
  EXPECT_EQ(backoff.on_rate_limited(seconds{3}), milliseconds{3000});  // the server knows best
  EXPECT_EQ(backoff.on_rate_limited(), milliseconds{16000});           // the schedule goes on counting
  EXPECT_EQ(backoff.on_rate_limited(), milliseconds{32000});
  EXPECT_EQ(backoff.on_rate_limited(), milliseconds{32000});
  EXPECT_EQ(backoff.consecutive(), 6);
  backoff.on_success();
  EXPECT_EQ(backoff.consecutive(), 0);
  EXPECT_EQ(backoff.on_rate_limited(), milliseconds{2000});
}

TEST(Backoff, WaitRemainingFollowsTheClock) {
  ManualClock clock;
  RateLimitBackoff backoff(BackoffConfig{}, clock, [] { return 0.5; });
  backoff.on_rate_limited(seconds{10});
  EXPECT_EQ(backoff.wait_remaining(), milliseconds{10000});
  clock.advance(seconds{4});
  EXPECT_EQ(backoff.wait_remaining(), milliseconds{6000});
  // A shorter delay later never shortens a wait already promised.
  backoff.on_rate_limited(seconds{1});
  EXPECT_EQ(backoff.wait_remaining(), milliseconds{6000});
  clock.advance(seconds{6});
  EXPECT_EQ(backoff.wait_remaining(), milliseconds{0});
  backoff.on_rate_limited(seconds{5});
  backoff.on_success();
  EXPECT_EQ(backoff.wait_remaining(), milliseconds{0});
}

TEST(RetryAfter, ParsesSeconds) {
  const ManualClock clock;
  EXPECT_EQ(parse_retry_after("7", clock.now()), milliseconds{7000});
  EXPECT_EQ(parse_retry_after(" 120 ", clock.now()), milliseconds{120000});
  EXPECT_EQ(parse_retry_after("0", clock.now()), milliseconds{0});
  EXPECT_FALSE(parse_retry_after("", clock.now()));
  EXPECT_FALSE(parse_retry_after("-3", clock.now()));
  EXPECT_FALSE(parse_retry_after("1.5", clock.now()));
  EXPECT_FALSE(parse_retry_after("soon", clock.now()));
}

TEST(RetryAfter, ParsesTheThreeHttpDateForms) {
  // 2026-10-21 07:28:00 UTC
  const TimePoint now = TimePoint{seconds{1792567680}};
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2026 07:29:30 GMT", now), milliseconds{90000});
  EXPECT_EQ(parse_retry_after("Wednesday, 21-Oct-26 07:28:45 GMT", now), milliseconds{45000});
  EXPECT_EQ(parse_retry_after("Wed Oct 21 07:28:05 2026", now), milliseconds{5000});
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2026 07:00:00 GMT", now), milliseconds{0});  // in the past
  EXPECT_FALSE(parse_retry_after("Wed, 32 Oct 2026 07:00:00 GMT", now));
  EXPECT_FALSE(parse_retry_after("Wed, 21 Foo 2026 07:00:00 GMT", now));
  EXPECT_FALSE(parse_retry_after("Wed, 21 Oct 2026 25:00:00 GMT", now));
}

}  // namespace
}  // namespace syncreel
