// The API key must not leak into any error text, whatever goes wrong.
#include <gtest/gtest.h>

#include "../../unit/media/probe.hpp"
#include "seedance_test_support.hpp"

namespace syncreel::testing {
namespace {

using SeedanceSecrets = SeedanceTest;
using nlohmann::json;

TEST_F(SeedanceSecrets, NoErrorFromAnyFaultContainsTheKey) {
  const auto done = provider().submit("job_ok", small_spec());
  ASSERT_TRUE(done);
  poll_until(done->task_id);
  const std::vector<json> faults = {
      {{"rate_limit", {{"count", 1}, {"retry_after", 3}}}},
      {{"rate_limit", {{"count", 1}, {"retry_after", nullptr}}}},
      {{"server_error", {{"count", 1}, {"status", 500}}}},
      {{"server_error", {{"count", 1}, {"status", 502}}}},
      {{"server_error", {{"count", 1}, {"status", 503}}}},
      {{"reset", 1}},
      {{"malformed_json", 1}},
      {{"truncated_json", 1}},
      {{"error", {{"count", 1}, {"status", 400}, {"code", "InputTextSensitiveContentDetected"}}}},
      {{"error", {{"count", 1}, {"status", 403}, {"code", "AccountOverdueError"}}}},
      {{"error", {{"count", 1}, {"status", 429}, {"code", "SetLimitExceeded"}}}},
  };
  for (const json& fault : faults) {
    // A fresh provider per fault: a run of failures would open the circuit breaker, and
    // its refusals would hide the service's own errors.
    use_config(config_for(*fake_));
    for (int call = 0; call < 3; ++call) {
      ASSERT_TRUE(fake_->set_faults(fault));
      if (call == 0) {
        if (auto r = provider().submit("job_fault", small_spec("Another take")); !r) record(r.error());
      } else if (call == 1) {
        if (auto r = provider().poll(done->task_id); !r) record(r.error());
      } else if (auto r = provider().cancel("cgt-20260101000000-zzzzz"); !r) {
        record(r.error());
      }
      ASSERT_TRUE(fake_->set_faults({{"rate_limit", 0},
                                     {"server_error", 0},
                                     {"reset", 0},
                                     {"malformed_json", 0},
                                     {"truncated_json", 0},
                                     {"error", 0}}));
    }
  }
  for (const char* fault : {"video_404", "video_truncate"}) {
    ASSERT_TRUE(fake_->set_faults({{fault, 10}}));
    probe::TempDir scratch;
    FetchContext ctx;
    ctx.task_id = done->task_id;
    ctx.scratch_dir = scratch.path();
    if (auto r = provider().fetch(ctx); !r) record(r.error());
    ASSERT_TRUE(fake_->set_faults({{fault, 0}}));
  }
  ASSERT_TRUE(fake_->set_faults({{"fail_task", {{"count", 1}, {"code", "OutputAudioSensitiveContentDetected"}}}}));
  use_config(config_for(*fake_));
  const auto failing = provider().submit("job_failing", small_spec("A failing take"));
  ASSERT_TRUE(failing) << failing.error().message;
  if (const TaskPoll p = poll_until(failing->task_id); p.error) record(*p.error);

  // A key the service refuses: the refusal must not quote it either.
  const std::string wrong = std::string(kFakeArkKey) + "-revoked";
  SeedanceConfig config = config_for(*fake_);
  config.api_key = wrong;
  use_config(config);
  if (auto r = provider().submit("job_wrong", small_spec()); !r) record(r.error());
  if (auto r = provider().poll(done->task_id); !r) record(r.error());
  if (auto r = provider().cancel(done->task_id); !r) record(r.error());

  EXPECT_GE(texts_.size(), 30u);  // most calls above fail (a cancel of a missing task does not)
  for (const auto& text : texts_) {
    EXPECT_EQ(text.find(kFakeArkKey), std::string::npos) << text;
    EXPECT_EQ(text.find("5f0c2a9e7b1d4c3a"), std::string::npos) << text;
  }
  // The fake's own log (request lines) must not contain it either.
  EXPECT_EQ(fake_->log().find(kFakeArkKey), std::string::npos);
}

}  // namespace
}  // namespace syncreel::testing
