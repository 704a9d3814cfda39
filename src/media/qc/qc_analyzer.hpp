// QcAnalyzer: the QC figures of a clip from its decoded pictures and sound, in the same
// pass that decodes them for anything else. analyze_file() is the stand-alone form
// behind `syncreel probe`.
#pragma once

#include <atomic>
#include <filesystem>
#include <optional>
#include <span>
#include <vector>

#include "core/error.hpp"
#include "media/av_handles.hpp"
#include "media/ingest/ingest_limits.hpp"
#include "media/qc/av_offset.hpp"
#include "media/qc/qc_report.hpp"

namespace syncreel::media {

class QcAnalyzer {
 public:
  // A decoded picture shown from `seconds`. Errors: internal (libswscale).
  Result<void> add_picture(const AVFrame* frame, double seconds);
  // Interleaved stereo at kAudioSampleRate. The first call's `seconds` places the sound
  // on the picture's timeline; later calls continue right after the previous samples.
  void add_audio(std::span<const float> stereo, double seconds);

  // The figures. `fps` gives the last picture its duration; `faststart` comes from the
  // file (is_faststart) because decoding cannot see it, none when the container has no
  // such notion (faststart_applies). Errors: internal (libebur128).
  Result<QcReport> finish(double fps, std::optional<bool> faststart) const;

 private:
  SyncFeatures sync_;
  std::int64_t pictures_ = 0;
  double first_picture_s_ = 0;
  double last_picture_s_ = 0;
  double audio_origin_s_ = 0;
  std::vector<float> audio_;
};

// Decodes `path` through MediaReader (so with its limits and refusals) and reports.
// Errors: as MediaReader::open / next, storage.
Result<QcReport> analyze_file(const std::filesystem::path& path, const IngestLimits& limits = {},
                              const std::atomic<bool>* stop = nullptr);

}  // namespace syncreel::media
