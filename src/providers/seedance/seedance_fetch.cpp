// SeedanceProvider::fetch: the finished video of a job, downloaded into its scratch
// folder; a job made as several segments has each downloaded, then joined into one clip.
#include <algorithm>
#include <string>
#include <vector>

#include "media/clip_join.hpp"
#include "media/clip_poster.hpp"
#include "providers/seedance/seedance_provider.hpp"

namespace syncreel {
namespace {

bool stop_requested(const FetchContext& ctx) {
  return ctx.stop != nullptr && ctx.stop->load(std::memory_order_relaxed);
}

// Share of the fetch's progress the downloads take when segments must be joined after.
constexpr int kDownloadShareOfJoin = 60;

}  // namespace

Result<seedance::ArkTask> SeedanceProvider::download_task(const FetchContext& ctx, const std::string& task_id,
                                                          const std::filesystem::path& dest, int from, int to) {
  auto task = guarded<seedance::ArkTask>([&] { return client_.get_task(task_id); });
  if (!task) return fail(std::move(task.error().error));
  if (task->status != "succeeded") {
    return fail(Error::provider("seedance task " + task_id + " is " + task->status + ", not succeeded: no clip"));
  }
  if (task->video_url.empty()) {
    return fail(Error::provider("seedance task " + task_id + " succeeded without a video URL"));
  }
  if (stop_requested(ctx)) return fail(Error::cancelled("stopped before downloading the clip"));

  seedance::DownloadControl control;
  control.stop = ctx.stop;
  int last_percent = -1;
  if (ctx.on_progress) {
    // Monotonic and below `to` until the file is complete and checked.
    control.on_progress = [&](std::uint64_t done, std::uint64_t total) {
      if (total == 0) return;
      const auto span = static_cast<std::uint64_t>(to - from);
      const int percent = from + static_cast<int>(std::min<std::uint64_t>(span - 1, done * span / total));
      if (percent <= last_percent) return;
      last_percent = percent;
      ctx.on_progress(percent);
    };
  }
  auto downloaded = client_.download(task->video_url, dest, control);
  if (!downloaded) return fail(std::move(downloaded.error().error));
  return std::move(*task);
}

Result<Artifacts> SeedanceProvider::fetch(const FetchContext& ctx) {
  const std::filesystem::path mp4 = ctx.scratch_dir / "clip.mp4";
  const std::vector<std::string> tasks =
      ctx.segment_task_ids.empty() ? std::vector<std::string>{ctx.task_id} : ctx.segment_task_ids;
  const bool join = tasks.size() > 1;
  const int download_share = join ? kDownloadShareOfJoin : 100;

  Artifacts out;
  std::vector<std::filesystem::path> segments;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    const std::filesystem::path dest = join ? ctx.scratch_dir / ("segment-" + std::to_string(i + 1) + ".mp4") : mp4;
    const int n = static_cast<int>(tasks.size());
    const int from = static_cast<int>(i) * download_share / n;
    const int to = static_cast<int>(i + 1) * download_share / n;
    auto task = download_task(ctx, tasks[i], dest, from, to);
    if (!task) return fail(task.error());
    segments.push_back(dest);
    out.duration_sec += task->duration;
    out.tokens_used += task->completion_tokens;
    out.model_version = task->model;
  }

  // A clip that cannot be decoded is not a clip: Seedance sent something broken, and
  // generating it again is the only remedy.
  const auto unreadable = [&](const Error& e) -> Error {
    if (e.code == ErrorCode::storage || e.code == ErrorCode::cancelled) return e;
    return Error::provider("seedance task " + ctx.task_id + " produced an unreadable video: " + e.message,
                           "unreadable_video");
  };
  if (join) {
    media::JoinRequest request;
    request.inputs = segments;
    request.output = mp4;
    request.stop = ctx.stop;
    if (ctx.on_progress) {
      request.progress = [&](double done) {
        ctx.on_progress(kDownloadShareOfJoin + static_cast<int>(done * (99 - kDownloadShareOfJoin)));
      };
    }
    auto joined = media::join_clips(request);
    if (!joined) return fail(unreadable(joined.error()));
    out.duration_sec = joined->duration_seconds;
  }
  const std::filesystem::path poster = ctx.scratch_dir / "poster.jpg";
  if (auto ok = media::write_poster_from_clip(mp4, poster); !ok) return fail(unreadable(ok.error()));
  if (ctx.on_progress) ctx.on_progress(100);

  out.mp4 = mp4;
  out.poster = poster;
  return out;
}

}  // namespace syncreel
