#include "media/qc/qc_report.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

namespace syncreel::media {
namespace {

nlohmann::json finite_or_null(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

}  // namespace

std::vector<QcFailure> evaluate(const QcReport& r, const QcThresholds& t) {
  std::vector<QcFailure> out;
  if (r.av_offset_ms && r.av_offset_confidence >= t.min_offset_confidence &&
      (*r.av_offset_ms > t.max_audio_late_ms || *r.av_offset_ms < -t.max_audio_early_ms)) {
    out.push_back({"av_offset", fmt::format("sound is {:+.0f} ms off the picture (allowed -{:.0f}..+{:.0f})",
                                            *r.av_offset_ms, t.max_audio_early_ms, t.max_audio_late_ms)});
  }
  if (!r.has_audio) {
    if (t.require_audio) out.push_back({"audio", "the clip has no sound"});
    return out;
  }
  if (!std::isfinite(r.integrated_lufs) || std::abs(r.integrated_lufs - t.target_lufs) > t.lufs_tolerance) {
    out.push_back({"loudness", fmt::format("integrated loudness {:.1f} LUFS (target {:.1f} +- {:.1f})",
                                           r.integrated_lufs, t.target_lufs, t.lufs_tolerance)});
  }
  if (std::isfinite(r.true_peak_dbtp) && r.true_peak_dbtp > t.max_true_peak_dbtp) {
    out.push_back({"true_peak", fmt::format("true peak {:.2f} dBTP (at most {:.2f})", r.true_peak_dbtp,
                                            t.max_true_peak_dbtp)});
  }
  if (r.silence_ratio > t.max_silence_ratio) {
    out.push_back({"silence", fmt::format("{:.0f} % silent (at most {:.0f} %)", 100 * r.silence_ratio,
                                          100 * t.max_silence_ratio)});
  }
  if (r.clipping_ratio > t.max_clipping_ratio) {
    out.push_back({"clipping", fmt::format("{:.3f} % of samples clipped (at most {:.3f} %)", 100 * r.clipping_ratio,
                                           100 * t.max_clipping_ratio)});
  }
  if (std::abs(r.duration_mismatch_s()) > t.max_duration_mismatch_s) {
    out.push_back({"duration", fmt::format("sound lasts {:.2f} s, picture {:.2f} s", r.duration_audio_s,
                                           r.duration_video_s)});
  }
  // Judged only where it exists (MP4/MOV): a WebM has no moov to put first.
  if (t.require_faststart && r.faststart == false) {
    out.push_back({"faststart", "the index (moov) follows the media data"});
  }
  return out;
}

std::string to_json(const QcReport& r, const std::vector<QcFailure>& failures) {
  nlohmann::json j;
  j["duration_video_s"] = r.duration_video_s;
  j["duration_audio_s"] = r.duration_audio_s;
  j["duration_mismatch_s"] = r.duration_mismatch_s();
  j["av_offset_ms"] = r.av_offset_ms ? nlohmann::json(*r.av_offset_ms) : nlohmann::json(nullptr);
  j["av_offset_confidence"] = r.av_offset_confidence;
  j["integrated_lufs"] = finite_or_null(r.integrated_lufs);
  j["true_peak_dbtp"] = finite_or_null(r.true_peak_dbtp);
  j["silence_ratio"] = r.silence_ratio;
  j["clipping_ratio"] = r.clipping_ratio;
  j["has_audio"] = r.has_audio;
  j["faststart"] = r.faststart ? nlohmann::json(*r.faststart) : nlohmann::json(nullptr);
  j["failures"] = nlohmann::json::array();
  for (const auto& f : failures) j["failures"].push_back({{"check", f.check}, {"message", f.message}});
  return j.dump();
}

std::vector<std::pair<std::string, double>> qc_figures(const QcReport& r) {
  std::vector<std::pair<std::string, double>> out = {
      {"qc_duration_mismatch_s", r.duration_mismatch_s()},
      {"qc_silence_ratio", r.silence_ratio},
      {"qc_clipping_ratio", r.clipping_ratio},
  };
  if (r.av_offset_ms) out.emplace_back("qc_av_offset_ms", *r.av_offset_ms);
  if (std::isfinite(r.integrated_lufs)) out.emplace_back("qc_integrated_lufs", r.integrated_lufs);
  if (std::isfinite(r.true_peak_dbtp)) out.emplace_back("qc_true_peak_dbtp", r.true_peak_dbtp);
  return out;
}

}  // namespace syncreel::media
