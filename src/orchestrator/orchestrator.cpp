#include "orchestrator/orchestrator.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace syncreel {

Orchestrator::Orchestrator(OrchestratorConfig config, JobStore& store, BlobStore& blobs, const ProviderSet& providers,
                           obs::JsonLog& log, obs::MetricsRegistry& metrics, const Clock& clock,
                           ClipProcessor* processor)
    : config_(std::move(config)),
      store_(store),
      blobs_(blobs),
      providers_(providers),
      processor_(processor),
      metrics_(metrics),
      clock_(clock),
      observer_(log, metrics, hub_),
      render_slots_(config_.render_slots > 0 ? config_.render_slots
                                             : std::max(1, static_cast<int>(std::thread::hardware_concurrency()))),
      run_id_(fmt::format("{}/{}", config_.instance_id, new_job_id(clock_.now()))) {
  for (const auto& [name, limit] : config_.provider_concurrency) {
    if (const Provider* p = providers_.find(name); p != nullptr && !p->renders_in_process()) {
      gates_.add(name, ConcurrencyGateConfig{.limit = limit}, clock_);
    }
  }
  metrics_.add_collector([this] { refresh_gauges(); });
}

Orchestrator::~Orchestrator() { stop(); }

Result<void> Orchestrator::start() {
  auto released = store_.release_leases(config_.instance_id + "/", clock_.now());
  if (!released) return fail(released.error());
  // Tasks created before a restart still run at the provider and count against its cap.
  for (const auto& [name, gate] : gates_.all()) {
    auto live = store_.jobs_with_live_task(name);
    if (!live) return fail(live.error());
    for (const JobId& id : *live) (void)gate->try_acquire(id);
  }
  std::lock_guard lock(mu_);
  stopping_ = false;
  for (int i = 0; i < std::max(1, config_.workers); ++i) {
    workers_.emplace_back([this, i] { worker_loop(i); });
  }
  return {};
}

void Orchestrator::stop() {
  {
    std::lock_guard lock(mu_);
    if (workers_.empty()) return;
    stopping_ = true;
    for (auto& [id, control] : running_) control->stop = true;
  }
  wake_.notify_all();
  for (auto& t : workers_) t.join();
  workers_.clear();
}

void Orchestrator::worker_loop(int index) {
  const WorkerId worker = fmt::format("{}/w{}", config_.instance_id, index);
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    auto claimed = store_.claim(worker, clock_.now(), config_.lease);
    if (!claimed || !*claimed) {
      // Nothing runnable (or the store hiccuped: it is retried after the same pause).
      wait_for_work();
      continue;
    }
    Job job = std::move(**claimed);
    auto control = std::make_shared<RunControl>();
    {
      std::lock_guard lock(mu_);
      if (stopping_) control->stop = true;
      running_[job.id] = control;
    }
    JobRunner(RunnerDeps{store_, render_slots_, blobs_, providers_, observer_, clock_, config_, gates_, run_id_, processor_}, worker,
              std::move(job), *control)
        .run();
    std::lock_guard lock(mu_);
    std::erase_if(running_, [&](const auto& entry) { return entry.second == control; });
  }
}

void Orchestrator::wait_for_work() {
  auto wait = config_.idle_wait;
  if (auto next = store_.next_run_at(); next && *next) {
    const auto until_next = std::chrono::duration_cast<std::chrono::milliseconds>(**next - clock_.now());
    wait = std::clamp(until_next, std::chrono::milliseconds{0}, config_.idle_wait);
  }
  std::unique_lock lock(mu_);
  const std::uint64_t seen = work_signals_;
  wake_.wait_for(lock, wait, [&] { return stopping_ || work_signals_ != seen; });
}

