// QC figures of one clip, the limits a deliverable clip must meet, and the two ways
// figures leave the media module: as the JSON of `syncreel probe` and as named values
// for the metrics registry.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace syncreel::media {

struct QcReport {
  double duration_video_s = 0;
  double duration_audio_s = 0;  // 0 without audio
  bool has_audio = false;
  std::optional<double> av_offset_ms;  // > 0: sound later than picture; none: nothing to align
  double av_offset_confidence = 0;
  double integrated_lufs = 0;  // -inf for silence or no audio
  double true_peak_dbtp = 0;   // -inf likewise
  double silence_ratio = 0;
  double clipping_ratio = 0;
  // moov before mdat. None for containers other than MP4/MOV (WebM, Matroska), where
  // the notion does not exist: not judged rather than reported as a failure.
  std::optional<bool> faststart;

  double duration_mismatch_s() const { return has_audio ? duration_audio_s - duration_video_s : 0.0; }
};

// Defaults: EBU R37's sync tolerance (sound at most 40 ms early, 60 ms late), the
// delivery loudness of the pipeline (-14 LUFS, -1 dBTP) with meter slack, and what a
// viewer notices (half a second of missing sound, audible clipping).
struct QcThresholds {
  double max_audio_early_ms = 40;
  double max_audio_late_ms = 60;
  double min_offset_confidence = 8;  // below it the offset is not trusted, so not judged
  double target_lufs = -14;
  double lufs_tolerance = 1.0;
  double max_true_peak_dbtp = -0.9;
  double max_silence_ratio = 0.9;
  double max_clipping_ratio = 0.001;
  double max_duration_mismatch_s = 0.25;
  bool require_audio = true;
  bool require_faststart = true;
};

struct QcFailure {
  std::string check;    // "av_offset", "loudness", "true_peak", ...
  std::string message;  // with the figure and the limit
};

// Every threshold the report breaks; empty when the clip passes.
std::vector<QcFailure> evaluate(const QcReport& report, const QcThresholds& limits);

// One JSON object (DESIGN.md, `syncreel probe`): duration_video_s, duration_audio_s,
// av_offset_ms (null when unknown), av_offset_confidence, integrated_lufs and
// true_peak_dbtp (null when silent), silence_ratio, clipping_ratio,
// duration_mismatch_s, faststart (null when not MP4/MOV), and "failures": [{check, message}].
std::string to_json(const QcReport& report, const std::vector<QcFailure>& failures);

// The figures as (metric name, value) for a metrics registry: the orchestrator calls
// this after processing and observes each value in a histogram of that name. Figures
// that are unknown (no offset, silence) are left out rather than exported as a number.
std::vector<std::pair<std::string, double>> qc_figures(const QcReport& report);

}  // namespace syncreel::media
