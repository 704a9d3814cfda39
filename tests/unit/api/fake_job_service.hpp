// FakeJobService: an in-memory JobService with the real contract (ownership,
// idempotency with fingerprints, newest-first paging, cancel vs delete, subscriptions),
// plus hooks for tests to move a job along as a worker would.
// Thread-safe: one mutex guards the jobs; listeners are called under a second mutex so
// that a destroyed Subscription is never called again.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <utility>

#include "core/clock.hpp"
#include "orchestrator/job_service.hpp"

namespace syncreel::testing {

class FakeJobService final : public JobService {
 public:
  explicit FakeJobService(const Clock& clock) : clock_(clock) {}

  Result<CreateOutcome> create(const UserId& user, const JobSpec& spec, const std::string& idempotency_key,
                               const std::string& request_fingerprint) override;
  Result<Job> get(const UserId& user, const JobId& id, bool any_user = false) override;
  Result<std::vector<Job>> list(const UserId& user, const std::optional<JobId>& before_id, int limit) override;
  Result<Job> cancel_or_delete(const UserId& user, const JobId& id) override;
  std::unique_ptr<Subscription> subscribe(const JobId& id, JobListener listener) override;

  // Test hooks, as a worker would: a legal state change (or progress tick when `to` is
  // the current state), and finished media. Both notify subscribers.
  Result<Job> advance(const JobId& id, JobState to, int progress = 0);
  Result<Job> set_outputs(const JobId& id, JobOutputs outputs);

  int subscriber_count(const JobId& id);

  std::atomic<int> get_calls{0};

  // Makes list() throw, as a buggy dependency would: the API must answer 500 and live on.
  std::atomic<bool> throw_in_list{false};

 private:
  class Sub;
  void notify(const Job& job);
  void unsubscribe(const JobId& id, int token);

  const Clock& clock_;
  std::mutex mu_;
  std::map<JobId, Job> jobs_;                                       // guarded by mu_
  // (user, idempotency key) -> (fingerprint, job id); guarded by mu_
  std::map<std::pair<UserId, std::string>, std::pair<std::string, JobId>> by_key_;
  std::mutex listeners_mu_;
  std::map<JobId, std::map<int, JobListener>> listeners_;           // guarded by listeners_mu_
  int next_token_ = 0;                                              // guarded by listeners_mu_
};

}  // namespace syncreel::testing
