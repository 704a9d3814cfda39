// LocalProvider: renders a placeholder clip in this process (Cairo picture, sine-tone
// melody, H.264 + AAC MP4 and a JPEG poster) until the offline engine lands.
//
// Stateless and thread-safe: every fetch renders with its own objects. Output is
// byte-reproducible: the same spec and seed give the same files on machines with the
// same FFmpeg, x264, Cairo, Pango and fonts.
#pragma once

#include <string>
#include <string_view>

#include "providers/provider.hpp"

namespace syncreel {

class LocalProvider final : public Provider {
 public:
  static constexpr std::string_view kName = "local";
  static constexpr std::string_view kModelVersion = "syncreel-local-0.1";
  static constexpr int kFps = 24;
  static constexpr int kSampleRate = 48000;

  std::string_view name() const override { return kName; }
  bool renders_in_process() const override { return true; }

  // Reserves task id "local-<job id>"; nothing is rendered yet. Errors: invalid_argument
  // when the spec does not pass core validation.
  Result<Submission> submit(const JobId& job_id, const JobSpec& spec) override;

  // Always succeeded (the work happens in fetch). Errors: invalid_argument for a task id
  // this provider did not issue.
  Result<TaskPoll> poll(const std::string& task_id) override;

  // Nothing runs between submit and fetch, so there is nothing to cancel: always succeeds.
  Result<void> cancel(const std::string& task_id) override;

  // Renders ctx.spec into ctx.scratch_dir (which must exist) as clip.mp4 and poster.jpg:
  // frame_size(aspect, resolution), 24 fps, exactly duration_sec seconds of video and
  // 48 kHz stereo audio. Without spec.seed the seed is a hash of the prompt. Reports
  // 0-100 through ctx.on_progress (monotonic, 100 only once both files are complete) and
  // checks ctx.stop before every frame. On any error the partial files are removed.
  // Errors: cancelled (stop was set), storage (scratch_dir unwritable or full),
  // invalid_argument (duration out of range), provider (the renderer or encoder failed).
  Result<Artifacts> fetch(const FetchContext& ctx) override;
};

}  // namespace syncreel
