#include "fake_job_service.hpp"

#include <algorithm>
#include <stdexcept>

namespace syncreel::testing {

class FakeJobService::Sub final : public Subscription {
 public:
  Sub(FakeJobService& svc, JobId id, int token) : svc_(svc), id_(std::move(id)), token_(token) {}
  ~Sub() override { svc_.unsubscribe(id_, token_); }

 private:
  FakeJobService& svc_;
  JobId id_;
  int token_;
};

Result<CreateOutcome> FakeJobService::create(const UserId& user, const JobSpec& spec,
                                             const std::string& idempotency_key,
                                             const std::string& request_fingerprint) {
  std::lock_guard lock(mu_);
  if (!idempotency_key.empty()) {
    const auto k = std::make_pair(user, idempotency_key);
    if (auto it = by_key_.find(k); it != by_key_.end()) {
      const auto& [fingerprint, id] = it->second;
      if (fingerprint != request_fingerprint) return fail(Error::conflict("idempotency key reused with another body"));
      return CreateOutcome{jobs_.at(id), false};
    }
  }
  Job job;
  job.id = new_job_id(clock_.now());
  job.user_id = user;
  job.spec = spec;
  job.created_at = job.updated_at = clock_.now();
  job.stages.push_back({"queued", job.created_at, std::nullopt});
  job.idempotency_key = idempotency_key;
  if (!idempotency_key.empty()) by_key_[{user, idempotency_key}] = {request_fingerprint, job.id};
  jobs_[job.id] = job;
  return CreateOutcome{job, true};
}

Result<Job> FakeJobService::get(const UserId& user, const JobId& id, bool any_user) {
  ++get_calls;
  std::lock_guard lock(mu_);
  const auto it = jobs_.find(id);
  if (it == jobs_.end() || (!any_user && it->second.user_id != user)) return fail(Error::not_found("no such job"));
  return it->second;
}

Result<std::vector<Job>> FakeJobService::list(const UserId& user, const std::optional<JobId>& before_id, int limit) {
  if (throw_in_list) throw std::runtime_error("list exploded");
  std::lock_guard lock(mu_);
  std::vector<Job> out;
  for (auto it = jobs_.rbegin(); it != jobs_.rend() && static_cast<int>(out.size()) < limit; ++it) {
    if (it->second.user_id != user || (before_id && it->first >= *before_id)) continue;
    out.push_back(it->second);
  }
  return out;
}

Result<Job> FakeJobService::cancel_or_delete(const UserId& user, const JobId& id) {
  Job snapshot;
  {
    std::lock_guard lock(mu_);
    const auto it = jobs_.find(id);
    if (it == jobs_.end() || it->second.user_id != user) return fail(Error::not_found("no such job"));
    Job& job = it->second;
    if (is_terminal(job.state)) {
      job.deleted = true;
      job.outputs = {};
      return job;
    }
    job.state = JobState::cancelled;
    job.cancel_requested = true;
    job.updated_at = clock_.now();
    job.error = JobError{"cancelled", "cancelled by its owner"};
    snapshot = job;
  }
  notify(snapshot);
  return snapshot;
}

std::unique_ptr<Subscription> FakeJobService::subscribe(const JobId& id, JobListener listener) {
  std::lock_guard lock(listeners_mu_);
  const int token = next_token_++;
  listeners_[id][token] = std::move(listener);
  return std::make_unique<Sub>(*this, id, token);
}

void FakeJobService::unsubscribe(const JobId& id, int token) {
  std::lock_guard lock(listeners_mu_);
  auto it = listeners_.find(id);
  if (it == listeners_.end()) return;
  it->second.erase(token);
  if (it->second.empty()) listeners_.erase(it);
}

int FakeJobService::subscriber_count(const JobId& id) {
  std::lock_guard lock(listeners_mu_);
  const auto it = listeners_.find(id);
  return it == listeners_.end() ? 0 : static_cast<int>(it->second.size());
}

void FakeJobService::notify(const Job& job) {
  std::lock_guard lock(listeners_mu_);
  if (auto it = listeners_.find(job.id); it != listeners_.end()) {
    for (auto& [token, listener] : it->second) listener(job);
  }
}

Result<Job> FakeJobService::advance(const JobId& id, JobState to, int progress) {
  Job snapshot;
  {
    std::lock_guard lock(mu_);
    const auto it = jobs_.find(id);
    if (it == jobs_.end()) return fail(Error::not_found("no such job"));
    Job& job = it->second;
    if (to != job.state) {
      if (!can_transition(job.state, to)) return fail(Error::invalid("illegal transition", "state"));
      const TimePoint now = clock_.now();
      if (!job.stages.empty()) job.stages.back().ended_at = now;
      job.stages.push_back({std::string(to_string(to)), now, std::nullopt});
      job.state = to;
      job.updated_at = now;
      if (to == JobState::published) job.published_at = now;
    }
    job.progress = progress;
    snapshot = job;
  }
  notify(snapshot);
  return snapshot;
}

Result<Job> FakeJobService::set_outputs(const JobId& id, JobOutputs outputs) {
  std::lock_guard lock(mu_);
  const auto it = jobs_.find(id);
  if (it == jobs_.end()) return fail(Error::not_found("no such job"));
  it->second.outputs = std::move(outputs);
  return it->second;
}

}  // namespace syncreel::testing
