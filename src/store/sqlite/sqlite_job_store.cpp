#include "store/sqlite/sqlite_job_store.hpp"

#include <algorithm>
#include <utility>

#include "store/sqlite/job_codec.hpp"
#include "store/sqlite/job_rows.hpp"

namespace syncreel {
namespace {

// The state lists below repeat the partial indexes' conditions in sqlite_database.cpp
// word for word, which is what lets SQLite use those indexes. Claims name their index
// (INDEXED BY): the planner would otherwise sort every active job on each claim, and a
// query that stops matching the index then fails to prepare instead of slowing down.
constexpr std::string_view kClaimableStates =
    "state IN ('queued', 'submitted', 'generating', 'processing', 'moderating')";

constexpr int kMaxListLimit = 100;

std::string claimable_sql(std::string_view head, std::string_view tail) {
  std::string sql(head);
  sql.append(kClaimableStates).append(tail);
  return sql;
}

Result<std::vector<Job>> collect_jobs(Statement& stmt) {
  std::vector<Job> jobs;
  for (;;) {
    auto row = stmt.step();
    if (!row) return fail(row.error());
    if (!*row) break;
    auto decoded = decode_job_row(stmt);
    if (!decoded) return fail(decoded.error());
    jobs.push_back(std::move(decoded->job));
  }
  return jobs;
}

// The next claimable row, if any. A row that cannot be decoded is failed on the spot
// and the search goes on: it would otherwise head the queue forever.
Result<std::optional<JobRow>> claim_next(SqliteConnection& conn, std::int64_t now_ms) {
  static const std::string kSql = select_jobs(claimable_sql(
      "INDEXED BY jobs_claim WHERE ",
      " AND run_after <= ?1 AND (lease_owner IS NULL OR lease_expires_at <= ?1) ORDER BY run_after, id LIMIT 1"));
  for (;;) {
    JobId corrupt_id;
    {
      auto stmt = conn.prepare(kSql);
      if (!stmt) return fail(stmt.error());
      stmt->bind_int64(1, now_ms);
      auto has = stmt->step();
      if (!has) return fail(has.error());
      if (!*has) return std::optional<JobRow>{};
      auto row = decode_job_row(*stmt);
      if (row) return std::optional<JobRow>(std::move(*row));
      corrupt_id = stmt->text(0);
    }
    if (auto ok = fail_corrupt_job(conn, corrupt_id, now_ms); !ok) return fail(ok.error());
  }
}

// The job stored by an earlier create with nj's (user_id, idempotency_key).
Result<std::optional<Job>> load_replay(SqliteConnection& conn, const NewJob& nj) {
  if (nj.idempotency_key.empty()) return std::optional<Job>{};
  std::optional<std::pair<JobId, std::string>> existing;
  {
    // `<> ''` repeats the partial unique index's condition so the index is used.
    auto stmt = conn.prepare(
        "SELECT id, request_fingerprint FROM jobs "
        "WHERE user_id = ?1 AND idempotency_key = ?2 AND idempotency_key <> ''");
    if (!stmt) return fail(stmt.error());
    stmt->bind_text(1, nj.user_id).bind_text(2, nj.idempotency_key);
    auto found = stmt->step();
    if (!found) return fail(found.error());
    if (*found) existing.emplace(stmt->text(0), stmt->text(1));
  }  // the select is reset before the job is loaded
  if (!existing) return std::optional<Job>{};
  if (existing->second != nj.request_fingerprint) {
    return fail(Error::conflict("idempotency key already used for a different request"));
  }
  auto row = load_job_row(conn, existing->first);
  if (!row) return fail(row.error());
  return std::optional<Job>{std::move(row->job)};
}

}  // namespace

SqliteJobStore::SqliteJobStore(std::shared_ptr<SqliteDatabase> db) : db_(std::move(db)) {}

Result<std::unique_ptr<SqliteJobStore>> SqliteJobStore::open(const std::filesystem::path& db_file) {
  auto db = SqliteDatabase::open(db_file);
  if (!db) return fail(db.error());
  return std::make_unique<SqliteJobStore>(std::move(*db));
}

Result<CreateOutcome> SqliteJobStore::create(const NewJob& nj) {
  const std::int64_t now_ms = to_unix_ms(nj.now);
  return db_->write([&](SqliteConnection& conn) -> Result<CreateOutcome> {
    auto replay = load_replay(conn, nj);
    if (!replay) return fail(replay.error());
    if (*replay) return CreateOutcome{std::move(**replay), false};
    JobRow row;
    Job& job = row.job;
    job.id = nj.id;
    job.user_id = nj.user_id;
    job.spec = nj.spec;
    job.created_at = job.updated_at = from_unix_ms(now_ms);
    job.idempotency_key = nj.idempotency_key;
    row.run_after = now_ms;  // claims serve the longest-waiting job first
    {
      auto stmt = conn.prepare(
          "INSERT INTO jobs (id, user_id, state, progress, spec, created_at, updated_at, idempotency_key, "
          "request_fingerprint, run_after) VALUES (?1, ?2, ?3, 0, ?4, ?5, ?5, ?6, ?7, ?5)");
      if (!stmt) return fail(stmt.error());
      stmt->bind_text(1, job.id).bind_text(2, job.user_id).bind_text(3, to_string(job.state));
      stmt->bind_text(4, spec_to_json(job.spec)).bind_int64(5, now_ms).bind_text(6, job.idempotency_key);
      stmt->bind_text(7, nj.request_fingerprint);
      if (auto ok = stmt->run(); !ok) {
        if (ok.error().code == ErrorCode::conflict) return fail(Error::conflict("job " + job.id + " already exists"));
        return fail(ok.error());
      }
    }
    // The first stage is opened by hand: enter_state() models moves between states.
    auto stage = conn.prepare("INSERT INTO stage_timings (job_id, seq, name, started_at) VALUES (?1, 0, ?2, ?3)");
    if (!stage) return fail(stage.error());
    stage->bind_text(1, job.id).bind_text(2, to_string(job.state)).bind_int64(3, now_ms);
    if (auto ok = stage->run(); !ok) return fail(ok.error());
    job.stages.push_back({std::string(to_string(job.state)), job.created_at, std::nullopt});
    if (auto ok = append_event(conn, job, now_ms); !ok) return fail(ok.error());
    return CreateOutcome{std::move(job), true};
  });
}

Result<std::optional<Job>> SqliteJobStore::find_replay(const NewJob& nj) {
  if (nj.idempotency_key.empty()) return std::optional<Job>{};
  return db_->read([&](SqliteConnection& conn) { return load_replay(conn, nj); });
}

Result<Job> SqliteJobStore::get(const JobId& id) {
  return db_->read([&](SqliteConnection& conn) -> Result<Job> {
    auto row = load_job_row(conn, id);
    if (!row) return fail(row.error());
    return std::move(row->job);
  });
}

Result<std::vector<Job>> SqliteJobStore::list(const UserId& user, const std::optional<JobId>& before_id, int limit) {
  if (limit < 1 || limit > kMaxListLimit) return fail(Error::invalid("limit must be between 1 and 100", "limit"));
  return db_->read([&](SqliteConnection& conn) -> Result<std::vector<Job>> {
    // Two statements rather than `(?2 IS NULL OR id < ?2)`, which defeats the index range.
    static const std::string kFirst = select_jobs("WHERE user_id = ?1 ORDER BY id DESC LIMIT ?3");
    static const std::string kAfter = select_jobs("WHERE user_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3");
    Result<std::vector<Job>> jobs;
    {
      auto stmt = conn.prepare(before_id ? kAfter : kFirst);
      if (!stmt) return fail(stmt.error());
      stmt->bind_text(1, user).bind_int64(3, limit);
      if (before_id) stmt->bind_text(2, *before_id);
      jobs = collect_jobs(*stmt);
    }
    if (!jobs) return jobs;
    for (Job& job : *jobs) {
      if (auto ok = load_stages(conn, job); !ok) return fail(ok.error());
    }
    return jobs;
  });
}

Result<std::optional<Job>> SqliteJobStore::claim(const WorkerId& worker, TimePoint now,
                                                 std::chrono::milliseconds lease_for) {
  const std::int64_t now_ms = to_unix_ms(now);
  return db_->write([&](SqliteConnection& conn) -> Result<std::optional<Job>> {
    auto row = claim_next(conn, now_ms);
    if (!row) return fail(row.error());
    if (!*row) return std::optional<Job>{};
    Job& job = (*row)->job;
    auto stmt = conn.prepare(
        "UPDATE jobs SET lease_owner = ?2, lease_expires_at = ?3, attempts = attempts + 1 WHERE id = ?1");
    if (!stmt) return fail(stmt.error());
    stmt->bind_text(1, job.id).bind_text(2, worker).bind_int64(3, now_ms + lease_for.count());
    if (auto ok = stmt->run(); !ok) return fail(ok.error());
    ++job.attempts;
    if (auto ok = load_stages(conn, job); !ok) return fail(ok.error());
    return std::optional<Job>(std::move(job));
  });
}

Result<void> SqliteJobStore::renew(const JobId& id, const WorkerId& worker, TimePoint now,
                                   std::chrono::milliseconds lease_for) {
  const std::int64_t now_ms = to_unix_ms(now);
  return db_->write([&](SqliteConnection& conn) -> Result<void> {
    {
      auto stmt = conn.prepare(
          "UPDATE jobs SET lease_expires_at = ?4 WHERE id = ?1 AND lease_owner = ?2 AND lease_expires_at > ?3");
      if (!stmt) return fail(stmt.error());
      stmt->bind_text(1, id).bind_text(2, worker).bind_int64(3, now_ms).bind_int64(4, now_ms + lease_for.count());
      if (auto ok = stmt->run(); !ok) return ok;
      if (conn.changes() == 1) return {};
    }
    auto exists = conn.prepare("SELECT 1 FROM jobs WHERE id = ?1");
    if (!exists) return fail(exists.error());
    exists->bind_text(1, id);
    auto found = exists->step();
    if (!found) return fail(found.error());
    if (!*found) return fail(Error::not_found("job " + id + " not found"));
    return fail(Error::conflict("job " + id + ": lease lost (expired or taken by another worker)"));
  });
}

Result<int> SqliteJobStore::release_leases(std::string_view owner_prefix, TimePoint now) {
  const std::int64_t now_ms = to_unix_ms(now);
  return db_->write([&](SqliteConnection& conn) -> Result<int> {
    // substr() rather than LIKE: owner ids may contain LIKE's wildcards.
    auto stmt = conn.prepare(
        "UPDATE jobs SET lease_owner = NULL, lease_expires_at = NULL, run_after = MIN(run_after, ?2) "
        "WHERE lease_owner IS NOT NULL AND substr(lease_owner, 1, length(?1)) = ?1");
    if (!stmt) return fail(stmt.error());
    stmt->bind_text(1, owner_prefix).bind_int64(2, now_ms);
    if (auto ok = stmt->run(); !ok) return fail(ok.error());
    return static_cast<int>(conn.changes());
  });
}

Result<Job> SqliteJobStore::update(const JobId& id, const WorkerId& worker, TimePoint now, const JobUpdate& u) {
  if (u.progress && (*u.progress < 0 || *u.progress > 100)) {
    return fail(Error::invalid("progress must be between 0 and 100", "progress"));
  }
  const std::int64_t now_ms = to_unix_ms(now);
  return db_->write([&](SqliteConnection& conn) -> Result<Job> {
    auto row = load_job_row(conn, id);
    if (!row) return fail(row.error());
    Job& job = row->job;
    if (!row->leased_by(worker, now_ms)) {
      return fail(Error::conflict("job " + id + ": lease not held by this worker or expired"));
    }
    if (u.state && !can_transition(job.state, *u.state)) {
      return fail(Error::invalid("illegal transition " + std::string(to_string(job.state)) + " -> " +
                                     std::string(to_string(*u.state)),
                                 "state"));
    }
    bool event = false;
    if (u.progress && *u.progress != job.progress) {
      job.progress = *u.progress;
      event = true;
    }
    if (u.provider_task_id) job.provider_task_id = *u.provider_task_id;
    if (u.provider_tasks) job.provider_tasks = *u.provider_tasks;
    if (u.transient_failures) job.transient_failures = *u.transient_failures;
    if (u.add_note) job.notes.push_back(*u.add_note);
    if (u.qc_json) job.qc_json = *u.qc_json;
    if (u.model_version) job.model_version = *u.model_version;
    if (u.tokens_used) job.tokens_used = *u.tokens_used;
    if (u.cost_usd) job.cost_usd = *u.cost_usd;
    if (u.outputs) job.outputs = *u.outputs;
    if (u.moderation) job.moderation = *u.moderation;
    if (u.error) job.error = *u.error;
    job.updated_at = from_unix_ms(now_ms);
    if (u.release_lease) {
      row->release_lease();
      row->run_after = to_unix_ms(u.run_after);
    }
    if (u.state) {
      if (auto ok = enter_state(conn, *row, *u.state, now_ms); !ok) return fail(ok.error());
      event = true;
    }
    if (auto ok = write_job_row(conn, *row); !ok) return fail(ok.error());
    if (u.refund_attempt && job.attempts > 0) {
      auto refund = conn.prepare("UPDATE jobs SET attempts = attempts - 1 WHERE id = ?1");
      if (!refund) return fail(refund.error());
      refund->bind_text(1, id);
      if (auto ok = refund->run(); !ok) return fail(ok.error());
      --job.attempts;
    }
    if (event) {
      if (auto ok = append_event(conn, job, now_ms); !ok) return fail(ok.error());
    }
    return std::move(job);
  });
}

Result<Job> SqliteJobStore::resolve_review(const JobId& id, JobState decision, TimePoint now) {
  if (decision != JobState::published && decision != JobState::blocked) {
    return fail(Error::invalid("a review ends in published or blocked", "state"));
  }
  const std::int64_t now_ms = to_unix_ms(now);
  return db_->write([&](SqliteConnection& conn) -> Result<Job> {
    auto row = load_job_row(conn, id);
    if (!row) return fail(row.error());
    Job& job = row->job;
    if (job.state != JobState::in_review) {
      return fail(Error::conflict("job " + id + " is " + std::string(to_string(job.state)) + ", not in review"));
    }
    job.updated_at = from_unix_ms(now_ms);
    if (auto ok = enter_state(conn, *row, decision, now_ms); !ok) return fail(ok.error());
    if (auto ok = write_job_row(conn, *row); !ok) return fail(ok.error());
    if (auto ok = append_event(conn, job, now_ms); !ok) return fail(ok.error());
    return std::move(job);
  });
}

Result<Job> SqliteJobStore::request_cancel(const JobId& id, TimePoint now) {
  const std::int64_t now_ms = to_unix_ms(now);
  return db_->write([&](SqliteConnection& conn) -> Result<Job> {
    auto row = load_job_row(conn, id);
    if (!row) return fail(row.error());
    Job& job = row->job;
    if (is_terminal(job.state)) return std::move(job);
    const bool was_requested = job.cancel_requested;
    job.cancel_requested = true;
    job.updated_at = from_unix_ms(now_ms);
    if (job.state == JobState::queued && !row->lease_live(now_ms)) {
      // Nobody is working on it: cancelling here saves a claim and a round trip.
      job.error = JobError{"cancelled", "cancelled by the owner"};
      if (auto ok = enter_state(conn, *row, JobState::cancelled, now_ms); !ok) return fail(ok.error());
      if (auto ok = write_job_row(conn, *row); !ok) return fail(ok.error());
      if (auto ok = append_event(conn, job, now_ms); !ok) return fail(ok.error());
      return std::move(job);
    }
    if (was_requested) return std::move(job);
    if (!row->lease_live(now_ms)) row->run_after = std::min(row->run_after, now_ms);
    if (auto ok = write_job_row(conn, *row); !ok) return fail(ok.error());
    return std::move(job);
  });
}

Result<Job> SqliteJobStore::mark_deleted(const JobId& id, TimePoint now) {
  const std::int64_t now_ms = to_unix_ms(now);
  return db_->write([&](SqliteConnection& conn) -> Result<Job> {
    auto row = load_job_row(conn, id);
    if (!row) return fail(row.error());
    Job& job = row->job;
    if (!is_terminal(job.state)) {
      return fail(Error::conflict("job " + id + " is still " + std::string(to_string(job.state)) +
                                  "; only finished jobs can be deleted"));
    }
    if (job.deleted) return std::move(job);
    job.deleted = true;
    job.outputs = JobOutputs{};
    job.updated_at = from_unix_ms(now_ms);
    if (auto ok = write_job_row(conn, *row); !ok) return fail(ok.error());
    return std::move(job);
  });
}

Result<std::vector<JobEvent>> SqliteJobStore::events(const JobId& id, std::int64_t after_seq) {
  return db_->read([&](SqliteConnection& conn) -> Result<std::vector<JobEvent>> {
    auto stmt = conn.prepare(
        "SELECT seq, state, progress, at FROM job_events WHERE job_id = ?1 AND seq > ?2 ORDER BY seq");
    if (!stmt) return fail(stmt.error());
    stmt->bind_text(1, id).bind_int64(2, after_seq);
    std::vector<JobEvent> out;
    for (;;) {
      auto row = stmt->step();
      if (!row) return fail(row.error());
      if (!*row) return out;
      const auto state = job_state_from_string(stmt->text(1));
      if (!state) return fail(Error::storage("stored event of job " + id + " has an unknown state"));
      out.push_back({stmt->int64(0), id, *state, static_cast<int>(stmt->int64(2)), from_unix_ms(stmt->int64(3))});
    }
  });
}

Result<std::optional<TimePoint>> SqliteJobStore::next_run_at() {
  return db_->read([&](SqliteConnection& conn) -> Result<std::optional<TimePoint>> {
    // A leased job becomes claimable when its lease runs out, not at its run_after.
    static const std::string kSql = claimable_sql(
        "SELECT MIN(MAX(run_after, COALESCE(lease_expires_at, 0))) FROM jobs INDEXED BY jobs_claim WHERE ", "");
    auto stmt = conn.prepare(kSql);
    if (!stmt) return fail(stmt.error());
    auto row = stmt->step();
    if (!row) return fail(row.error());
    if (!*row || stmt->is_null(0)) return std::optional<TimePoint>{};
    return std::optional<TimePoint>(from_unix_ms(stmt->int64(0)));
  });
}

Result<JobStats> SqliteJobStore::stats(TimePoint now) {
  const std::int64_t now_ms = to_unix_ms(now);
  return db_->read([&](SqliteConnection& conn) -> Result<JobStats> {
    JobStats stats;
    for (JobState s : all_job_states()) stats.by_state[s] = 0;
    {
      auto stmt = conn.prepare("SELECT state, jobs FROM job_state_counts");
      if (!stmt) return fail(stmt.error());
      for (;;) {
        auto row = stmt->step();
        if (!row) return fail(row.error());
        if (!*row) break;
        const auto state = job_state_from_string(stmt->text(0));
        if (!state) return fail(Error::storage("stored jobs have an unknown state"));
        stats.by_state[*state] = stmt->int64(1);
      }
    }
    // Each terminal state is entered by exactly one event, so counting events counts jobs.
    auto stmt = conn.prepare(
        "SELECT COUNT(*), COALESCE(SUM(state = 'failed'), 0), COALESCE(SUM(state = 'published' AND at > ?2), 0) "
        "FROM job_events WHERE state IN ('published', 'blocked', 'failed') AND at > ?1 AND at <= ?3");
    if (!stmt) return fail(stmt.error());
    stmt->bind_int64(1, now_ms - 3'600'000).bind_int64(2, now_ms - 60'000).bind_int64(3, now_ms);
    auto row = stmt->step();
    if (!row) return fail(row.error());
    if (*row) {
      stats.finished_last_hour = stmt->int64(0);
      stats.failed_last_hour = stmt->int64(1);
      stats.published_last_minute = stmt->int64(2);
    }
    return stats;
  });
}

Result<std::vector<JobId>> SqliteJobStore::jobs_with_live_task(std::string_view provider) {
  return db_->read([&](SqliteConnection& conn) -> Result<std::vector<JobId>> {
    auto stmt = conn.prepare(
        "SELECT id FROM jobs WHERE state IN ('submitted', 'generating') AND json_extract(spec, '$.provider') = ?1");
    if (!stmt) return fail(stmt.error());
    stmt->bind_text(1, provider);
    std::vector<JobId> ids;
    for (;;) {
      auto row = stmt->step();
      if (!row) return fail(row.error());
      if (!*row) return ids;
      ids.push_back(stmt->text(0));
    }
  });
}

Result<bool> SqliteJobStore::wake_task(std::string_view task_id, TimePoint now) {
  const std::int64_t now_ms = to_unix_ms(now);
  return db_->write([&](SqliteConnection& conn) -> Result<bool> {
    // `<> ''` repeats the partial index's condition so the index is used.
    auto stmt = conn.prepare(
        "UPDATE jobs SET run_after = MIN(run_after, ?2) WHERE provider_task_id = ?1 AND provider_task_id <> '' "
        "AND state IN ('submitted', 'generating') AND (lease_owner IS NULL OR lease_expires_at <= ?2)");
    if (!stmt) return fail(stmt.error());
    stmt->bind_text(1, task_id).bind_int64(2, now_ms);
    if (auto ok = stmt->run(); !ok) return fail(ok.error());
    return conn.changes() > 0;
  });
}

}  // namespace syncreel
