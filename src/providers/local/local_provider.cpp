#include "providers/local/local_provider.hpp"

#include <cstdint>
#include <span>
#include <system_error>
#include <utility>
#include <vector>

#include "media/clip_encoder.hpp"
#include "media/poster.hpp"
#include "providers/local/local_melody.hpp"
#include "providers/local/local_scene.hpp"

namespace syncreel {
namespace {

constexpr std::string_view kTaskPrefix = "local-";
constexpr int kCrf = 23;
// x264 output depends on its thread count; pinning it makes renders byte-identical on
// any machine, and a worker already renders one clip per core.
constexpr int kX264Threads = 1;

// FNV-1a: a stable seed for specs that carry none, so re-rendering them is reproducible.
std::uint32_t prompt_seed(std::string_view prompt) {
  std::uint32_t h = 2166136261u;
  for (const char c : prompt) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return h;
}

// Forwards progress only when it grows, so callers see a monotonic 0-100.
class ProgressReporter {
 public:
  explicit ProgressReporter(const std::function<void(int)>& sink) : sink_(sink) {}
  void report(int percent) {
    if (percent <= last_ || !sink_) return;
    last_ = percent;
    sink_(percent);
  }

 private:
  const std::function<void(int)>& sink_;
  int last_ = -1;
};

bool stop_requested(const FetchContext& ctx) {
  return ctx.stop != nullptr && ctx.stop->load(std::memory_order_relaxed);
}

// The Provider contract has no `internal`: a library failure while rendering is this
// provider failing the task.
Error as_provider_error(Error e) {
  if (e.code == ErrorCode::internal) return Error::provider("local render failed: " + e.message);
  return e;
}

Result<void> render(const FetchContext& ctx, const Artifacts& out) {
  const JobSpec& spec = ctx.spec;
  const FrameSize size = frame_size(spec.aspect_ratio, spec.resolution);
  const std::uint32_t seed = spec.seed.value_or(prompt_seed(spec.prompt));
  const int total_frames = spec.duration_sec * LocalProvider::kFps;
  ProgressReporter progress(ctx.on_progress);
  progress.report(0);

  auto scene = LocalScene::create(spec, size, seed, total_frames);
  if (!scene) return fail(scene.error());
  const std::int64_t total_samples = std::int64_t{spec.duration_sec} * LocalProvider::kSampleRate;
  const std::vector<float> audio = render_melody(spec.style, seed, LocalProvider::kSampleRate, total_samples);

  media::ClipEncoderConfig config;
  config.output = out.mp4;
  config.width = size.width;
  config.height = size.height;
  config.fps = LocalProvider::kFps;
  config.crf = kCrf;
  config.x264_threads = kX264Threads;
  config.sample_rate = LocalProvider::kSampleRate;
  auto encoder = media::ClipEncoder::open(config);
  if (!encoder) return fail(encoder.error());

  const int poster_frame = total_frames / 2;  // mid-clip: the sun is up, the hills have moved
  for (int i = 0; i < total_frames; ++i) {
    if (stop_requested(ctx)) return fail(Error::cancelled("local render cancelled"));
    if (auto ok = scene->draw(i); !ok) return ok;
    if (auto ok = encoder->add_video_frame(scene->pixels(), scene->stride()); !ok) return ok;
    if (i == poster_frame) {
      if (auto ok = media::write_jpeg(out.poster, scene->pixels(), size.width, size.height, scene->stride()); !ok) {
        return ok;
      }
    }
    // The audio that plays during frame i, so the muxer never has to buffer far ahead.
    const auto from = std::int64_t{i} * LocalProvider::kSampleRate / LocalProvider::kFps;
    const auto to = std::int64_t{i + 1} * LocalProvider::kSampleRate / LocalProvider::kFps;
    const std::span<const float> chunk(audio.data() + 2 * from, static_cast<std::size_t>(2 * (to - from)));
    if (auto ok = encoder->add_audio(chunk); !ok) return ok;
    // 100 is kept for "files complete", after finish().
    progress.report((i + 1) * 99 / total_frames);
  }
  if (auto ok = encoder->finish(); !ok) return ok;
  progress.report(100);
  return {};
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
  if (ctx.spec.duration_sec < 1 || ctx.spec.duration_sec > kMaxDurationSec) {
    return fail(Error::invalid("duration is out of range", "duration_sec"));
  }
  Artifacts out;
  out.mp4 = ctx.scratch_dir / "clip.mp4";
  out.poster = ctx.scratch_dir / "poster.jpg";
  out.duration_sec = ctx.spec.duration_sec;
  out.model_version = std::string(kModelVersion);
  if (auto ok = render(ctx, out); !ok) {
    std::error_code ignored;
    std::filesystem::remove(out.mp4, ignored);
    std::filesystem::remove(out.poster, ignored);
    return fail(as_provider_error(std::move(ok.error())));
  }
  return out;
}

}  // namespace syncreel
