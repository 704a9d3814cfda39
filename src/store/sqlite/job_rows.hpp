// One job's rows (jobs, stage_timings, job_events) read and written on a connection,
// inside a transaction the caller holds. Private to SqliteJobStore; not thread-safe
// (the caller holds the connection's mutex).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/job.hpp"
#include "store/sqlite/sqlite_handle.hpp"

namespace syncreel {

// A job with the columns the domain type does not carry.
struct JobRow {
  Job job;
  std::optional<WorkerId> lease_owner;  // nullopt: no lease
  std::int64_t lease_expires_at = 0;    // unix ms; meaningful with an owner
  std::int64_t run_after = 0;           // unix ms

  bool lease_live(std::int64_t now_ms) const { return lease_owner.has_value() && lease_expires_at > now_ms; }
  bool leased_by(const WorkerId& worker, std::int64_t now_ms) const {
    return lease_live(now_ms) && *lease_owner == worker;
  }
  void release_lease() {
    lease_owner.reset();
    lease_expires_at = 0;
  }
};

// "SELECT <every jobs column> FROM jobs " followed by `rest`: the only shape of query
// that decode_job_row() reads.
std::string select_jobs(std::string_view rest);

// Decodes the current row of a select_jobs() statement; stages are left empty. Only
// fails on a malformed row (Error::storage naming the job and the field).
Result<JobRow> decode_job_row(const Statement& stmt);

// The job with its stages. Errors: not_found, storage.
Result<JobRow> load_job_row(SqliteConnection& conn, const JobId& id);
Result<void> load_stages(SqliteConnection& conn, Job& job);

// Writes every mutable column of the jobs row (not spec, attempts or identity).
Result<void> write_job_row(SqliteConnection& conn, const JobRow& row);

// Moves the job to `to` in memory and in stage_timings: closes the open stage, opens
// one named after `to` (zero-length when terminal), sets published_at on published,
// and drops the lease for terminal states and in_review. The caller checked
// can_transition and still writes the jobs row and the event.
Result<void> enter_state(SqliteConnection& conn, JobRow& row, JobState to, std::int64_t now_ms);

Result<void> append_event(SqliteConnection& conn, const Job& job, std::int64_t now_ms);

// Fails a job whose row cannot be decoded, touching only columns that need no
// decoding, so it leaves the claimable set with a visible reason.
Result<void> fail_corrupt_job(SqliteConnection& conn, const JobId& id, std::int64_t now_ms);

}  // namespace syncreel
