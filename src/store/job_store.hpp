// JobStore: the durable record of every job, and the only way a job changes.
//
// Each method is one transaction: a job is never seen half-updated, and every state
// change is written together with its timestamp, its stage timing and its event row.
// Workers hold jobs under *leases* (owner + expiry): only the lease holder may update a
// job, and a lease that expires (the worker died) lets another worker claim the job and
// resume it from its last stored state. Claims are atomic across threads, processes
// and — for server-based implementations — machines.
//
// Implementations are thread-safe: one instance is shared by the whole process.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/job.hpp"

namespace syncreel {

struct NewJob {
  JobId id;
  UserId user_id;
  JobSpec spec;  // already validated
  TimePoint now{};
  // Empty: no idempotency. Otherwise (user_id, idempotency_key) is unique; a second
  // create with the same pair returns the first job when `request_fingerprint` matches
  // and a conflict error when it differs.
  std::string idempotency_key;
  std::string request_fingerprint;
};

struct CreateOutcome {
  Job job;
  bool created = false;  // false: an idempotent replay returned an existing job
};

// A change applied by the lease holder. Unset fields are left as they are.
struct JobUpdate {
  std::optional<JobState> state;  // must be a legal transition from the stored state
  std::optional<int> progress;
  std::optional<std::string> provider_task_id;
  std::optional<std::vector<ProviderTask>> provider_tasks;  // replaces the list
  std::optional<int> transient_failures;
  std::optional<std::string> add_note;  // appended to the job's notes
  std::optional<std::string> qc_json;
  std::optional<std::string> model_version;
  std::optional<std::int64_t> tokens_used;
  std::optional<double> cost_usd;
  std::optional<JobOutputs> outputs;
  std::optional<ModerationResult> moderation;
  std::optional<JobError> error;
  // After the write, release the lease so the job can be claimed again no earlier than
  // `run_after` (how remote polls are scheduled). Releasing is implied for terminal
  // states and for in_review.
  bool release_lease = false;
  TimePoint run_after{};
  // This claim did no work on the job (it only found that it must wait, e.g. for a
  // provider slot): give back the attempt the claim counted, so waiting never eats into
  // the retry and crash budgets that `attempts` bounds.
  bool refund_attempt = false;
};

// One row of a job's history: a transition or a progress tick.
struct JobEvent {
  std::int64_t seq = 0;  // increasing per store; SSE `id:`
  JobId job_id;
  JobState state = JobState::queued;
  int progress = 0;
  TimePoint at{};
};

// Totals for metrics.
struct JobStats {
  std::map<JobState, std::int64_t> by_state;  // every state present, zero included
  std::int64_t published_last_minute = 0;
  std::int64_t finished_last_hour = 0;  // published + blocked + failed in the last hour
  std::int64_t failed_last_hour = 0;
};

class JobStore {
 public:
  virtual ~JobStore() = default;

  // Stores a new queued job, or returns the first job for a repeated idempotency key.
  // Errors: conflict (same key, different fingerprint, or duplicate id), storage.
  virtual Result<CreateOutcome> create(const NewJob& job) = 0;

  // The job an earlier create with the same (user_id, idempotency_key) stored, as
  // create() would return it for this replay; nullopt when there is none (or no key).
  // Lets a replay be answered before checks that only new jobs must pass.
  // Errors: conflict (same key, different fingerprint), storage.
  virtual Result<std::optional<Job>> find_replay(const NewJob& job) = 0;

  // Errors: not_found, storage.
  virtual Result<Job> get(const JobId& id) = 0;

  // The user's jobs, newest first, with ids strictly lower than `before_id` when given
  // (the cursor is the last id of the previous page). At most `limit` (1-100).
  virtual Result<std::vector<Job>> list(const UserId& user, const std::optional<JobId>& before_id,
                                        int limit) = 0;

  // Atomically takes the runnable job that has waited longest, if any: a claimable
  // state, run_after <= now, and no lease or an expired one. The lease becomes
  // (worker, now + lease_for) and `attempts` grows by one. nullopt: nothing to do.
  virtual Result<std::optional<Job>> claim(const WorkerId& worker, TimePoint now,
                                           std::chrono::milliseconds lease_for) = 0;

  // Extends a lease the worker still holds. Errors: conflict (lease lost), not_found.
  virtual Result<void> renew(const JobId& id, const WorkerId& worker, TimePoint now,
                             std::chrono::milliseconds lease_for) = 0;

  // Releases every lease whose owner starts with `owner_prefix` and makes those jobs
  // runnable now: how a restarted instance takes back what its previous run held when
  // it was killed, instead of waiting for the leases to expire. Returns how many.
  // Errors: storage.
  virtual Result<int> release_leases(std::string_view owner_prefix, TimePoint now) = 0;

  // Applies `update` if `worker` holds a live lease on the job. A state change closes the
  // current stage timing, opens the next one, sets updated_at (and published_at on
  // `published`) and appends a JobEvent; a progress change appends a JobEvent too.
  // Errors: conflict (lease not held or expired), invalid_argument (illegal transition),
  // not_found, storage.
  virtual Result<Job> update(const JobId& id, const WorkerId& worker, TimePoint now,
                             const JobUpdate& update) = 0;

  // A moderator's decision on a job waiting in `in_review`: `decision` is `published` or
  // `blocked`. Recorded like a state change by update() (stage timing, published_at,
  // event). No lease is involved: in_review jobs have none and cannot be claimed, so
  // update() can never move them. A job no longer in review is a conflict, so two
  // moderators cannot both decide.
  // Errors: invalid_argument (another decision), conflict (not in review), not_found, storage.
  virtual Result<Job> resolve_review(const JobId& id, JobState decision, TimePoint now) = 0;

  // The owner asks for cancellation. An unleased queued job is cancelled right here;
  // otherwise the flag is set and the lease holder acts on it at its next step.
  // Terminal jobs are returned unchanged. Errors: not_found, storage.
  virtual Result<Job> request_cancel(const JobId& id, TimePoint now) = 0;

  // Marks a terminal job's outputs as erased (the caller deletes the blobs first) and
  // clears `outputs`. Errors: conflict (not terminal), not_found, storage.
  virtual Result<Job> mark_deleted(const JobId& id, TimePoint now) = 0;

  // Events of one job with seq > after_seq, oldest first.
  virtual Result<std::vector<JobEvent>> events(const JobId& id, std::int64_t after_seq) = 0;

  // Earliest run_after among runnable-but-waiting jobs, to let idle workers sleep
  // exactly as long as needed; nullopt when no claimable job exists.
  virtual Result<std::optional<TimePoint>> next_run_at() = 0;

  virtual Result<JobStats> stats(TimePoint now) = 0;

  // Jobs of `provider` whose remote task is live (submitted or generating): what a
  // restarted instance counts against that provider's concurrency cap. Errors: storage.
  virtual Result<std::vector<JobId>> jobs_with_live_task(std::string_view provider) = 0;

  // Makes the job waiting on remote task `task_id` runnable now (run_after = now) when it
  // is submitted or generating and nobody holds it. False when no such job waits (unknown
  // task, finished job, or a worker is on it already). Errors: storage.
  virtual Result<bool> wake_task(std::string_view task_id, TimePoint now) = 0;
};

}  // namespace syncreel
