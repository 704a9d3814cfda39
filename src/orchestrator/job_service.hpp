// JobService: what the outside world (HTTP API, CLI) may do with jobs. It validates
// nothing about transport; it enforces ownership and the job lifecycle.
// Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/job.hpp"
#include "store/job_store.hpp"

namespace syncreel {

// Called for each transition or progress tick of a job, on the thread that made it.
// Must be quick and must not throw.
using JobListener = std::function<void(const Job&)>;

// Keeps a listener registered while alive.
class Subscription {
 public:
  virtual ~Subscription() = default;
};

class JobService {
 public:
  virtual ~JobService() = default;

  // Stores a queued job (the spec must be validated) and wakes a worker.
  // Errors: conflict (idempotency key reused with another body), unavailable, storage.
  virtual Result<CreateOutcome> create(const UserId& user, const JobSpec& spec,
                                       const std::string& idempotency_key,
                                       const std::string& request_fingerprint) = 0;

  // The job if `user` owns it (or `any_user` is set, for moderators/admins).
  // Errors: not_found (missing or someone else's).
  virtual Result<Job> get(const UserId& user, const JobId& id, bool any_user = false) = 0;

  virtual Result<std::vector<Job>> list(const UserId& user, const std::optional<JobId>& before_id,
                                        int limit) = 0;

  // Cancels a running job, or erases the outputs of a finished one.
  // Errors: not_found.
  virtual Result<Job> cancel_or_delete(const UserId& user, const JobId& id) = 0;

  // Calls `listener` for every later change of job `id`. Keep the Subscription alive
  // as long as you want events.
  virtual std::unique_ptr<Subscription> subscribe(const JobId& id, JobListener listener) = 0;
};

}  // namespace syncreel
