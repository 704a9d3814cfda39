#include "store/sqlite/job_rows.hpp"

#include "store/sqlite/job_codec.hpp"

namespace syncreel {
namespace {

// Column order shared by select_jobs() and decode_job_row().
constexpr std::string_view kJobColumns =
    "SELECT id, user_id, state, progress, spec, created_at, updated_at, published_at, provider_task_id, "
    "model_version, tokens_used, cost_usd, outputs, moderation, error, cancel_requested, deleted, attempts, "
    "idempotency_key, lease_owner, lease_expires_at, run_after, provider_tasks, notes, transient_failures, qc FROM jobs ";

// Decodes an optional JSON column into `out`; NULL leaves it unset.
template <class T, class Parse>
Result<void> decode_json(const Statement& stmt, int col, std::optional<T>& out, Parse parse) {
  if (stmt.is_null(col)) return {};
  auto value = parse(stmt.text(col));
  if (!value) return fail(value.error());
  out = std::move(*value);
  return {};
}

Error unreadable(const JobId& id, const Error& why) {
  return Error::storage("stored job " + id + " is unreadable: " + why.message);
}

}  // namespace

std::string select_jobs(std::string_view rest) {
  std::string sql(kJobColumns);
  sql += rest;
  return sql;
}

Result<JobRow> decode_job_row(const Statement& stmt) {
  JobRow row;
  Job& job = row.job;
  int c = 0;
  job.id = stmt.text(c++);
  job.user_id = stmt.text(c++);
  const auto state = job_state_from_string(stmt.text(c++));
  if (!state) return fail(Error::storage("stored job " + job.id + " is unreadable: unknown state"));
  job.state = *state;
  job.progress = static_cast<int>(stmt.int64(c++));
  auto spec = spec_from_json(stmt.text(c++));
  if (!spec) return fail(unreadable(job.id, spec.error()));
  job.spec = std::move(*spec);
  job.created_at = from_unix_ms(stmt.int64(c++));
  job.updated_at = from_unix_ms(stmt.int64(c++));
  if (!stmt.is_null(c)) job.published_at = from_unix_ms(stmt.int64(c));
  ++c;
  job.provider_task_id = stmt.text(c++);
  job.model_version = stmt.text(c++);
  job.tokens_used = stmt.int64(c++);
  job.cost_usd = stmt.real(c++);
  std::optional<JobOutputs> outputs;
  if (auto ok = decode_json(stmt, c++, outputs, outputs_from_json); !ok) {
    return fail(unreadable(job.id, ok.error()));
  }
  job.outputs = outputs.value_or(JobOutputs{});
  if (auto ok = decode_json(stmt, c++, job.moderation, moderation_from_json); !ok) {
    return fail(unreadable(job.id, ok.error()));
  }
  if (auto ok = decode_json(stmt, c++, job.error, job_error_from_json); !ok) {
    return fail(unreadable(job.id, ok.error()));
  }
  job.cancel_requested = stmt.int64(c++) != 0;
  job.deleted = stmt.int64(c++) != 0;
  job.attempts = static_cast<int>(stmt.int64(c++));
  job.idempotency_key = stmt.text(c++);
  if (!stmt.is_null(c)) row.lease_owner = stmt.text(c);
  ++c;
  row.lease_expires_at = stmt.int64(c++);
  row.run_after = stmt.int64(c++);
  std::optional<std::vector<ProviderTask>> tasks;
  if (auto ok = decode_json(stmt, c++, tasks, provider_tasks_from_json); !ok) {
    return fail(unreadable(job.id, ok.error()));
  }
  job.provider_tasks = std::move(tasks).value_or(std::vector<ProviderTask>{});
  std::optional<std::vector<std::string>> notes;
  if (auto ok = decode_json(stmt, c++, notes, notes_from_json); !ok) return fail(unreadable(job.id, ok.error()));
  job.notes = std::move(notes).value_or(std::vector<std::string>{});
  job.transient_failures = static_cast<int>(stmt.int64(c++));
  job.qc_json = stmt.text(c++);
  // Served verbatim in the job document: it must be a JSON object.
  if (auto ok = check_json_object(job.qc_json); !job.qc_json.empty() && !ok) {
    return fail(unreadable(job.id, ok.error()));
  }
  return row;
}

Result<JobRow> load_job_row(SqliteConnection& conn, const JobId& id) {
  static const std::string kSql = select_jobs("WHERE id = ?1");
  Result<JobRow> row = fail(Error::not_found("job " + id + " not found"));
  {
    auto stmt = conn.prepare(kSql);
    if (!stmt) return fail(stmt.error());
    stmt->bind_text(1, id);
    auto found = stmt->step();
    if (!found) return fail(found.error());
    if (!*found) return row;
    row = decode_job_row(*stmt);
  }  // the select is reset before the stage query runs
  if (!row) return row;
  if (auto ok = load_stages(conn, row->job); !ok) return fail(ok.error());
  return row;
}

Result<void> load_stages(SqliteConnection& conn, Job& job) {
  auto stmt = conn.prepare("SELECT name, started_at, ended_at FROM stage_timings WHERE job_id = ?1 ORDER BY seq");
  if (!stmt) return fail(stmt.error());
  stmt->bind_text(1, job.id);
  job.stages.clear();
  for (;;) {
    auto row = stmt->step();
    if (!row) return fail(row.error());
    if (!*row) return {};
    StageTiming& stage = job.stages.emplace_back();
    stage.name = stmt->text(0);
    stage.started_at = from_unix_ms(stmt->int64(1));
    if (!stmt->is_null(2)) stage.ended_at = from_unix_ms(stmt->int64(2));
  }
}

Result<void> write_job_row(SqliteConnection& conn, const JobRow& row) {
  auto stmt = conn.prepare(
      "UPDATE jobs SET state = ?2, progress = ?3, updated_at = ?4, published_at = ?5, provider_task_id = ?6, "
      "model_version = ?7, tokens_used = ?8, cost_usd = ?9, outputs = ?10, moderation = ?11, error = ?12, "
      "cancel_requested = ?13, deleted = ?14, lease_owner = ?15, lease_expires_at = ?16, run_after = ?17, "
      "provider_tasks = ?18, notes = ?19, transient_failures = ?20, qc = ?21 WHERE id = ?1");
  if (!stmt) return fail(stmt.error());
  const Job& job = row.job;
  stmt->bind_text(1, job.id).bind_text(2, to_string(job.state)).bind_int64(3, job.progress);
  stmt->bind_int64(4, to_unix_ms(job.updated_at));
  if (job.published_at) stmt->bind_int64(5, to_unix_ms(*job.published_at));
  stmt->bind_text(6, job.provider_task_id).bind_text(7, job.model_version).bind_int64(8, job.tokens_used);
  stmt->bind_double(9, job.cost_usd);
  if (!job.outputs.empty()) stmt->bind_text(10, outputs_to_json(job.outputs));
  if (job.moderation) stmt->bind_text(11, moderation_to_json(*job.moderation));
  if (job.error) stmt->bind_text(12, job_error_to_json(*job.error));
  stmt->bind_int64(13, job.cancel_requested ? 1 : 0).bind_int64(14, job.deleted ? 1 : 0);
  if (row.lease_owner) stmt->bind_text(15, *row.lease_owner).bind_int64(16, row.lease_expires_at);
  stmt->bind_int64(17, row.run_after);
  if (!job.provider_tasks.empty()) stmt->bind_text(18, provider_tasks_to_json(job.provider_tasks));
  if (!job.notes.empty()) stmt->bind_text(19, notes_to_json(job.notes));
  stmt->bind_int64(20, job.transient_failures);
  if (!job.qc_json.empty()) stmt->bind_text(21, job.qc_json);
  // Unbound parameters are NULL: that is how absent optionals are stored.
  return stmt->run();
}

Result<void> enter_state(SqliteConnection& conn, JobRow& row, JobState to, std::int64_t now_ms) {
  Job& job = row.job;
  const TimePoint at = from_unix_ms(now_ms);
  if (!job.stages.empty() && !job.stages.back().ended_at) {
    auto close = conn.prepare("UPDATE stage_timings SET ended_at = ?3 WHERE job_id = ?1 AND seq = ?2");
    if (!close) return fail(close.error());
    close->bind_text(1, job.id).bind_int64(2, static_cast<std::int64_t>(job.stages.size() - 1)).bind_int64(3, now_ms);
    if (auto ok = close->run(); !ok) return ok;
    job.stages.back().ended_at = at;
  }
  StageTiming next{std::string(to_string(to)), at, std::nullopt};
  if (is_terminal(to)) next.ended_at = at;
  auto open = conn.prepare(
      "INSERT INTO stage_timings (job_id, seq, name, started_at, ended_at) VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!open) return fail(open.error());
  open->bind_text(1, job.id).bind_int64(2, static_cast<std::int64_t>(job.stages.size()));
  open->bind_text(3, next.name).bind_int64(4, now_ms);
  if (next.ended_at) open->bind_int64(5, now_ms);
  if (auto ok = open->run(); !ok) return ok;
  job.stages.push_back(std::move(next));

  job.state = to;
  if (to == JobState::published) job.published_at = at;
  if (is_terminal(to) || to == JobState::in_review) row.release_lease();
  return {};
}

Result<void> append_event(SqliteConnection& conn, const Job& job, std::int64_t now_ms) {
  auto stmt = conn.prepare("INSERT INTO job_events (job_id, state, progress, at) VALUES (?1, ?2, ?3, ?4)");
  if (!stmt) return fail(stmt.error());
  stmt->bind_text(1, job.id).bind_text(2, to_string(job.state)).bind_int64(3, job.progress).bind_int64(4, now_ms);
  return stmt->run();
}

Result<void> fail_corrupt_job(SqliteConnection& conn, const JobId& id, std::int64_t now_ms) {
  static const std::string kError =
      job_error_to_json({"corrupt_record", "the stored job could not be read; it cannot be resumed"});
  constexpr std::string_view kSteps[] = {
      "UPDATE stage_timings SET ended_at = ?2 WHERE job_id = ?1 AND ended_at IS NULL",
      "INSERT INTO stage_timings (job_id, seq, name, started_at, ended_at) "
      "SELECT ?1, COALESCE(MAX(seq) + 1, 0), 'failed', ?2, ?2 FROM stage_timings WHERE job_id = ?1",
      "UPDATE jobs SET state = 'failed', error = ?3, lease_owner = NULL, lease_expires_at = NULL, updated_at = ?2 "
      "WHERE id = ?1",
      "INSERT INTO job_events (job_id, state, progress, at) SELECT id, 'failed', progress, ?2 FROM jobs WHERE id = ?1",
  };
  for (std::string_view sql : kSteps) {
    auto stmt = conn.prepare(sql);
    if (!stmt) return fail(stmt.error());
    stmt->bind_text(1, id).bind_int64(2, now_ms);
    // Only one step names ?3; SQLite rejects binding a parameter a statement lacks.
    if (sql.find("?3") != std::string_view::npos) stmt->bind_text(3, kError);
    if (auto ok = stmt->run(); !ok) return ok;
  }
  return {};
}

}  // namespace syncreel