Result<CreateOutcome> Orchestrator::create(const UserId& user, const JobSpec& spec, const std::string& idempotency_key,
                                           const std::string& request_fingerprint) {
  const Provider* provider = providers_.find(spec.provider);
  if (provider == nullptr) {
    return fail(Error::invalid("no provider named '" + spec.provider + "' is configured on this service", "provider"));
  }
  NewJob job;
  job.now = clock_.now();
  job.id = new_job_id(job.now);
  job.user_id = user;
  job.spec = spec;
  job.idempotency_key = idempotency_key;
  job.request_fingerprint = request_fingerprint;
  // A replay asks for a job that already exists: it is answered even while the provider
  // admits no new work, which only concerns jobs not yet stored.
  auto replay = store_.find_replay(job);
  if (!replay) return fail(replay.error());
  if (*replay) return CreateOutcome{std::move(**replay), false};
  if (auto admitted = provider->admits_new_jobs(); !admitted) {
    Error refused = admitted.error();
    refused.detail = "provider_unavailable";
    return fail(std::move(refused));
  }
  auto created = store_.create(job);
  if (!created) return created;
  if (created->created) {
    observer_.on_created(created->job);
    {
      std::lock_guard lock(mu_);
      ++work_signals_;
    }
    wake_.notify_one();
  }
  return created;
}

void Orchestrator::poke_task(std::string_view task_id) {
  auto woken = store_.wake_task(task_id, clock_.now());
  if (!woken || !*woken) return;  // a store hiccup only delays the poll to its schedule
  {
    std::lock_guard lock(mu_);
    ++work_signals_;
  }
  wake_.notify_one();
}

Result<Job> Orchestrator::get(const UserId& user, const JobId& id, bool any_user) {
  auto job = store_.get(id);
  // Someone else's job is reported exactly like a missing one: ids are not secrets,
  // but their existence should not leak.
  if (job && !any_user && job->user_id != user) return fail(Error::not_found("no job with id " + id));
  return job;
}

Result<std::vector<Job>> Orchestrator::list(const UserId& user, const std::optional<JobId>& before_id, int limit) {
  return store_.list(user, before_id, limit);
}

Result<Job> Orchestrator::cancel_or_delete(const UserId& user, const JobId& id) {
  auto job = get(user, id, false);
  if (!job) return job;
  if (is_terminal(job->state)) {
    if (job->deleted) return job;
    if (auto removed = blobs_.remove_prefix("jobs/" + id); !removed) return fail(removed.error());
    auto deleted = store_.mark_deleted(id, clock_.now());
    if (deleted) observer_.on_change(job->state, *deleted);
    return deleted;
  }
  auto cancelled = store_.request_cancel(id, clock_.now());
  if (!cancelled) return cancelled;
  if (cancelled->state == JobState::cancelled) {
    observer_.on_change(job->state, *cancelled);
    return cancelled;
  }
  {
    std::lock_guard lock(mu_);
    if (auto it = running_.find(id); it != running_.end()) {
      it->second->cancel = true;
      it->second->stop = true;
    }
    ++work_signals_;  // a job waiting for its next poll is runnable now
  }
  wake_.notify_one();
  return cancelled;
}

std::unique_ptr<Subscription> Orchestrator::subscribe(const JobId& id, JobListener listener) {
  return hub_.subscribe(id, std::move(listener));
}

void Orchestrator::refresh_gauges() {
  auto stats = store_.stats(clock_.now());
  if (!stats) return;  // keep the last values; the store error is visible in /readyz
  for (const auto& [state, count] : stats->by_state) {
    metrics_.gauge("jobs", "Jobs by state", {{"state", std::string(to_string(state))}})
        .set(static_cast<double>(count));
  }
  metrics_.gauge("publish_rate_per_min", "Jobs published in the last minute")
      .set(static_cast<double>(stats->published_last_minute));
  const double finished = static_cast<double>(stats->finished_last_hour);
  metrics_.gauge("job_error_rate_pct", "Failed jobs among jobs finished in the last hour, in percent")
      .set(finished > 0 ? 100.0 * static_cast<double>(stats->failed_last_hour) / finished : 0.0);
  metrics_.gauge("moderation_queue_count", "Jobs waiting for a human moderator")
      .set(static_cast<double>(stats->by_state[JobState::in_review]));
}

}  // namespace syncreel
