// SqliteJobStore: cancellation, deletion, events, stats and unreadable rows.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "store/sqlite/sqlite_job_store.hpp"
#include "store_test_support.hpp"

namespace syncreel {
namespace {

using namespace std::chrono_literals;
using namespace store_testing;
using S = JobState;

constexpr auto kLease = 30s;

// Runs SQL on the database file behind the store's back, as corruption would.
void tamper(const std::filesystem::path& db_file, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_file.c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  EXPECT_EQ(rc, SQLITE_OK) << (err != nullptr ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
}

class SqliteJobStoreHistoryTest : public ::testing::Test {
 protected:
  JobId create() {
    clock_.advance(1ms);
    auto out = store_->create(new_job(clock_));
    EXPECT_TRUE(out) << out.error().message;
    return out ? out->job.id : JobId{};
  }
  // A job claimed by w1 and driven to `state` (terminal and in_review ones unleased).
  JobId running_in(S state) {
    const JobId id = create();
    auto got = store_->claim("w1", clock_.now(), kLease);
    EXPECT_TRUE(got && *got && (*got)->id == id);
    auto job = drive(*store_, id, "w1", clock_.now(), path_to(state));
    EXPECT_TRUE(job) << job.error().message;
    return id;
  }

  TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<SqliteJobStore> store_ = open_store(dir_);
};

TEST_F(SqliteJobStoreHistoryTest, CancellingAnUnleasedQueuedJobCancelsItAtOnce) {
  const JobId id = create();
  clock_.advance(3s);
  auto job = store_->request_cancel(id, clock_.now());
  ASSERT_TRUE(job) << job.error().message;
  for (const Job& j : {*job, *store_->get(id)}) {
    EXPECT_EQ(j.state, S::cancelled);
    EXPECT_TRUE(j.cancel_requested);
    ASSERT_TRUE(j.error);
    EXPECT_EQ(j.error->code, "cancelled");
    EXPECT_EQ(j.error->message, "cancelled by the owner");
    ASSERT_EQ(j.stages.size(), 2u);
    EXPECT_EQ(j.stages[0].ended_at, clock_.now());
    EXPECT_EQ(j.stages[1].name, "cancelled");
  }
  auto events = store_->events(id, 0);
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ(events->back().state, S::cancelled);
  EXPECT_FALSE(*store_->claim("w1", clock_.now(), kLease));
}

TEST_F(SqliteJobStoreHistoryTest, CancellingALeasedQueuedJobOnlyFlagsItUntilTheLeaseExpires) {
  const JobId id = create();
  ASSERT_TRUE(*store_->claim("w1", clock_.now(), kLease));
  auto flagged = store_->request_cancel(id, clock_.now());
  ASSERT_TRUE(flagged);
  EXPECT_EQ(flagged->state, S::queued);
  EXPECT_TRUE(flagged->cancel_requested);

  clock_.advance(kLease);  // the worker died: nobody will act on the flag
  auto cancelled = store_->request_cancel(id, clock_.now());
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(cancelled->state, S::cancelled);
}

TEST_F(SqliteJobStoreHistoryTest, CancellingARunningJobFlagsItForTheLeaseHolder) {
  const JobId id = running_in(S::generating);
  auto flagged = store_->request_cancel(id, clock_.now());
  ASSERT_TRUE(flagged);
  EXPECT_EQ(flagged->state, S::generating);
  EXPECT_TRUE(flagged->cancel_requested);
  EXPECT_EQ(store_->events(id, 0)->size(), 3u) << "a flag is not an event";

  JobUpdate stop = to_state(S::cancelled);
  stop.error = JobError{"cancelled", "cancelled by the owner"};
  auto stopped = store_->update(id, "w1", clock_.now(), stop);
  ASSERT_TRUE(stopped);
  EXPECT_EQ(stopped->state, S::cancelled);
}

TEST_F(SqliteJobStoreHistoryTest, CancellingAJobWaitingForAPollMakesItClaimableNow) {
  const JobId id = running_in(S::submitted);
  JobUpdate later;
  later.release_lease = true;
  later.run_after = clock_.now() + 1h;
  ASSERT_TRUE(store_->update(id, "w1", clock_.now(), later));
  EXPECT_FALSE(*store_->claim("w2", clock_.now(), kLease));

  ASSERT_TRUE(store_->request_cancel(id, clock_.now()));
  auto got = store_->claim("w2", clock_.now(), kLease);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->id, id);
  EXPECT_TRUE((*got)->cancel_requested);
}

TEST_F(SqliteJobStoreHistoryTest, CancellingATerminalJobChangesNothing) {
  const JobId id = running_in(S::published);
  const Job before = *store_->get(id);
  clock_.advance(1s);
  auto after = store_->request_cancel(id, clock_.now());
  ASSERT_TRUE(after);
  EXPECT_EQ(after->state, S::published);
  EXPECT_FALSE(after->cancel_requested);
  EXPECT_EQ(store_->get(id)->updated_at, before.updated_at);

  auto missing = store_->request_cancel(new_job_id(clock_.now()), clock_.now());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
}

TEST_F(SqliteJobStoreHistoryTest, MarkDeletedErasesOutputsOfFinishedJobsOnly) {
  const JobId running = running_in(S::processing);
  auto refused = store_->mark_deleted(running, clock_.now());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::conflict);

