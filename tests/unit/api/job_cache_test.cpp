#include "api/job_cache.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fake_job_service.hpp"

namespace syncreel::api {
namespace {

using nlohmann::json;
using testing::FakeJobService;

class JobCacheTest : public ::testing::Test {
 protected:
  JobCacheTest() {
    JobSpec spec;
    spec.prompt = "a lighthouse";
    spec.consent = true;
    id_ = jobs_.create("usr_alice", spec, "", "").value().job.id;
  }
  std::string status_of(const Principal& who, JobDocumentCache& cache) {
    auto doc = cache.get(who, id_);
    EXPECT_TRUE(doc.has_value());
    return doc ? json::parse(**doc)["status"].get<std::string>() : "";
  }

  ManualClock clock_;
  FakeJobService jobs_{clock_};
  MediaSigner signer_{"k"};
  JobRenderer renderer_{signer_, clock_, "", std::chrono::seconds{60}};
  JobDocumentCache cache_{jobs_, renderer_, clock_, std::chrono::seconds{1}, 2};
  Principal alice_{"usr_alice", Role::user, "key_a"};
  Principal bob_{"usr_bob", Role::user, "key_b"};
  Principal mod_{"usr_mod", Role::moderator, "key_m"};
  JobId id_;
};

TEST_F(JobCacheTest, HitsUntilTheJobChanges) {
  EXPECT_EQ(status_of(alice_, cache_), "queued");
  EXPECT_EQ(status_of(alice_, cache_), "queued");
  EXPECT_EQ(jobs_.get_calls, 1);
  EXPECT_EQ(jobs_.subscriber_count(id_), 1);

  ASSERT_TRUE(jobs_.advance(id_, JobState::submitted));
  EXPECT_EQ(status_of(alice_, cache_), "submitted") << "a reported change is visible at once";
  EXPECT_EQ(jobs_.get_calls, 2);
  ASSERT_TRUE(jobs_.advance(id_, JobState::submitted, 0));  // a tick: also a change
  status_of(alice_, cache_);
  EXPECT_EQ(jobs_.get_calls, 3);
}

TEST_F(JobCacheTest, OwnershipIsCheckedOnHits) {
  status_of(alice_, cache_);
  const auto foreign = cache_.get(bob_, id_);
  ASSERT_FALSE(foreign.has_value());
  EXPECT_EQ(foreign.error().code, ErrorCode::not_found);
  EXPECT_EQ(status_of(mod_, cache_), "queued");
  EXPECT_EQ(status_of(mod_, cache_), "queued");
  EXPECT_EQ(jobs_.get_calls, 2) << "owner and moderator documents are cached apart";
}

TEST_F(JobCacheTest, TtlInvalidateAndCapacity) {
  status_of(alice_, cache_);
  clock_.advance(std::chrono::milliseconds{999});
  status_of(alice_, cache_);
  EXPECT_EQ(jobs_.get_calls, 1);
  clock_.advance(std::chrono::milliseconds{1});
  status_of(alice_, cache_);
  EXPECT_EQ(jobs_.get_calls, 2) << "the TTL bounds unreported changes";

  cache_.invalidate(id_);
  EXPECT_EQ(jobs_.subscriber_count(id_), 0);
  status_of(alice_, cache_);
  EXPECT_EQ(jobs_.get_calls, 3);

  JobSpec spec;
  spec.prompt = "x";
  spec.consent = true;
  for (int i = 0; i < 3; ++i) {
    clock_.advance(std::chrono::milliseconds{1});
    const JobId other = jobs_.create("usr_alice", spec, "", "").value().job.id;
    ASSERT_TRUE(cache_.get(alice_, other));
  }
  EXPECT_EQ(jobs_.subscriber_count(id_), 0) << "evicted entries let go of their subscription";
}

TEST_F(JobCacheTest, MissingJobsAreNotCached) {
  const JobId missing = new_job_id(clock_.now());
  EXPECT_FALSE(cache_.get(alice_, missing));
  EXPECT_FALSE(cache_.get(alice_, missing));
  EXPECT_EQ(jobs_.subscriber_count(missing), 0);
}

TEST_F(JobCacheTest, ZeroTtlDisables) {
  JobDocumentCache off(jobs_, renderer_, clock_, std::chrono::milliseconds{0});
  status_of(alice_, off);
  status_of(alice_, off);
  EXPECT_EQ(jobs_.get_calls, 2);
  EXPECT_EQ(jobs_.subscriber_count(id_), 0);
}

}  // namespace
}  // namespace syncreel::api
