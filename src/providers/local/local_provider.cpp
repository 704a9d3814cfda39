#include "providers/local/local_provider.hpp"

#include <utility>

#include "engine/render_clip.hpp"

namespace syncreel {
namespace {

constexpr std::string_view kTaskPrefix = "local-";

// The Provider contract has no `internal`, and a missing SoundFont or espeak-ng data
// (`unavailable` from the engine) is an installation problem that retrying will not fix,
// unlike a remote provider's 503: both are this provider failing the task.
Error as_provider_error(Error e) {
  if (e.code == ErrorCode::internal || e.code == ErrorCode::unavailable) {
    return Error::provider("local render failed: " + e.message);
  }
  return e;
}

}  // namespace

Result<Submission> LocalProvider::submit(const JobId& job_id, const JobSpec& spec) {
  if (auto ok = validate(spec); !ok) return fail(ok.error());
  return Submission{std::string(kTaskPrefix) + job_id, std::string(kModelVersion)};
}

Result<TaskPoll> LocalProvider::poll(const std::string& task_id) {
  if (!task_id.starts_with(kTaskPrefix)) return fail(Error::invalid("not a local task id", "task_id"));
  TaskPoll poll;
  poll.status = TaskStatus::succeeded;
  poll.progress = 100;
  poll.model_version = std::string(kModelVersion);
  return poll;
}

Result<void> LocalProvider::cancel(const std::string&) { return {}; }

Result<Artifacts> LocalProvider::fetch(const FetchContext& ctx) {
  engine::RenderOptions options;
  options.output_dir = ctx.scratch_dir;
  options.stop = ctx.stop;
  options.on_progress = ctx.on_progress;
  auto clip = engine::render_clip(ctx.spec, options);
  if (!clip) return fail(as_provider_error(std::move(clip.error())));
  Artifacts out;
  out.mp4 = clip->mp4;
  out.poster = clip->poster;
  out.hls_dir = clip->hls_dir;
  out.captions = clip->captions;
  out.duration_sec = clip->duration_sec;
  out.model_version = std::string(kModelVersion);
  return out;
}

}  // namespace syncreel
