#include "providers/resilience/circuit_breaker.hpp"

#include <gtest/gtest.h>

namespace syncreel {
namespace {

using std::chrono::seconds;

class CircuitBreakerTest : public ::testing::Test {
 protected:
  ManualClock clock_;
  CircuitBreaker breaker_{CircuitBreakerConfig{}, clock_};

  // One allowed call that ends with `outcome`.
  void call(CallOutcome outcome, std::optional<Millis> retry_after = std::nullopt) {
    ASSERT_TRUE(breaker_.allow());
    breaker_.record(outcome, retry_after);
  }
};

TEST_F(CircuitBreakerTest, OpensAfterFiveConsecutive429s) {
  for (int i = 0; i < 4; ++i) call(CallOutcome::rate_limited);
  EXPECT_EQ(breaker_.state(), CircuitState::closed);
  call(CallOutcome::rate_limited);
  EXPECT_EQ(breaker_.state(), CircuitState::open);
}

TEST_F(CircuitBreakerTest, OpensAfterFiveConsecutiveFailures) {
  for (int i = 0; i < 4; ++i) call(CallOutcome::failed);
  EXPECT_EQ(breaker_.state(), CircuitState::closed);
  call(CallOutcome::failed);
  EXPECT_EQ(breaker_.state(), CircuitState::open);
}

TEST_F(CircuitBreakerTest, AnythingInBetweenBreaksTheRun) {
  for (int i = 0; i < 4; ++i) call(CallOutcome::rate_limited);
  call(CallOutcome::healthy);
  for (int i = 0; i < 4; ++i) call(CallOutcome::rate_limited);
  call(CallOutcome::failed);  // another kind of trouble starts its own count
  for (int i = 0; i < 3; ++i) call(CallOutcome::failed);
  EXPECT_EQ(breaker_.state(), CircuitState::closed);
}

TEST_F(CircuitBreakerTest, RefusesWhileOpenWithAClearMessage) {
  for (int i = 0; i < 5; ++i) call(CallOutcome::rate_limited);
  const auto refused = breaker_.allow();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::unavailable);
  EXPECT_EQ(refused.error().message, "provider seedance is unavailable (circuit open), retry after 30 s");
  clock_.advance(seconds(20) + std::chrono::milliseconds(500));
  EXPECT_EQ(breaker_.allow().error().message, "provider seedance is unavailable (circuit open), retry after 10 s");
}

TEST_F(CircuitBreakerTest, AdmissionIsRefusedOnlyWhileOpenAndNeverTakesTheProbe) {
  EXPECT_TRUE(breaker_.admits());
  for (int i = 0; i < 5; ++i) call(CallOutcome::failed);
  const auto refused = breaker_.admits();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::unavailable);
  EXPECT_EQ(refused.error().retry_after, seconds(30));
  clock_.advance(seconds(30));
  EXPECT_TRUE(breaker_.admits());
  EXPECT_TRUE(breaker_.admits());
  // Admission took nothing: the probe is still free for the next real call.
  EXPECT_TRUE(breaker_.allow());
}

TEST_F(CircuitBreakerTest, AnOpeningBy429sLastsAtLeastTheRetryAfter) {
  for (int i = 0; i < 5; ++i) call(CallOutcome::rate_limited, seconds(90));
  clock_.advance(seconds(31));
  EXPECT_EQ(breaker_.state(), CircuitState::open);
  EXPECT_EQ(breaker_.allow().error().message, "provider seedance is unavailable (circuit open), retry after 59 s");
  clock_.advance(seconds(59));
  EXPECT_TRUE(breaker_.allow());
}

TEST_F(CircuitBreakerTest, HalfOpensAfterTheCoolDownAndLetsOneProbeThrough) {
  for (int i = 0; i < 5; ++i) call(CallOutcome::failed);
  clock_.advance(seconds(30));
  EXPECT_EQ(breaker_.state(), CircuitState::half_open);
  ASSERT_TRUE(breaker_.allow());  // the probe
  const auto second = breaker_.allow();
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::unavailable);
  EXPECT_NE(second.error().message.find("provider seedance is unavailable"), std::string::npos);
}

TEST_F(CircuitBreakerTest, ASuccessfulProbeClosesTheCircuit) {
  for (int i = 0; i < 5; ++i) call(CallOutcome::rate_limited);
  clock_.advance(seconds(30));
  call(CallOutcome::healthy);
  EXPECT_EQ(breaker_.state(), CircuitState::closed);
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(breaker_.allow());
  // The counts started over: it takes five new 429s to open again.
  for (int i = 0; i < 4; ++i) breaker_.record(CallOutcome::rate_limited);
  EXPECT_EQ(breaker_.state(), CircuitState::closed);
}

TEST_F(CircuitBreakerTest, AFailedProbeOpensItAgainForAFullCoolDown) {
  for (int i = 0; i < 5; ++i) call(CallOutcome::failed);
  clock_.advance(seconds(30));
  call(CallOutcome::failed);
  EXPECT_EQ(breaker_.state(), CircuitState::open);
  EXPECT_EQ(breaker_.allow().error().message, "provider seedance is unavailable (circuit open), retry after 30 s");
  clock_.advance(seconds(30));
  EXPECT_TRUE(breaker_.allow());
}

TEST_F(CircuitBreakerTest, AProbeThatNeverReportsIsReplacedAfterACoolDown) {
  for (int i = 0; i < 5; ++i) call(CallOutcome::failed);
  clock_.advance(seconds(30));
  ASSERT_TRUE(breaker_.allow());  // this probe's caller vanishes
  clock_.advance(seconds(29));
  EXPECT_FALSE(breaker_.allow());
  clock_.advance(seconds(1));
  EXPECT_TRUE(breaker_.allow());
}

TEST(CircuitBreakerOutcome, ErrorsMapToOutcomes) {
  EXPECT_EQ(outcome_of(Error{ErrorCode::rate_limited, "x"}), CallOutcome::rate_limited);
  EXPECT_EQ(outcome_of(Error::unavailable("x")), CallOutcome::failed);
  EXPECT_EQ(outcome_of(Error::timeout("x")), CallOutcome::failed);
  EXPECT_EQ(outcome_of(Error::invalid("x")), CallOutcome::healthy);
  EXPECT_EQ(outcome_of(Error::unauthorized("x")), CallOutcome::healthy);
}

TEST(CircuitBreakerNaming, TheRefusalNamesTheConfiguredProvider) {
  ManualClock clock;
  CircuitBreakerConfig config;
  config.provider = "other";
  config.failure_threshold = 1;
  config.cool_down = std::chrono::milliseconds(1500);
  CircuitBreaker breaker(config, clock);
  breaker.record(CallOutcome::failed);
  EXPECT_EQ(breaker.allow().error().message, "provider other is unavailable (circuit open), retry after 2 s");
}

}  // namespace
}  // namespace syncreel
