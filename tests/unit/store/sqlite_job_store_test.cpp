#include "store/sqlite/sqlite_job_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "store_test_support.hpp"

namespace syncreel {
namespace {

using namespace std::chrono_literals;
using namespace store_testing;
using S = JobState;

constexpr auto kLease = 30s;

class SqliteJobStoreTest : public ::testing::Test {
 protected:
  Job create(const UserId& user = "user-1") {
    clock_.advance(1ms);  // ids of later jobs sort higher
    auto out = store_->create(new_job(clock_, user));
    EXPECT_TRUE(out) << out.error().message;
    return out ? out->job : Job{};
  }
  // Claims as `worker` and expects to get job `id`.
  Job claim(const JobId& id, const WorkerId& worker = "w1") {
    auto got = store_->claim(worker, clock_.now(), kLease);
    EXPECT_TRUE(got) << got.error().message;
    if (!got || !*got) {
      ADD_FAILURE() << "nothing to claim";
      return Job{};
    }
    EXPECT_EQ((*got)->id, id);
    return **got;
  }

  TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<SqliteJobStore> store_ = open_store(dir_);
};

TEST_F(SqliteJobStoreTest, CreateStoresAQueuedJobWithItsFirstStageAndEvent) {
  JobSpec spec = sample_spec();
  spec.voice = "alloy";
  spec.language = Language::fr;
  spec.seed = 4'000'000'000u;
  spec.model = "wan-2.1";
  spec.webhook_url = "https://example.com/hook";
  spec.max_cost_usd = 0.25;
  spec.style = Style::anime;
  spec.aspect_ratio = AspectRatio::r9x16;
  spec.resolution = Resolution::p1080;
  spec.duration_sec = 30;
  NewJob nj = new_job(clock_, "user-7", "key-1", "fp-1");
  nj.spec = spec;
  auto out = store_->create(nj);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_TRUE(out->created);

  auto got = store_->get(nj.id);
  ASSERT_TRUE(got) << got.error().message;
  for (const Job& job : {out->job, *got}) {
    EXPECT_EQ(job.id, nj.id);
    EXPECT_EQ(job.user_id, "user-7");
    EXPECT_EQ(job.state, S::queued);
    EXPECT_EQ(job.created_at, clock_.now());
    EXPECT_EQ(job.updated_at, clock_.now());
    EXPECT_EQ(job.idempotency_key, "key-1");
    EXPECT_EQ(job.attempts, 0);
    EXPECT_FALSE(job.published_at);
    ASSERT_EQ(job.stages.size(), 1u);
    EXPECT_EQ(job.stages[0].name, "queued");
    EXPECT_EQ(job.stages[0].started_at, clock_.now());
    EXPECT_FALSE(job.stages[0].ended_at);
  }
  const JobSpec& back = got->spec;
  EXPECT_EQ(back.prompt, spec.prompt);
  EXPECT_EQ(back.style, spec.style);
  EXPECT_EQ(back.duration_sec, spec.duration_sec);
  EXPECT_EQ(back.aspect_ratio, spec.aspect_ratio);
  EXPECT_EQ(back.resolution, spec.resolution);
  EXPECT_EQ(back.voice, spec.voice);
  EXPECT_EQ(back.language, spec.language);
  EXPECT_EQ(back.seed, spec.seed);
  EXPECT_EQ(back.provider, spec.provider);
  EXPECT_EQ(back.model, spec.model);
  EXPECT_EQ(back.webhook_url, spec.webhook_url);
  EXPECT_EQ(back.max_cost_usd, spec.max_cost_usd);
  EXPECT_TRUE(back.consent);

  auto events = store_->events(nj.id, 0);
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].state, S::queued);
  EXPECT_EQ((*events)[0].at, clock_.now());
}

TEST_F(SqliteJobStoreTest, GetOfAnUnknownJobIsNotFound) {
  auto got = store_->get(new_job_id(clock_.now()));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::not_found);
}

TEST_F(SqliteJobStoreTest, ListPagesNewestFirstWithACursor) {
  std::vector<JobId> mine;
  for (int i = 0; i < 7; ++i) {
    mine.push_back(create("user-1").id);
    create("user-2");
  }
  std::reverse(mine.begin(), mine.end());
  std::vector<JobId> seen;
  std::optional<JobId> cursor;
  std::vector<std::size_t> page_sizes;
  for (;;) {
    auto page = store_->list("user-1", cursor, 3);
    ASSERT_TRUE(page) << page.error().message;
    if (page->empty()) break;
    page_sizes.push_back(page->size());
    for (const Job& job : *page) {
      EXPECT_EQ(job.user_id, "user-1");
      EXPECT_EQ(job.stages.size(), 1u);
      seen.push_back(job.id);
    }
    cursor = page->back().id;
  }
  EXPECT_EQ(seen, mine);
  EXPECT_EQ(page_sizes, (std::vector<std::size_t>{3, 3, 1}));

  auto none = store_->list("nobody", std::nullopt, 10);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  for (int bad : {0, -1, 101}) {
    auto refused = store_->list("user-1", std::nullopt, bad);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::invalid_argument);
  }
}

