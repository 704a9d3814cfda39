// Tasks that end badly on Seedance's side (moderation, internal failures, expiry), the
// account's concurrency limit, and exactly-once creates when an answer is lost.
#include <gtest/gtest.h>

#include "../../unit/media/probe.hpp"
#include "providers/seedance/seedance_mapping.hpp"
#include "seedance_test_support.hpp"

namespace syncreel::testing {
namespace {

using SeedanceTasks = SeedanceTest;

TEST_F(SeedanceTasks, AFailedTaskCarriesItsArkCodeAndSaysItIsNotRetried) {
  for (const char* code :
       {"OutputVideoSensitiveContentDetected", "OutputVideoSensitiveContentDetected.PolicyViolation",
        "OutputAudioSensitiveContentDetected", "InputTextSensitiveContentDetected",
        "InputTextSensitiveContentDetected.PrivacyInformation", "InternalServiceError", "InvalidParameter"}) {
    ASSERT_TRUE(fake_->set_faults({{"fail_task", {{"count", 1}, {"code", code}}}}));
    const auto sub = provider().submit("job_fail", small_spec(std::string("A clip that fails with ") + code));
    ASSERT_TRUE(sub) << sub.error().message;
    const TaskPoll p = poll_until(sub->task_id);
    ASSERT_EQ(p.status, TaskStatus::failed) << code;
    ASSERT_TRUE(p.error.has_value());
    record(*p.error);
    EXPECT_EQ(p.error->code, code);
    EXPECT_NE(p.error->message.find("does not resubmit"), std::string::npos) << p.error->message;
    EXPECT_NE(p.error->message.find("Seedance"), std::string::npos) << p.error->message;

    probe::TempDir scratch;
    FetchContext ctx;
    ctx.task_id = sub->task_id;
    ctx.scratch_dir = scratch.path();
    const Error e = error_of(provider().fetch(ctx));
    EXPECT_EQ(e.code, ErrorCode::provider);
    EXPECT_NE(e.message.find("not succeeded"), std::string::npos) << e.message;
  }
  const auto moderated =
      seedance::describe_failure({.status = "failed", .error_code = "OutputVideoSensitiveContentDetected"});
  EXPECT_NE(moderated.message.find("output moderation"), std::string::npos) << moderated.message;
}

TEST_F(SeedanceTasks, AnExpiredTaskIsReportedAsExpired) {
  ASSERT_TRUE(fake_->set_faults({{"expire_task", 1}}));
  const auto sub = provider().submit("job_expire", small_spec());
  ASSERT_TRUE(sub);
  const TaskPoll p = poll_until(sub->task_id);
  ASSERT_EQ(p.status, TaskStatus::expired);
  ASSERT_TRUE(p.error.has_value());
  record(*p.error);
  EXPECT_EQ(p.error->code, "provider_expired");
  EXPECT_NE(p.error->message.find("expiry"), std::string::npos) << p.error->message;
}

TEST_F(SeedanceTasks, TheAccountConcurrencyLimitIsARateLimit) {
  ASSERT_TRUE(fake_->set_faults({{"max_running", 1}, {"queued_ms", 600000}}));
  ASSERT_TRUE(provider().submit("job_first", small_spec("first")));
  const Error e = error_of(provider().submit("job_second", small_spec("second")));
  EXPECT_EQ(e.code, ErrorCode::rate_limited);
  EXPECT_EQ(e.detail, "QuotaExceeded");
  EXPECT_EQ(stats()["creates"], 1);
}

TEST_F(SeedanceTasks, ALostCreateAnswerIsReconciledFromTheTaskList) {
  ASSERT_TRUE(fake_->set_faults({{"lose_create_response", 1}}));
  const auto sub = provider().submit("job_lost", small_spec());
  ASSERT_TRUE(sub) << sub.error().message;
  const auto s = stats();
  EXPECT_EQ(s["create_requests"], 1);
  EXPECT_EQ(s["creates"], 1);  // exactly one task, found again instead of made twice
  EXPECT_GE(s["lists"], 1);
  const TaskPoll p = poll_until(sub->task_id);
  EXPECT_EQ(p.status, TaskStatus::succeeded);
}

TEST_F(SeedanceTasks, AGarbledCreateAnswerIsReconciledToo) {
  ASSERT_TRUE(fake_->set_faults({{"truncated_json", 1}}));
  const auto sub = provider().submit("job_garbled", small_spec());
  ASSERT_TRUE(sub) << sub.error().message;
  EXPECT_EQ(stats()["creates"], 1);
  EXPECT_TRUE(sub->task_id.starts_with("cgt-"));
}

TEST_F(SeedanceTasks, AResetBeforeTheTaskWasMadeFailsThenTheRetryCreatesExactlyOne) {
  ASSERT_TRUE(fake_->set_faults({{"reset", 1}}));
  const Error e = error_of(provider().submit("job_reset", small_spec()));
  EXPECT_EQ(e.code, ErrorCode::unavailable);
  EXPECT_NE(e.message.find("checks again"), std::string::npos) << e.message;
  EXPECT_EQ(stats()["creates"], 0);
  const int lists_before = stats()["lists"];
  const auto sub = provider().submit("job_reset", small_spec());  // the orchestrator's retry
  ASSERT_TRUE(sub) << sub.error().message;
  EXPECT_GT(stats()["lists"].get<int>(), lists_before);  // it looked before creating
  EXPECT_EQ(stats()["creates"], 1);
}

TEST_F(SeedanceTasks, ARetryAfterALostAnswerFindsTheTaskInsteadOfCreatingAgain) {
  // The create's answer is lost and the list that follows is garbled: the provider cannot
  // tell yet, and must not create again on the retry before it can.
  ASSERT_TRUE(fake_->set_faults({{"lose_create_response", 1}, {"malformed_json", 1}}));
  const Error e = error_of(provider().submit("job_twice", small_spec()));
  EXPECT_EQ(e.code, ErrorCode::unavailable);
  EXPECT_NE(e.message.find("task list could not be checked"), std::string::npos) << e.message;
  const auto sub = provider().submit("job_twice", small_spec());
  ASSERT_TRUE(sub) << sub.error().message;
  EXPECT_EQ(stats()["creates"], 1);
}

TEST_F(SeedanceTasks, FindTaskCreatedByMatchesPromptSeedShapeAndTime) {
  const TimePoint before = system_clock_.now();
  const JobSpec a = small_spec("A red kite over the dunes");
  JobSpec b = small_spec("A blue kite over the dunes");
  b.aspect_ratio = AspectRatio::r9x16;
  const auto sub_a = provider().submit("job_a", a);
  const auto sub_b = provider().submit("job_b", b);
  ASSERT_TRUE(sub_a && sub_b);
  auto found = provider().find_task_created_by(a, before);
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(*found, sub_a->task_id);
  found = provider().find_task_created_by(b, before);
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, sub_b->task_id);
  found = provider().find_task_created_by(small_spec("Never submitted"), before);
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->has_value());
  found = provider().find_task_created_by(a, before + std::chrono::minutes(5));
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->has_value());

  ASSERT_TRUE(provider().submit("job_a_again", a));  // the same request twice: ambiguous
  EXPECT_EQ(error_of(provider().find_task_created_by(a, before)).code, ErrorCode::conflict);
}

}  // namespace
}  // namespace syncreel::testing