  const JobId id = running_in(S::moderating);
  JobUpdate publish = to_state(S::published);
  publish.outputs = JobOutputs{"jobs/a/clip.mp4", "jobs/a/poster.jpg", "", ""};
  ASSERT_TRUE(store_->update(id, "w1", clock_.now(), publish));
  clock_.advance(1s);
  auto deleted = store_->mark_deleted(id, clock_.now());
  ASSERT_TRUE(deleted) << deleted.error().message;
  for (const Job& j : {*deleted, *store_->get(id)}) {
    EXPECT_TRUE(j.deleted);
    EXPECT_TRUE(j.outputs.empty());
    EXPECT_EQ(j.state, S::published);
    EXPECT_EQ(j.updated_at, clock_.now());
  }
  EXPECT_TRUE(store_->mark_deleted(id, clock_.now() + 1s));  // again: harmless
  EXPECT_EQ(store_->get(id)->updated_at, clock_.now());

  auto missing = store_->mark_deleted(new_job_id(clock_.now()), clock_.now());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
}

TEST_F(SqliteJobStoreHistoryTest, EventsAreOrderedAndFollowProgressTicks) {
  const JobId a = running_in(S::generating);
  const JobId b = create();
  for (int p : {10, 10, 55}) {  // the repeated 10 is not a change
    JobUpdate tick;
    tick.progress = p;
    ASSERT_TRUE(store_->update(a, "w1", clock_.now(), tick));
  }
  JobUpdate silent;
  silent.provider_task_id = "t-1";
  ASSERT_TRUE(store_->update(a, "w1", clock_.now(), silent));
  JobUpdate bad;
  bad.progress = 101;
  auto refused = store_->update(a, "w1", clock_.now(), bad);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::invalid_argument);

  auto events = store_->events(a, 0);
  ASSERT_TRUE(events);
  std::vector<std::pair<S, int>> seen;
  for (const JobEvent& e : *events) {
    EXPECT_EQ(e.job_id, a);
    seen.emplace_back(e.state, e.progress);
  }
  const std::vector<std::pair<S, int>> expected = {
      {S::queued, 0}, {S::submitted, 0}, {S::generating, 0}, {S::generating, 10}, {S::generating, 55}};
  EXPECT_EQ(seen, expected);
  for (std::size_t i = 1; i < events->size(); ++i) EXPECT_LT((*events)[i - 1].seq, (*events)[i].seq);

  auto tail = store_->events(a, (*events)[2].seq);
  ASSERT_TRUE(tail);
  ASSERT_EQ(tail->size(), 2u);
  EXPECT_EQ(tail->front().seq, (*events)[3].seq);
  EXPECT_EQ(store_->events(b, 0)->size(), 1u);
  EXPECT_TRUE(store_->events("job_unknown", 0)->empty());
}

