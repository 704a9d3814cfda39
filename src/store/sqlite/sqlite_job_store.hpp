// SqliteJobStore: the JobStore on a SQLite file (semantics in store/job_store.hpp).
//
// Thread-safety: thread-safe; share one instance per process. Several processes may
// share the file: claims stay exclusive because each runs in BEGIN IMMEDIATE.
//
// Storage choices the interface leaves open:
// - timestamps are stored as unix milliseconds, so every TimePoint a Job carries is
//   truncated to the millisecond (also in the Job that update() returns);
// - stats() counts finished jobs from job_events rows (each terminal state is entered
//   by exactly one event), over the windows (now - 60 s, now] and (now - 1 h, now];
// - a state change to a terminal state records a zero-length stage named after it;
// - claim() fails a job whose row cannot be decoded (error code "corrupt_record")
//   instead of returning it, so one bad row cannot jam the queue for every worker;
// - next_run_at() accounts for live leases: a leased job counts from its lease expiry.
#pragma once

#include <filesystem>
#include <memory>

#include "store/job_store.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace syncreel {

class SqliteJobStore final : public JobStore {
 public:
  // Uses `db`, which may be shared with a SqliteKeyStore of the same file.
  explicit SqliteJobStore(std::shared_ptr<SqliteDatabase> db);

  // Shorthand: opens (creating and migrating) `db_file` with default options
  // (synchronous=FULL). Errors: as SqliteDatabase::open.
  static Result<std::unique_ptr<SqliteJobStore>> open(const std::filesystem::path& db_file);

  Result<CreateOutcome> create(const NewJob& job) override;
  Result<std::optional<Job>> find_replay(const NewJob& job) override;
  Result<Job> get(const JobId& id) override;
  // Also invalid_argument when `limit` is outside 1-100.
  Result<std::vector<Job>> list(const UserId& user, const std::optional<JobId>& before_id, int limit) override;
  Result<std::optional<Job>> claim(const WorkerId& worker, TimePoint now, std::chrono::milliseconds lease_for) override;
  Result<void> renew(const JobId& id, const WorkerId& worker, TimePoint now,
                     std::chrono::milliseconds lease_for) override;
  Result<int> release_leases(std::string_view owner_prefix, TimePoint now) override;
  // Also invalid_argument when progress is outside 0-100. A progress equal to the
  // stored one is not a change and appends no event.
  Result<Job> update(const JobId& id, const WorkerId& worker, TimePoint now, const JobUpdate& update) override;
  Result<Job> resolve_review(const JobId& id, JobState decision, TimePoint now) override;
  // A job that gets the flag while unleased and waiting (a scheduled poll) has its
  // run_after moved to `now`, so a worker picks the cancellation up at once.
  Result<Job> request_cancel(const JobId& id, TimePoint now) override;
  Result<Job> mark_deleted(const JobId& id, TimePoint now) override;
  // An unknown job has no events: the result is empty, not an error.
  Result<std::vector<JobEvent>> events(const JobId& id, std::int64_t after_seq) override;
  Result<std::optional<TimePoint>> next_run_at() override;
  Result<JobStats> stats(TimePoint now) override;
  Result<std::vector<JobId>> jobs_with_live_task(std::string_view provider) override;
  Result<bool> wake_task(std::string_view task_id, TimePoint now) override;

 private:
  std::shared_ptr<SqliteDatabase> db_;
};

}  // namespace syncreel
