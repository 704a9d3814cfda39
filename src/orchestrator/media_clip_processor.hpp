// MediaClipProcessor: the processing stage on the media pipeline
// (media::process_provider_clip): the provider's MP4 is checked against the ingest
// limits, watermarked, captioned with the prompt's quoted dialogue timed to the speech
// found in its sound, normalised to the loudness target and packaged as MP4 + HLS +
// poster, with QC figures measured on the way. Each figure is also observed in a
// `qc_*` histogram, and each failed check counts in qc_failures_total{check}.
#pragma once

#include "media/postprocess/provider_clip.hpp"
#include "obs/metrics.hpp"
#include "orchestrator/clip_processor.hpp"

namespace syncreel {

// Set from the service's [processing] tables (docs/media.md); the defaults are the
// media pipeline's own.
struct ClipProcessingConfig {
  media::WatermarkConfig watermark;
  media::QcThresholds qc;
  media::IngestLimits limits;
  bool burn_captions = true;
  std::string x264_preset = media::ProcessRequest{}.x264_preset;  // for every rendition
};

class MediaClipProcessor final : public ClipProcessor {
 public:
  // `metrics` must outlive the processor.
  MediaClipProcessor(ClipProcessingConfig config, obs::MetricsRegistry& metrics);

  // Writes into ctx.scratch_dir / "processed" (clip.mp4, poster.jpg, captions.vtt and
  // the HLS playlists and segments in processed/hls).
  Result<Artifacts> process(const Artifacts& fetched, const FetchContext& ctx) override;

 private:
  void export_figures(const media::ProcessedClip& clip);

  const ClipProcessingConfig config_;
  obs::MetricsRegistry& metrics_;
};

}  // namespace syncreel