TEST_F(SqliteJobStoreHistoryTest, StatsCountStatesAndRecentFinishes) {
  const TimePoint t0 = clock_.now();
  running_in(S::published);  // finished at ~t0
  clock_.advance(30min);
  running_in(S::failed);
  running_in(S::blocked);
  running_in(S::cancelled);  // not "finished"
  clock_.advance(59s);
  running_in(S::published);
  // Last, so that no earlier claim (which takes the oldest claimable job) finds them.
  running_in(S::generating);
  create();

  auto stats = store_->stats(clock_.now());
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->by_state.size(), all_job_states().size());
  const std::map<S, std::int64_t> expected = {
      {S::queued, 1},    {S::submitted, 0}, {S::generating, 1}, {S::processing, 0}, {S::moderating, 0},
      {S::published, 2}, {S::in_review, 0}, {S::blocked, 1},    {S::failed, 1},     {S::cancelled, 1}};
  EXPECT_EQ(stats->by_state, expected);
  EXPECT_EQ(stats->published_last_minute, 1);
  EXPECT_EQ(stats->finished_last_hour, 4);
  EXPECT_EQ(stats->failed_last_hour, 1);

  // The first publication happened at t0 + 1 ms; an hour later it leaves the window,
  // which excludes its start.
  auto later = store_->stats(t0 + 1h + 1ms);
  ASSERT_TRUE(later);
  EXPECT_EQ(later->published_last_minute, 0);
  EXPECT_EQ(later->finished_last_hour, 3);
  EXPECT_EQ(later->failed_last_hour, 1);
}

TEST_F(SqliteJobStoreHistoryTest, AnUnreadableRowIsAStorageErrorNotACrash) {
  const JobId bad = create();
  const JobId good = create();
  tamper(dir_.db(), "UPDATE jobs SET spec = '{\"prompt\": \"secret words\", \"style\": 7' WHERE id = '" + bad + "'");

  auto got = store_->get(bad);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::storage);
  EXPECT_NE(got.error().message.find(bad), std::string::npos) << got.error().message;
  EXPECT_EQ(got.error().message.find("secret"), std::string::npos) << "stored content must not leak";
  auto listed = store_->list("user-1", std::nullopt, 10);
  ASSERT_FALSE(listed);
  EXPECT_EQ(listed.error().code, ErrorCode::storage);

  // The claim fails the unreadable job (it heads the queue) and serves the next one.
  auto claimed = store_->claim("w1", clock_.now(), kLease);
  ASSERT_TRUE(claimed) << claimed.error().message;
  ASSERT_TRUE(*claimed);
  EXPECT_EQ((*claimed)->id, good);
  auto events = store_->events(bad, 0);
  ASSERT_TRUE(events);
  EXPECT_EQ(events->back().state, S::failed);
  EXPECT_EQ(store_->stats(clock_.now())->by_state.at(S::failed), 1);
}

TEST_F(SqliteJobStoreHistoryTest, EveryKindOfDamageIsReported) {
  const std::vector<std::string> damage = {
      "spec = '[1, 2]'",
      "spec = '{\"prompt\": \"p\", \"style\": \"noir\", \"duration_sec\": 5, \"aspect_ratio\": \"16:9\", "
      "\"resolution\": \"720p\", \"provider\": \"local\", \"consent\": true}'",
      "outputs = '{\"mp4\": 3}'",
      "moderation = 'nope'",
      "error = '{\"code\": \"x\"}'",
      "state = 'exploded'",
  };
  for (const std::string& set : damage) {
    SCOPED_TRACE(set);
    const JobId id = create();
    tamper(dir_.db(), "UPDATE jobs SET " + set + " WHERE id = '" + id + "'");
    auto got = store_->get(id);
    ASSERT_FALSE(got);
    EXPECT_EQ(got.error().code, ErrorCode::storage) << got.error().message;
  }
}

}  // namespace
}  // namespace syncreel