TEST_F(SqliteJobStoreTest, IdempotencyKeyReplaysOrConflicts) {
  auto first = store_->create(new_job(clock_, "user-1", "k", "fp-a"));
  ASSERT_TRUE(first);
  clock_.advance(5s);

  auto replay = store_->create(new_job(clock_, "user-1", "k", "fp-a"));
  ASSERT_TRUE(replay) << replay.error().message;
  EXPECT_FALSE(replay->created);
  EXPECT_EQ(replay->job.id, first->job.id);
  EXPECT_EQ(replay->job.created_at, first->job.created_at);

  auto other_body = store_->create(new_job(clock_, "user-1", "k", "fp-b"));
  ASSERT_FALSE(other_body);
  EXPECT_EQ(other_body.error().code, ErrorCode::conflict);

  auto other_user = store_->create(new_job(clock_, "user-2", "k", "fp-b"));
  ASSERT_TRUE(other_user);
  EXPECT_TRUE(other_user->created);

  // No key: every create is a new job.
  EXPECT_TRUE(store_->create(new_job(clock_))->created);
  EXPECT_TRUE(store_->create(new_job(clock_))->created);

  NewJob dup = new_job(clock_);
  ASSERT_TRUE(store_->create(dup));
  auto same_id = store_->create(dup);
  ASSERT_FALSE(same_id);
  EXPECT_EQ(same_id.error().code, ErrorCode::conflict);
}

// For every pair of states: reach `from` through legal moves while holding the lease,
// then try `to`. Illegal moves must fail and leave no trace (state, stages, events).
TEST_F(SqliteJobStoreTest, EveryIllegalTransitionIsRefusedWithTheStateUnchanged) {
  int refused = 0;
  for (S from : all_job_states()) {
    for (S to : all_job_states()) {
      SCOPED_TRACE(std::string(to_string(from)) + " -> " + std::string(to_string(to)));
      const JobId id = create().id;
      claim(id);
      auto at_from = drive(*store_, id, "w1", clock_.now(), path_to(from));
      ASSERT_TRUE(at_from) << at_from.error().message;
      ASSERT_EQ(at_from->state, from);
      const auto events_before = store_->events(id, 0)->size();

      // in_review has no lease holder: its legal moves are a moderator's decision.
      auto moved = from == S::in_review && can_transition(from, to)
                       ? store_->resolve_review(id, to, clock_.now())
                       : store_->update(id, "w1", clock_.now(), to_state(to));
      if (can_transition(from, to)) {
        ASSERT_TRUE(moved) << moved.error().message;
        EXPECT_EQ(moved->state, to);
        continue;
      }
      ++refused;
      ASSERT_FALSE(moved);
      // Terminal and in_review jobs have no lease any more, so the lease check refuses
      // first; claimable states reach the transition check.
      EXPECT_EQ(moved.error().code, is_claimable(from) ? ErrorCode::invalid_argument : ErrorCode::conflict)
          << moved.error().message;
      auto after = store_->get(id);
      ASSERT_TRUE(after);
      EXPECT_EQ(after->state, from);
      EXPECT_EQ(after->stages.size(), at_from->stages.size());
      EXPECT_EQ(store_->events(id, 0)->size(), events_before);
    }
  }
  EXPECT_EQ(refused, 100 - 21);
}

TEST_F(SqliteJobStoreTest, UpdateNeedsTheWorkersLiveLease) {
  const JobId id = create().id;
  auto unleased = store_->update(id, "w1", clock_.now(), to_state(S::submitted));
  ASSERT_FALSE(unleased);
  EXPECT_EQ(unleased.error().code, ErrorCode::conflict);

  claim(id, "w1");
  auto other = store_->update(id, "w2", clock_.now(), to_state(S::submitted));
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::conflict);

  clock_.advance(kLease);  // expiry is exclusive: at now + lease_for it is gone
  auto expired = store_->update(id, "w1", clock_.now(), to_state(S::submitted));
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().code, ErrorCode::conflict);
  EXPECT_EQ(store_->get(id)->state, S::queued);

  auto missing = store_->update(new_job_id(clock_.now()), "w1", clock_.now(), to_state(S::submitted));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
}

