#include "orchestrator/job_runner.hpp"

#include <filesystem>
#include <random>
#include <system_error>

namespace syncreel {
namespace {

namespace fs = std::filesystem;

bool is_transient(const Error& e) {
  return e.code == ErrorCode::rate_limited || e.code == ErrorCode::unavailable || e.code == ErrorCode::timeout;
}

// The job error code shown to the user for a permanent provider-side failure.
std::string job_error_code(const Error& e) {
  switch (e.code) {
    case ErrorCode::invalid_argument: return "provider_rejected";
    case ErrorCode::storage: return "storage_unavailable";
    case ErrorCode::cancelled: return "cancelled";
    case ErrorCode::provider: return "provider_failed";
    default: return "generation_failed";
  }
}

double unit_random() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

// Removes a scratch folder; failing to is harmless (the next run of the job clears it).
void remove_scratch(const fs::path& dir) {
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace

JobRunner::JobRunner(RunnerDeps deps, WorkerId worker, Job claimed, RunControl& control)
    : deps_(deps), worker_(std::move(worker)), job_(std::move(claimed)), control_(control) {}

void JobRunner::run() {
  if (job_.cancel_requested) control_.cancel = true;
  while (!lease_lost_) {
    if (control_.cancel) {
      finish_cancelled();
      return;
    }
    if (control_.stop) {
      release_for_shutdown();
      return;
    }
    if (step() == Next::yield) return;
  }
}

JobRunner::Next JobRunner::step() {
  Provider* provider = deps_.providers.find(job_.spec.provider);
  if (provider == nullptr && job_.state != JobState::moderating) {
    return finish_failed("unknown_provider", "no provider named '" + job_.spec.provider + "' is configured");
  }
  switch (job_.state) {
    case JobState::queued: return submit(*provider);
    case JobState::submitted:
      if (provider->renders_in_process()) {
        JobUpdate u;
        u.state = JobState::generating;
        u.progress = 0;
        return apply(std::move(u)) ? Next::proceed : Next::yield;
      }
      return poll(*provider);
    case JobState::generating:
      if (provider->renders_in_process()) {
        // The render restarts from scratch after a crash; bound how often, so a clip
        // that kills the process cannot take the service down in a loop.
        if (job_.attempts > deps_.config.max_render_attempts) {
          return finish_failed("render_interrupted", "rendering was interrupted too many times");
        }
        return render(*provider);
      }
      return poll(*provider);
    case JobState::processing: return produce(*provider, JobState::moderating);
    case JobState::moderating: return moderate();
    default: return Next::yield;  // terminal or waiting for a reviewer: nothing to do
  }
}

JobRunner::Next JobRunner::submit(Provider& provider) {
  auto submitted = provider.submit(job_.id, job_.spec);
  if (!submitted) {
    if (is_transient(submitted.error())) return retry_later(submitted.error());
    return finish_failed(job_error_code(submitted.error()), submitted.error().message);
  }
  // The task id is stored before anything else happens: from here on this job only
  // ever polls this task, even after a crash.
  JobUpdate u;
  u.state = JobState::submitted;
  u.provider_task_id = submitted->task_id;
  u.model_version = submitted->model_version;
  if (provider.renders_in_process()) return apply(std::move(u)) ? Next::proceed : Next::yield;
  // A remote task is first polled after the policy's first delay, not at once.
  u.release_lease = true;
  u.run_after = deps_.clock.now() + next_poll_delay(deps_.config.poll, 0, unit_random());
  apply(std::move(u));
  return Next::yield;
}

JobRunner::Next JobRunner::poll(Provider& provider) {
  auto polled = provider.poll(job_.provider_task_id);
  if (!polled) {
    if (is_transient(polled.error())) return retry_later(polled.error());
    return finish_failed(job_error_code(polled.error()), polled.error().message);
  }
  JobUpdate u;
  if (!polled->model_version.empty()) u.model_version = polled->model_version;
  if (polled->tokens_used > 0) u.tokens_used = polled->tokens_used;
  switch (polled->status) {
    case TaskStatus::queued:
    case TaskStatus::running: {
      if (polled->status == TaskStatus::running && job_.state == JobState::submitted) u.state = JobState::generating;
      u.progress = polled->progress;
      // Polls so far: every claim after the submitting one was a poll; the first
      // delay (index 0) was spent between submission and the first poll.
      const int poll_index = std::max(1, job_.attempts - 1);
      u.release_lease = true;
      u.run_after =
          deps_.clock.now() + next_poll_delay(deps_.config.poll, poll_index, unit_random(), polled->retry_after);
      apply(std::move(u));
      return Next::yield;
    }
    case TaskStatus::succeeded:
      u.state = JobState::processing;
      u.progress = 0;
      return apply(std::move(u)) ? Next::proceed : Next::yield;
    case TaskStatus::cancelled: return finish_cancelled();
    case TaskStatus::failed:
    case TaskStatus::expired: {
      const JobError err = polled->error.value_or(JobError{
          polled->status == TaskStatus::expired ? "provider_expired" : "provider_failed",
          polled->status == TaskStatus::expired ? "the provider's task expired before it ran"
                                                : "the provider failed the task"});
      return finish_failed(err.code, err.message);
    }
  }
  return Next::yield;
}

JobRunner::Next JobRunner::render(Provider& provider) {
  // Renders are CPU-bound: wait for a slot, keeping the lease alive meanwhile.
  while (!deps_.render_slots.try_acquire_for(deps_.config.lease / 3)) {
    if (control_.stop || !deps_.store.renew(job_.id, worker_, deps_.clock.now(), deps_.config.lease)) {
      control_.stop = true;
      return Next::proceed;  // run() hands the job back or cancels it
    }
  }
  const Next next = produce(provider, JobState::moderating);
  deps_.render_slots.release();
  return next;
}

JobRunner::Next JobRunner::produce(Provider& provider, JobState next_state) {
  const fs::path scratch = deps_.config.scratch_root / job_.id;
  remove_scratch(scratch);  // leftovers of an interrupted run
  std::error_code ec;
  fs::create_directories(scratch, ec);
  if (ec) return finish_failed("storage_unavailable", "cannot create scratch folder: " + ec.message());

  FetchContext ctx;
  ctx.job_id = job_.id;
  ctx.spec = job_.spec;
  ctx.task_id = job_.provider_task_id;
  ctx.scratch_dir = scratch;
  ctx.on_progress = [this](int p) { report_progress(p); };
  ctx.stop = &control_.stop;
  auto artifacts = provider.fetch(ctx);
  if (!artifacts) {
    remove_scratch(scratch);
    if (artifacts.error().code == ErrorCode::cancelled && control_.stop) return Next::proceed;  // run() decides why
    if (is_transient(artifacts.error())) return retry_later(artifacts.error());
    const bool in_process = provider.renders_in_process();
    const std::string code = artifacts.error().code == ErrorCode::storage ? "storage_unavailable"
                             : in_process                                 ? "render_failed"
                                                                          : job_error_code(artifacts.error());
    return finish_failed(code, artifacts.error().message);
  }
  auto outputs = upload(*artifacts);
  remove_scratch(scratch);
  if (!outputs) return finish_failed("storage_unavailable", outputs.error().message);

  JobUpdate u;
  u.state = next_state;
  u.progress = 100;
  u.outputs = *outputs;
  if (!artifacts->model_version.empty()) u.model_version = artifacts->model_version;
  if (artifacts->tokens_used > 0) u.tokens_used = artifacts->tokens_used;
  return apply(std::move(u)) ? Next::proceed : Next::yield;
}

JobRunner::Next JobRunner::moderate() {
  // Output moderation (frame checks, the review queue) plugs in here. With no check
  // configured, every clip passes at low severity and is published.
  JobUpdate u;
  u.state = JobState::published;
  u.moderation = ModerationResult{"allow", "low", {}};
  apply(std::move(u));
  return Next::yield;
}

Result<JobOutputs> JobRunner::upload(const Artifacts& artifacts) {
  const std::string prefix = "jobs/" + job_.id + "/";
  JobOutputs out;
  const auto put = [&](const fs::path& file, const std::string& key, std::string& slot) -> Result<void> {
    if (file.empty()) return {};
    auto stored = deps_.blobs.put_file(key, file);
    if (!stored) return fail(stored.error());
    slot = key;
    return {};
  };
  if (auto r = put(artifacts.mp4, prefix + "clip.mp4", out.mp4); !r) return fail(r.error());
  if (auto r = put(artifacts.poster, prefix + "poster.jpg", out.poster); !r) return fail(r.error());
  if (auto r = put(artifacts.captions, prefix + "captions.vtt", out.captions); !r) return fail(r.error());
  if (!artifacts.hls_dir.empty()) {
    std::error_code ec;
    for (fs::recursive_directory_iterator it(artifacts.hls_dir, ec), end; !ec && it != end; it.increment(ec)) {
      if (!it->is_regular_file()) continue;
      const std::string key = prefix + "hls/" + fs::relative(it->path(), artifacts.hls_dir).generic_string();
      if (auto stored = deps_.blobs.put_file(key, it->path()); !stored) return fail(stored.error());
    }
    if (ec) return fail(Error::storage("cannot read HLS output: " + ec.message()));
    out.hls = prefix + "hls/master.m3u8";
  }
  return out;
}

void JobRunner::report_progress(int progress) {
  const auto now = std::chrono::steady_clock::now();
  if (now - last_renew_ > deps_.config.lease / 3) {
    last_renew_ = now;
    if (!deps_.store.renew(job_.id, worker_, deps_.clock.now(), deps_.config.lease)) {
      control_.stop = true;  // someone else owns the job now
      return;
    }
  }
  if (progress <= job_.progress || now - last_progress_write_ < deps_.config.progress_interval) return;
  last_progress_write_ = now;
  JobUpdate u;
  u.progress = progress;
  if (apply(std::move(u)) && job_.cancel_requested) {
    control_.cancel = true;
    control_.stop = true;
  }
}

bool JobRunner::apply(JobUpdate update) {
  const JobState before = job_.state;
  auto updated = deps_.store.update(job_.id, worker_, deps_.clock.now(), update);
  if (!updated) {
    // Lost lease or store failure: another claim will pick the job up from what is
    // stored; this runner must not write again.
    lease_lost_ = true;
    control_.stop = true;
    return false;
  }
  job_ = std::move(*updated);
  deps_.observer.on_change(before, job_);
  return true;
}

JobRunner::Next JobRunner::finish_failed(std::string code, std::string message) {
  JobUpdate u;
  u.state = JobState::failed;
  u.error = JobError{std::move(code), std::move(message)};
  apply(std::move(u));
  return Next::yield;
}

JobRunner::Next JobRunner::finish_cancelled() {
  if (!job_.provider_task_id.empty()) {
    if (Provider* provider = deps_.providers.find(job_.spec.provider); provider && !provider->renders_in_process()) {
      // Best effort: a task past the point of cancelling still ends on our side.
      (void)provider->cancel(job_.provider_task_id);
    }
  }
  JobUpdate u;
  u.state = JobState::cancelled;
  u.error = JobError{"cancelled", "cancelled by the owner"};
  apply(std::move(u));
  return Next::yield;
}

JobRunner::Next JobRunner::retry_later(const Error& error, std::optional<std::chrono::milliseconds> delay) {
  if (job_.attempts > deps_.config.max_transient_retries) {
    return finish_failed("provider_unavailable", "the provider kept failing: " + error.message);
  }
  JobUpdate u;
  u.release_lease = true;
  const int retry_index = std::max(0, job_.attempts - 1);
  u.run_after = deps_.clock.now() + delay.value_or(next_poll_delay(deps_.config.poll, retry_index, unit_random()));
  apply(std::move(u));
  return Next::yield;
}

JobRunner::Next JobRunner::release_for_shutdown() {
  // Hand the job back now so the next run (or another replica) resumes it at once
  // instead of waiting for the lease to expire.
  JobUpdate u;
  u.release_lease = true;
  u.run_after = deps_.clock.now();
  apply(std::move(u));
  return Next::yield;
}

}  // namespace syncreel
