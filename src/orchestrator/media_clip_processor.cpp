#include "orchestrator/media_clip_processor.hpp"

#include <algorithm>
#include <map>
#include <system_error>

#include "engine/plan/dialogue_extract.hpp"

namespace syncreel {
namespace {

namespace fs = std::filesystem;

// Histogram buckets per QC figure, around where a good clip lands.
const std::vector<double>& buckets_for(const std::string& figure) {
  static const std::map<std::string, std::vector<double>> buckets = {
      {"qc_av_offset_ms", {-200, -120, -60, -40, -20, 0, 20, 40, 60, 120, 200}},
      {"qc_integrated_lufs", {-30, -24, -18, -16, -15, -14, -13, -12, -9}},
      {"qc_true_peak_dbtp", {-6, -3, -2, -1.5, -1, -0.5, 0}},
      {"qc_duration_mismatch_s", {-1, -0.25, -0.05, 0, 0.05, 0.25, 1}},
  };
  static const std::vector<double> ratios = {0, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.9, 1};
  const auto it = buckets.find(figure);
  return it == buckets.end() ? ratios : it->second;
}

// Moves `file` from the pipeline's folder to `dir`, so the HLS folder uploaded as a whole
// holds only the stream.
Result<fs::path> move_into(const fs::path& file, const fs::path& dir) {
  if (file.empty()) return fs::path{};
  const fs::path target = dir / file.filename();
  std::error_code ec;
  fs::rename(file, target, ec);
  if (ec) return fail(Error::storage("cannot move " + file.string() + ": " + ec.message()));
  return target;
}

}  // namespace

MediaClipProcessor::MediaClipProcessor(ClipProcessingConfig config, obs::MetricsRegistry& metrics)
    : config_(std::move(config)), metrics_(metrics) {}

Result<Artifacts> MediaClipProcessor::process(const Artifacts& fetched, const FetchContext& ctx) {
  const fs::path out_dir = ctx.scratch_dir / "processed";
  media::ProcessRequest request;
  request.input = fetched.mp4;
  request.output_dir = out_dir / "hls";
  request.watermark = config_.watermark;
  request.qc = config_.qc;
  request.limits = config_.limits;
  request.burn_captions = config_.burn_captions;
  request.x264_preset = config_.x264_preset;
  for (const auto& quote : engine::extract_quotes(ctx.spec.prompt)) request.dialogue.push_back(quote.text);
  request.stop = ctx.stop;
  if (ctx.on_progress) request.progress = [&ctx](double done) { ctx.on_progress(static_cast<int>(done * 100)); };

  auto clip = media::process_provider_clip(request);
  if (!clip) return fail(clip.error());
  export_figures(*clip);

  Artifacts out = fetched;
  out.hls_dir = request.output_dir;
  for (auto [from, slot] : {std::pair{clip->mp4, &out.mp4}, std::pair{clip->poster, &out.poster},
                            std::pair{clip->captions, &out.captions}}) {
    auto moved = move_into(from, out_dir);
    if (!moved) return fail(moved.error());
    *slot = *moved;
  }
  out.duration_sec = clip->duration_seconds;
  out.qc_json = media::to_json(clip->qc, clip->qc_failures);
  out.qc_failures.clear();
  for (const auto& f : clip->qc_failures) out.qc_failures.push_back(f.check + ": " + f.message);
  return out;
}

void MediaClipProcessor::export_figures(const media::ProcessedClip& clip) {
  for (const auto& [name, value] : media::qc_figures(clip.qc)) {
    metrics_.histogram(name, "QC figure of processed provider clips (see syncreel probe)", buckets_for(name))
        .observe(value);
  }
  for (const auto& f : clip.qc_failures) {
    metrics_.counter("qc_failures_total", "Processed provider clips that failed a QC check", {{"check", f.check}}).inc();
  }
}

}  // namespace syncreel