TEST_F(SqliteJobStoreTest, ExpiredLeaseIsReclaimedByAnotherWorker) {
  const JobId id = create().id;
  EXPECT_EQ(claim(id, "w1").attempts, 1);
  ASSERT_TRUE(store_->update(id, "w1", clock_.now(), to_state(S::submitted)));
  auto held = store_->claim("w2", clock_.now(), kLease);
  ASSERT_TRUE(held);
  EXPECT_FALSE(*held) << "a live lease must not be claimable";

  clock_.advance(kLease + 1ms);
  const Job resumed = claim(id, "w2");
  EXPECT_EQ(resumed.attempts, 2);
  EXPECT_EQ(resumed.state, S::submitted);

  auto late = store_->update(id, "w1", clock_.now(), to_state(S::generating));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::conflict);
  auto late_renew = store_->renew(id, "w1", clock_.now(), kLease);
  ASSERT_FALSE(late_renew);
  EXPECT_EQ(late_renew.error().code, ErrorCode::conflict);
  EXPECT_TRUE(store_->update(id, "w2", clock_.now(), to_state(S::generating)));
}

TEST_F(SqliteJobStoreTest, ARestartedInstanceReleasesOnlyItsOwnLeases) {
  const JobId mine = create().id;
  const JobId theirs = create().id;
  claim(mine, "node-a/w0");
  claim(theirs, "node-ab/w0");  // shares a prefix of the name, not of the instance
  auto released = store_->release_leases("node-a/", clock_.now());
  ASSERT_TRUE(released) << released.error().message;
  EXPECT_EQ(*released, 1);
  // Runnable again at once, without waiting for the lease to expire.
  EXPECT_EQ(claim(mine, "node-a/w1").attempts, 2);
  auto none = store_->claim("node-a/w2", clock_.now(), kLease);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none) << "another instance's lease was released";
  EXPECT_FALSE(store_->update(theirs, "node-a/w0", clock_.now(), to_state(S::submitted)));
}

TEST_F(SqliteJobStoreTest, RenewExtendsALeaseStillHeld) {
  const JobId id = create().id;
  claim(id, "w1");
  clock_.advance(20s);
  ASSERT_TRUE(store_->renew(id, "w1", clock_.now(), kLease));
  clock_.advance(20s);  // past the first expiry, within the renewed one
  EXPECT_TRUE(store_->update(id, "w1", clock_.now(), to_state(S::submitted)));

  auto other = store_->renew(id, "w2", clock_.now(), kLease);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::conflict);
  auto missing = store_->renew(new_job_id(clock_.now()), "w1", clock_.now(), kLease);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
}

TEST_F(SqliteJobStoreTest, ClaimServesTheLongestWaitingAndHonoursRunAfter) {
  auto none = store_->next_run_at();
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);

  const Job a = create();
  const Job b = create();
  EXPECT_EQ(*store_->next_run_at(), a.created_at);
  claim(a.id);
  JobUpdate poll_later = to_state(S::submitted);
  poll_later.release_lease = true;
  poll_later.run_after = clock_.now() + 10s;
  ASSERT_TRUE(store_->update(a.id, "w1", clock_.now(), poll_later));

  claim(b.id, "w2");
  EXPECT_FALSE(*store_->claim("w3", clock_.now(), kLease));
  // b is leased until now + 30 s, a waits until now + 10 s.
  EXPECT_EQ(*store_->next_run_at(), clock_.now() + 10s);

  clock_.advance(10s);
  const Job again = claim(a.id, "w3");
  EXPECT_EQ(again.attempts, 2);
  EXPECT_EQ(again.state, S::submitted);
  EXPECT_EQ(*store_->next_run_at(), clock_.now() + 20s);  // b's lease expiry now comes first
}

// The claim query spells the claimable states in SQL: it must agree with is_claimable.
TEST_F(SqliteJobStoreTest, ClaimTakesExactlyTheClaimableStates) {
  std::map<JobId, S> state_of;
  for (S s : all_job_states()) {
    const JobId id = create().id;
    claim(id);
    ASSERT_TRUE(drive(*store_, id, "w1", clock_.now(), path_to(s)));
    state_of[id] = s;
  }
  clock_.advance(kLease + 1s);  // every lease still held has expired
  std::set<S> claimed;
  for (;;) {
    auto got = store_->claim("w2", clock_.now(), kLease);
    ASSERT_TRUE(got);
    if (!*got) break;
    EXPECT_TRUE(claimed.insert(state_of.at((*got)->id)).second);
  }
  std::set<S> expected;
  for (S s : all_job_states()) {
    if (is_claimable(s)) expected.insert(s);
  }
  EXPECT_EQ(claimed, expected);
}

