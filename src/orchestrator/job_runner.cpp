#include "orchestrator/job_runner.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "orchestrator/runner_helpers.hpp"

namespace syncreel {
namespace {

namespace fs = std::filesystem;
using runner::is_transient;
using runner::job_error_code;
using runner::unit_random;

// Removes a scratch folder; failing to is harmless (the next run of the job clears it).
void remove_scratch(const fs::path& dir) {
  std::error_code ec;
  fs::remove_all(dir, ec);
}

// Share of the processing stage's progress the fetch (download, and the join of a
// segmented job) takes when the clip is processed after it: the processing, with its
// decode, encodes and QC, is usually the longer part.
constexpr int kFetchShareOfProcessing = 30;

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
  if (provider != nullptr && !provider->renders_in_process()) {
    if (auto expired = enforce_deadline(*provider)) return *expired;
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

std::optional<JobRunner::Next> JobRunner::enforce_deadline(Provider& provider) {
  if (job_.state == JobState::moderating || is_terminal(job_.state)) return std::nullopt;
  if (deps_.clock.now() - job_.created_at < deps_.config.job_deadline) return std::nullopt;
  // Best effort: a task past the point of cancelling (Seedance cannot stop a running one)
  // finishes on the provider's side, but this job no longer waits for it.
  if (!job_.provider_task_id.empty()) (void)provider.cancel(job_.provider_task_id);
  const auto limit_s = std::chrono::duration_cast<std::chrono::seconds>(deps_.config.job_deadline).count();
  return finish_failed("deadline_exceeded", "the job did not finish within its deadline of " +
                                                std::to_string(limit_s) + " s; its provider task was cancelled if " +
                                                "it still could be");
}

JobRunner::Next JobRunner::wait_for_slot() {
  JobUpdate u;
  u.release_lease = true;
  u.run_after = deps_.clock.now() + deps_.config.slot_wait;
  u.refund_attempt = true;  // waiting is not a try: it must not use up the retry budget
  apply(std::move(u));
  return Next::yield;
}

JobRunner::Next JobRunner::submit(Provider& provider) {
  // Take a slot before a task exists; it is held until the task is terminal (see apply).
  if (ConcurrencyGate* gate = deps_.gates.find(provider.name()); gate != nullptr && !gate->try_acquire(job_.id)) {
    return wait_for_slot();
  }
  if (!provider.renders_in_process()) {
    // A create recorded by an earlier claim is resumed, never recorded twice.
    const bool recorded = !job_.provider_tasks.empty() && job_.provider_tasks.back().task_id.empty();
    return recorded ? create_segment(provider) : start_segment(provider, job_.provider_tasks, JobUpdate{});
  }
  auto submitted = provider.submit(job_.id, job_.spec);
  if (!submitted) {
    if (is_transient(submitted.error())) return retry_later(submitted.error());
    return finish_failed(job_error_code(submitted.error()), submitted.error().message);
  }
  JobUpdate u;
  u.state = JobState::submitted;
  u.provider_task_id = submitted->task_id;
  u.model_version = submitted->model_version;
  reset_transient_failures(u);
  return apply(std::move(u)) ? Next::proceed : Next::yield;
}

JobRunner::Next JobRunner::poll(Provider& provider) {
  // Renews this job's slot, which a restart re-took from the store; the gate expires
  // holders that stop renewing, so a lost job cannot shrink the cap for good.
  if (ConcurrencyGate* gate = deps_.gates.find(provider.name())) (void)gate->try_acquire(job_.id);
  // The next segment's create was recorded but its task id not stored: finish creating it.
  if (!job_.provider_tasks.empty() && job_.provider_tasks.back().task_id.empty()) return create_segment(provider);
  auto polled = provider.poll(job_.provider_task_id);
  if (!polled) {
    if (is_transient(polled.error())) return retry_later(polled.error());
    return finish_failed(job_error_code(polled.error()), polled.error().message);
  }
  JobUpdate u;
  reset_transient_failures(u);
  if (!polled->model_version.empty()) u.model_version = polled->model_version;
  if (polled->tokens_used > 0) {
    const std::int64_t tokens = tokens_of_finished_segments() + polled->tokens_used;
    u.tokens_used = tokens;
    u.cost_usd = provider.cost_usd(tokens);
  }
  const int segment_number = std::max<int>(1, static_cast<int>(job_.provider_tasks.size()));
  switch (polled->status) {
    case TaskStatus::queued:
    case TaskStatus::running: {
      if (polled->status == TaskStatus::running && job_.state == JobState::submitted) u.state = JobState::generating;
      // Each segment takes an equal share of the job's progress.
      const int segments_plan = std::max<int>(1, static_cast<int>(provider.segment_durations(job_.spec).size()));
      u.progress = ((segment_number - 1) * 100 + polled->progress) / segments_plan;
      // Polls so far: every claim after the submitting one was a poll; the first
      // delay (index 0) was spent between submission and the first poll.
      const int poll_index = std::max(1, job_.attempts - 1);
      u.release_lease = true;
      u.run_after =
          deps_.clock.now() + next_poll_delay(deps_.config.poll, poll_index, unit_random(), polled->retry_after);
      apply(std::move(u));
      return Next::yield;
    }
    case TaskStatus::succeeded: return segment_succeeded(provider, *polled, std::move(u));
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

bool JobRunner::acquire_render_slot() {
  while (!deps_.render_slots.try_acquire_for(deps_.config.lease / 3)) {
    if (control_.stop || !deps_.store.renew(job_.id, worker_, deps_.clock.now(), deps_.config.lease)) {
      control_.stop = true;
      return false;
    }
  }
  return true;
}

JobRunner::Next JobRunner::render(Provider& provider) {
  // Renders are CPU-bound: they wait for a slot.
  if (!acquire_render_slot()) return Next::proceed;  // run() hands the job back or cancels it
  const Next next = produce(provider, JobState::moderating);
  deps_.render_slots.release();
  return next;
}

std::expected<Artifacts, JobRunner::Next> JobRunner::process_remote_clip(const Artifacts& fetched,
                                                                        const FetchContext& ctx) {
  // Decoding and encoding the clip is as CPU-bound as a render: it takes a slot too.
  if (!acquire_render_slot()) return std::unexpected(Next::proceed);
  auto processed = deps_.processor->process(fetched, ctx);
  deps_.render_slots.release();
  if (processed) return std::move(*processed);
  const Error& e = processed.error();
  if (e.code == ErrorCode::cancelled && control_.stop) return std::unexpected(Next::proceed);
  if (e.code == ErrorCode::storage) return std::unexpected(finish_failed("storage_unavailable", e.message));
  // Ingest refusals name what is wrong with the provider's file (input_truncated, ...).
  const std::string code = e.detail.starts_with("input_") ? e.detail : "processing_failed";
  return std::unexpected(finish_failed(code, "the provider's clip was refused: " + e.message));
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
  if (job_.provider_tasks.size() > 1) {
    for (const ProviderTask& t : job_.provider_tasks) ctx.segment_task_ids.push_back(t.task_id);
  }
  ctx.scratch_dir = scratch;
  // One stage, one progress bar: when the fetched clip is processed after, the fetch
  // fills the first part and the processing the rest, so the bar neither starts over
  // nor sits at 100 % while the clip is encoded.
  const bool processes = !provider.renders_in_process() && deps_.processor != nullptr;
  const int fetch_share = processes ? kFetchShareOfProcessing : 100;
  ctx.on_progress = progress_between(0, fetch_share);
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
  if (processes) {
    ctx.on_progress = progress_between(fetch_share, 100);
    auto processed = process_remote_clip(*artifacts, ctx);
    if (!processed) {
      remove_scratch(scratch);
      return processed.error();
    }
    artifacts = std::move(*processed);
  }
  auto outputs = upload(*artifacts);
  remove_scratch(scratch);
  if (!outputs) return finish_failed("storage_unavailable", outputs.error().message);

  JobUpdate u;
  u.state = next_state;
  u.progress = 100;
  u.outputs = *outputs;
  if (!artifacts->qc_json.empty()) u.qc_json = artifacts->qc_json;
  if (!artifacts->qc_failures.empty()) {
    std::string note = "the clip failed quality checks:";
    for (const std::string& failure : artifacts->qc_failures) note += " " + failure + ";";
    note.pop_back();
    u.add_note = std::move(note);
  }
  reset_transient_failures(u);
  if (!artifacts->model_version.empty()) u.model_version = artifacts->model_version;
  if (artifacts->tokens_used > 0) {
    u.tokens_used = artifacts->tokens_used;
    u.cost_usd = provider.cost_usd(artifacts->tokens_used);
  }
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

std::function<void(int)> JobRunner::progress_between(int from, int to) {
  return [this, from, to](int p) { report_progress(from + std::clamp(p, 0, 100) * (to - from) / 100); };
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
  // The remote task is over once the job has left submitted/generating (succeeded:
  // processing; failed, cancelled, expired: terminal): its provider slot is free again.
  if (job_.state != JobState::queued && job_.state != JobState::submitted && job_.state != JobState::generating) {
    if (ConcurrencyGate* gate = deps_.gates.find(job_.spec.provider)) gate->release(job_.id);
  }
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

JobRunner::Next JobRunner::retry_later(const Error& error) {
  // Failures in a row, not claims: a job that polled a long task many times still gets
  // its whole retry budget for its first transient error.
  const int failures = job_.transient_failures + 1;
  if (failures > deps_.config.max_transient_retries) {
    return finish_failed("provider_unavailable", "the provider kept failing: " + error.message);
  }
  JobUpdate u;
  u.release_lease = true;
  u.transient_failures = failures;
  const int retry_index = failures - 1;
  // The provider's own hint (Retry-After, or when its circuit closes) wins over the schedule.
  std::optional<std::chrono::milliseconds> hint;
  if (error.retry_after) hint = *error.retry_after;
  u.run_after = deps_.clock.now() + next_poll_delay(deps_.config.poll, retry_index, unit_random(), hint);
  apply(std::move(u));
  return Next::yield;
}

void JobRunner::reset_transient_failures(JobUpdate& u) const {
  if (job_.transient_failures != 0) u.transient_failures = 0;
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
