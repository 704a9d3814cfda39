// Failures of the Ark API itself: rate limits, server errors, resets, garbled answers,
// refused keys, and the circuit breaker that they trip.
#include <gtest/gtest.h>

#include <ctime>

#include "providers/seedance/ark_client.hpp"
#include "seedance_test_support.hpp"

namespace syncreel::testing {
namespace {

using SeedanceFaults = SeedanceTest;
using nlohmann::json;

seedance::ArkClientConfig client_config(const FakeArkProcess& fake) {
  seedance::ArkClientConfig c;
  c.base_url = fake.base_url();
  c.api_key = fake.api_key();
  c.request_timeout = std::chrono::milliseconds(5000);
  return c;
}

std::string http_date(TimePoint t) {
  const std::time_t secs = SysClock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

TEST_F(SeedanceFaults, RateLimitWithRetryAfterSecondsCarriesTheHint) {
  ASSERT_TRUE(fake_->set_faults({{"rate_limit", {{"count", 1}, {"retry_after", 7}}}}));
  const Error e = error_of(provider().submit("job_429", small_spec()));
  EXPECT_EQ(e.code, ErrorCode::rate_limited);
  EXPECT_EQ(e.detail, "RateLimitExceeded.EndpointRPMExceeded");
  EXPECT_NE(e.message.find("retry after 7 s"), std::string::npos) << e.message;
  EXPECT_EQ(stats()["creates"], 0);

  ASSERT_TRUE(fake_->set_faults({{"rate_limit", {{"count", 1}, {"retry_after", 11}}}}));
  const seedance::ArkClient client(client_config(*fake_), system_clock_);
  const auto listed = client.list_tasks({});
  ASSERT_FALSE(listed);
  record(listed.error().error);
  EXPECT_EQ(listed.error().http_status, 429);
  EXPECT_EQ(listed.error().retry_after, std::chrono::seconds(11));
  EXPECT_FALSE(listed.error().request_id.empty());
  EXPECT_EQ(listed.error().type, "TooManyRequests");
}

TEST_F(SeedanceFaults, RateLimitWithAnHttpDateIsReadAgainstTheInjectedClock) {
  const ManualClock clock;  // its own "now", far from the machine's
  ASSERT_TRUE(fake_->set_faults(
      {{"rate_limit", {{"count", 2}, {"retry_after", http_date(clock.now() + std::chrono::seconds(90))}}}}));
  use_config(config_for(*fake_), &clock);
  const Error e = error_of(provider().poll("cgt-20260101000000-abcde"));
  EXPECT_EQ(e.code, ErrorCode::rate_limited);
  EXPECT_NE(e.message.find("retry after 90 s"), std::string::npos) << e.message;
  const seedance::ArkClient client(client_config(*fake_), clock);
  const auto got = client.get_task("cgt-20260101000000-abcde");
  ASSERT_FALSE(got);
  record(got.error().error);
  EXPECT_EQ(got.error().retry_after, std::chrono::seconds(90));
}

TEST_F(SeedanceFaults, RateLimitWithoutRetryAfterSaysRetryLater) {
  ASSERT_TRUE(fake_->set_faults({{"rate_limit", 1}}));
  const Error e = error_of(provider().submit("job_429", small_spec()));
  EXPECT_EQ(e.code, ErrorCode::rate_limited);
  EXPECT_NE(e.message.find("retry later"), std::string::npos) << e.message;
  ASSERT_TRUE(fake_->set_faults({{"rate_limit", 1}}));
  const seedance::ArkClient client(client_config(*fake_), system_clock_);
  const auto listed = client.list_tasks({});
  ASSERT_FALSE(listed);
  EXPECT_FALSE(listed.error().retry_after.has_value());
}

TEST_F(SeedanceFaults, ServerErrorsAreUnavailableAndGatewayTimeoutsAreTimeouts) {
  const auto sub = provider().submit("job_5xx", small_spec());
  ASSERT_TRUE(sub);
  for (const int status : {500, 502, 503}) {
    ASSERT_TRUE(fake_->set_faults({{"server_error", {{"count", 1}, {"status", status}}}}));
    const Error e = error_of(provider().poll(sub->task_id));
    EXPECT_EQ(e.code, ErrorCode::unavailable) << status;
    EXPECT_NE(e.message.find("HTTP " + std::to_string(status)), std::string::npos) << e.message;
  }
  ASSERT_TRUE(fake_->set_faults({{"server_error", {{"count", 1}, {"status", 504}}}}));
  EXPECT_EQ(error_of(provider().poll(sub->task_id)).code, ErrorCode::timeout);
  EXPECT_TRUE(provider().poll(sub->task_id));
}

TEST_F(SeedanceFaults, AResetConnectionIsUnavailable) {
  const auto sub = provider().submit("job_reset", small_spec());
  ASSERT_TRUE(sub);
  ASSERT_TRUE(fake_->set_faults({{"reset", 1}}));
  const Error e = error_of(provider().poll(sub->task_id));
  EXPECT_EQ(e.code, ErrorCode::unavailable);
  EXPECT_NE(e.message.find("connection"), std::string::npos) << e.message;
}

TEST_F(SeedanceFaults, MalformedAndTruncatedJsonAreClearErrors) {
  const auto sub = provider().submit("job_json", small_spec());
  ASSERT_TRUE(sub);
  ASSERT_TRUE(fake_->set_faults({{"malformed_json", 1}}));
  Error e = error_of(provider().poll(sub->task_id));
  EXPECT_EQ(e.code, ErrorCode::unavailable);
  EXPECT_NE(e.message.find("malformed JSON"), std::string::npos) << e.message;
  ASSERT_TRUE(fake_->set_faults({{"truncated_json", 1}}));
  e = error_of(provider().poll(sub->task_id));
  EXPECT_EQ(e.code, ErrorCode::unavailable);
  EXPECT_NE(e.message.find("truncated JSON"), std::string::npos) << e.message;
  EXPECT_TRUE(provider().poll(sub->task_id));
}

TEST_F(SeedanceFaults, ASlowAnswerTimesOut) {
  SeedanceConfig quick = config_for(*fake_);
  quick.request_timeout = std::chrono::milliseconds(300);
  use_config(quick);
  ASSERT_TRUE(fake_->set_faults({{"latency_ms", 3000}}));
  EXPECT_EQ(error_of(provider().poll("cgt-20260101000000-abcde")).code, ErrorCode::timeout);
}

TEST_F(SeedanceFaults, ARefusedKeyIsAFinalAuthErrorThatNeverShowsTheKey) {
  SeedanceConfig wrong = config_for(*fake_);
  wrong.api_key = "sk-wrong-key-0000-1111-2222";
  use_config(wrong);
  const Error e = error_of(provider().submit("job_key", small_spec()));
  EXPECT_EQ(e.code, ErrorCode::unauthorized);
  EXPECT_EQ(e.detail, "AuthenticationError");
  EXPECT_NE(e.message.find("region"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("not retried"), std::string::npos) << e.message;
  EXPECT_EQ(e.message.find("sk-wrong-key"), std::string::npos) << e.message;
  EXPECT_EQ(error_of(provider().poll("cgt-20260101000000-abcde")).code, ErrorCode::unauthorized);
  EXPECT_EQ(stats()["rejected_auth"], 2);
  EXPECT_EQ(provider().circuit_state(), CircuitState::closed);  // the service answered fine
}

TEST_F(SeedanceFaults, DocumentedRefusalsOfACreateMapToTheirCodes) {
  struct Case {
    int status;
    const char* code;
    ErrorCode expected;
  };
  for (const Case& c :
       {Case{400, "InputTextSensitiveContentDetected", ErrorCode::invalid_argument},
        Case{400, "InputTextSensitiveContentDetected.PolicyViolation", ErrorCode::invalid_argument},
        Case{400, "InvalidParameter", ErrorCode::invalid_argument},
        Case{400, "MissingParameter", ErrorCode::invalid_argument},
        Case{400, "InvalidEndpoint.ClosedEndpoint", ErrorCode::unavailable},
        Case{403, "AccessDenied", ErrorCode::forbidden}, Case{403, "AccountOverdueError", ErrorCode::forbidden},
        Case{403, "OperationDenied.ServiceNotOpen", ErrorCode::forbidden},
        Case{404, "ModelNotOpen", ErrorCode::provider}, Case{429, "QuotaExceeded", ErrorCode::rate_limited},
        Case{429, "ServerOverloaded", ErrorCode::rate_limited}, Case{429, "SetLimitExceeded", ErrorCode::provider},
        Case{500, "InternalServiceError", ErrorCode::unavailable}}) {
    ASSERT_TRUE(fake_->set_faults({{"error", {{"count", 1}, {"status", c.status}, {"code", c.code}}}}));
    const Error e = error_of(provider().submit("job_refused", small_spec()));
    EXPECT_EQ(e.code, c.expected) << c.code << ": " << e.message;
    EXPECT_EQ(e.detail, c.code);
    EXPECT_EQ(e.message.find(small_spec().prompt), std::string::npos) << e.message;
  }
  EXPECT_EQ(stats()["creates"], 0);
}

TEST_F(SeedanceFaults, TheCircuitOpensAfterFiveFailuresAndSparesTheService) {
  ASSERT_TRUE(fake_->set_faults({{"server_error", {{"count", 5}, {"status", 503}}}}));
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(error_of(provider().poll("cgt-20260101000000-abcde")).code, ErrorCode::unavailable);
  const int requests_before = stats()["requests"];
  const Error refused = error_of(provider().submit("job_open", small_spec()));
  EXPECT_EQ(refused.code, ErrorCode::unavailable);
  EXPECT_NE(refused.message.find("provider seedance is unavailable (circuit open), retry after 30 s"),
            std::string::npos)
      << refused.message;
  EXPECT_EQ(stats()["requests"], requests_before);
  EXPECT_EQ(provider().circuit_state(), CircuitState::open);
}

TEST_F(SeedanceFaults, TheCircuitHalfOpensAfterTheCoolDownAndClosesOnSuccess) {
  ManualClock clock;
  use_config(config_for(*fake_), &clock);
  ASSERT_TRUE(fake_->set_faults({{"rate_limit", 5}}));
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(error_of(provider().submit("job_rl", small_spec())).code, ErrorCode::rate_limited);
  EXPECT_EQ(error_of(provider().submit("job_rl", small_spec())).code, ErrorCode::unavailable);
  clock.advance(std::chrono::seconds(30));
  EXPECT_EQ(provider().circuit_state(), CircuitState::half_open);
  EXPECT_TRUE(provider().submit("job_rl", small_spec()));
  EXPECT_EQ(provider().circuit_state(), CircuitState::closed);
}

}  // namespace
}  // namespace syncreel::testing