TEST_F(SqliteJobStoreTest, TransitionsRecordStagesPublishedAtAndReleaseTheLease) {
  const JobId id = create().id;
  const TimePoint t0 = clock_.now();
  claim(id);
  for (S s : path_to(S::published)) {
    clock_.advance(2s);
    ASSERT_TRUE(store_->update(id, "w1", clock_.now(), to_state(s)));
  }
  auto job = store_->get(id);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->published_at, clock_.now());
  EXPECT_EQ(job->updated_at, clock_.now());
  const std::vector<std::string> names = {"queued", "submitted", "generating", "processing", "moderating", "published"};
  ASSERT_EQ(job->stages.size(), names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(job->stages[i].name, names[i]);
    EXPECT_EQ(job->stages[i].started_at, t0 + 2s * static_cast<int>(i));
    ASSERT_TRUE(job->stages[i].ended_at);
  }
  EXPECT_EQ(job->stages.back().ended_at, job->stages.back().started_at);  // zero-length terminal stage
  // Terminal: the lease is gone and the job is never claimable again.
  auto after = store_->update(id, "w1", clock_.now(), JobUpdate{});
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().code, ErrorCode::conflict);
  clock_.advance(kLease * 2);
  EXPECT_FALSE(*store_->claim("w2", clock_.now(), kLease));
  EXPECT_FALSE(*store_->next_run_at());
}

TEST_F(SqliteJobStoreTest, InReviewWaitsUnclaimed) {
  const JobId id = create().id;
  claim(id);
  ASSERT_TRUE(drive(*store_, id, "w1", clock_.now(), path_to(S::in_review)));
  clock_.advance(kLease * 2);
  EXPECT_FALSE(*store_->claim("w2", clock_.now(), kLease));
  EXPECT_FALSE(*store_->next_run_at());
  EXPECT_FALSE(store_->get(id)->stages.back().ended_at);
}

TEST_F(SqliteJobStoreTest, AModeratorResolvesAReviewOnce) {
  const JobId id = create().id;
  claim(id);
  ASSERT_TRUE(drive(*store_, id, "w1", clock_.now(), path_to(S::in_review)));
  auto wrong = store_->resolve_review(id, S::failed, clock_.now());
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::invalid_argument);

  clock_.advance(1h);
  auto published = store_->resolve_review(id, S::published, clock_.now());
  ASSERT_TRUE(published) << published.error().message;
  EXPECT_EQ(published->state, S::published);
  EXPECT_EQ(published->published_at, clock_.now());
  ASSERT_GE(published->stages.size(), 2u);
  const StageTiming& review = published->stages[published->stages.size() - 2];
  EXPECT_EQ(review.name, "in_review");
  EXPECT_EQ(review.ended_at, clock_.now());
  EXPECT_EQ(store_->events(id, 0)->back().state, S::published);

  auto again = store_->resolve_review(id, S::blocked, clock_.now());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  EXPECT_EQ(store_->get(id)->state, S::published);
  auto missing = store_->resolve_review(new_job_id(clock_.now()), S::blocked, clock_.now());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
}

TEST_F(SqliteJobStoreTest, UpdateStoresEveryFieldAndReturnsWhatItStored) {
  const JobId id = create().id;
  claim(id);
  JobUpdate u = to_state(S::submitted);
  u.progress = 40;
  u.provider_task_id = "task-9";
  u.model_version = "m-2024";
  u.tokens_used = 123456789012;
  u.cost_usd = 0.125;
  u.outputs = JobOutputs{"jobs/x/clip.mp4", "jobs/x/poster.jpg", "jobs/x/master.m3u8", "jobs/x/en.vtt"};
  u.moderation = ModerationResult{"review", "medium", {"violence", "weapons"}};
  u.error = JobError{"provider_slow", "the provider is slow \xff today"};  // invalid UTF-8 must not throw
  auto returned = store_->update(id, "w1", clock_.now() + 999us, u);  // stored to the millisecond
  ASSERT_TRUE(returned) << returned.error().message;
  auto stored = store_->get(id);
  ASSERT_TRUE(stored);
  for (const Job& job : {*returned, *stored}) {
    EXPECT_EQ(job.state, S::submitted);
    EXPECT_EQ(job.progress, 40);
    EXPECT_EQ(job.provider_task_id, "task-9");
    EXPECT_EQ(job.model_version, "m-2024");
    EXPECT_EQ(job.tokens_used, 123456789012);
    EXPECT_EQ(job.cost_usd, 0.125);
    EXPECT_EQ(job.outputs.mp4, "jobs/x/clip.mp4");
    EXPECT_EQ(job.outputs.captions, "jobs/x/en.vtt");
    ASSERT_TRUE(job.moderation);
    EXPECT_EQ(job.moderation->categories, (std::vector<std::string>{"violence", "weapons"}));
    ASSERT_TRUE(job.error);
    EXPECT_EQ(job.error->code, "provider_slow");
    EXPECT_EQ(job.updated_at, clock_.now());
    EXPECT_EQ(job.attempts, 1);
  }
  EXPECT_EQ(returned->stages.size(), stored->stages.size());
  EXPECT_EQ(returned->stages.back().started_at, stored->stages.back().started_at);
}

}  // namespace
}  // namespace syncreel
