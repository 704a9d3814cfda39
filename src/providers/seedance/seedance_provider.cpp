#include "providers/seedance/seedance_provider.hpp"

#include <algorithm>

#include "providers/seedance/ark_errors.hpp"
#include "providers/seedance/seedance_mapping.hpp"

namespace syncreel {
namespace {

using seedance::ArkError;

// Prompts shorter than this are not scrubbed from messages: a two-letter prompt would
// blank random words.
constexpr std::size_t kMinRedactedPrompt = 8;

// Error messages are shown to owners and logged; the service may echo the prompt in a
// refusal, and prompts never go to logs.
Error without_prompt(Error e, const std::string& prompt) {
  if (prompt.size() >= kMinRedactedPrompt) e.message = seedance::redact(std::move(e.message), prompt);
  return e;
}

seedance::ArkClientConfig client_config(const SeedanceConfig& c) {
  seedance::ArkClientConfig out;
  out.base_url = c.base_url;
  out.api_key = c.api_key;
  out.connect_timeout = c.connect_timeout;
  out.request_timeout = c.request_timeout;
  out.download_timeout = c.download_timeout;
  out.max_download_bytes = c.max_download_bytes;
  out.download_attempts = c.download_attempts;
  return out;
}

bool stop_requested(const FetchContext& ctx) {
  return ctx.stop != nullptr && ctx.stop->load(std::memory_order_relaxed);
}

}  // namespace

SeedanceProvider::SeedanceProvider(SeedanceConfig config, const Clock& clock)
    : config_(std::move(config)),
      clock_(clock),
      client_(client_config(config_), clock),
      breaker_(config_.circuit_breaker, clock) {}

Result<std::unique_ptr<SeedanceProvider>> SeedanceProvider::create(SeedanceConfig config, const Clock& clock) {
  while (config.base_url.ends_with('/')) config.base_url.pop_back();
  if (auto ok = validate(config); !ok) return fail(ok.error());
  return std::unique_ptr<SeedanceProvider>(new SeedanceProvider(std::move(config), clock));
}

Result<Submission> SeedanceProvider::submit(const JobId& job_id, const JobSpec& spec) {
  auto request = seedance::build_create_request(spec, config_);
  if (!request) return fail(request.error());

  // An earlier create for this job lost its answer: look for its task before making one.
  if (const auto since = pending_since(job_id)) {
    auto found = find_task_created_by(spec, *since);
    if (!found) return fail(without_prompt(found.error(), spec.prompt));
    forget_pending(job_id);
    if (*found) return Submission{**found, request->model};
  }

  const TimePoint started = clock_.now();
  auto created = guarded<std::string>([&] { return client_.create_task(*request); });
  if (created) return Submission{std::move(*created), request->model};
  ArkError lost = std::move(created.error());
  if (!lost.maybe_processed) return fail(without_prompt(std::move(lost.error), spec.prompt));

  // The request reached Seedance but its answer did not reach us: a task may exist.
  remember_pending(job_id, started);
  auto found = find_task_created_by(spec, started);
  if (found && *found) {
    forget_pending(job_id);
    return Submission{**found, request->model};
  }
  // Not listed (yet), or the list failed: the job stays remembered, so the retry the
  // orchestrator schedules looks once more before creating again.
  Error e = std::move(lost.error);
  e.message += found ? "; no task from this request is listed yet, the retry checks again before creating one"
                     : "; the task list could not be checked (" + found.error().message + ")";
  return fail(without_prompt(std::move(e), spec.prompt));
}

Result<TaskPoll> SeedanceProvider::poll(const std::string& task_id) {
  auto task = guarded<seedance::ArkTask>([&] { return client_.get_task(task_id); });
  if (!task) return fail(std::move(task.error().error));
  return seedance::to_task_poll(*task);
}

Result<void> SeedanceProvider::cancel(const std::string& task_id) {
  auto deleted = guarded<void>([&] { return client_.delete_task(task_id); });
  if (deleted) return {};
  const ArkError& refusal = deleted.error();
  if (refusal.http_status == 404) return {};  // already gone: nothing left to stop
  // Seedance refuses to delete a running task (the status and code of that refusal are
  // not documented): ask the task itself whether it is past the point of cancelling.
  const long s = refusal.http_status;
  if (s >= 400 && s < 500 && s != 401 && s != 403 && s != 429) {
    auto task = guarded<seedance::ArkTask>([&] { return client_.get_task(task_id); });
    if (task && task->status != "queued") return {};
    if (!task && task.error().http_status == 404) return {};
  }
  return fail(refusal.error);
}

Result<Artifacts> SeedanceProvider::fetch(const FetchContext& ctx) {
  auto task = guarded<seedance::ArkTask>([&] { return client_.get_task(ctx.task_id); });
  if (!task) return fail(std::move(task.error().error));
  if (task->status != "succeeded") {
    return fail(Error::provider("seedance task " + ctx.task_id + " is " + task->status + ", not succeeded: no clip"));
  }
  if (task->video_url.empty()) {
    return fail(Error::provider("seedance task " + ctx.task_id + " succeeded without a video URL"));
  }
  if (stop_requested(ctx)) return fail(Error::cancelled("stopped before downloading the clip"));

  const std::filesystem::path mp4 = ctx.scratch_dir / "clip.mp4";
  seedance::DownloadControl control;
  control.stop = ctx.stop;
  int last_percent = -1;
  if (ctx.on_progress) {
    // Monotonic and below 100 until the file is complete and checked.
    control.on_progress = [&](std::uint64_t done, std::uint64_t total) {
      if (total == 0) return;
      const int percent = static_cast<int>(std::min<std::uint64_t>(99, done * 100 / total));
      if (percent <= last_percent) return;
      last_percent = percent;
      ctx.on_progress(percent);
    };
  }
  auto downloaded = client_.download(task->video_url, mp4, control);
  if (!downloaded) return fail(std::move(downloaded.error().error));
  if (ctx.on_progress) ctx.on_progress(100);

  Artifacts out;
  out.mp4 = mp4;
  out.duration_sec = task->duration;
  out.tokens_used = task->completion_tokens;
  out.model_version = task->model;
  return out;
}

double SeedanceProvider::cost_usd(std::int64_t tokens) const {
  return static_cast<double>(tokens) * config_.usd_per_million_tokens / 1e6;
}

}  // namespace syncreel
