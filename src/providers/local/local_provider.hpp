// LocalProvider: the offline engine (src/engine/render_clip.hpp) as a Provider. It needs
// no account and no network: the default that every installation has.
//
// Stateless and thread-safe: every fetch renders with its own objects. Output is
// byte-reproducible: the same spec and seed give the same files on machines with the
// same FFmpeg, x264, Cairo, Pango, espeak-ng, FluidSynth and fonts.
#pragma once

#include <string>
#include <string_view>

#include "providers/provider.hpp"

namespace syncreel {

class LocalProvider final : public Provider {
 public:
  static constexpr std::string_view kName = "local";
  // Names the engine's output: bumped whenever the same spec and seed would give
  // different pictures or sound, so stored clips say which engine made them.
  static constexpr std::string_view kModelVersion = "syncreel-engine-2";

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

  // Renders ctx.spec into ctx.scratch_dir (which must exist): clip.mp4 (frame_size(aspect,
  // resolution), 24 fps, exactly duration_sec of video and 48 kHz stereo AAC), hls/ with
  // master.m3u8 (360p and 720p renditions, none above the frame), poster.jpg and
  // captions.vtt. Reports 0-100 through ctx.on_progress (monotonic, one step per encoded
  // frame, 100 only once every file is complete) and checks ctx.stop before every frame.
  // On any error nothing is left in scratch_dir.
  // Errors: cancelled (stop was set), storage (scratch_dir missing, unwritable or full),
  // invalid_argument (the spec cannot be rendered, e.g. an unknown voice: detail
  // "voice"), provider (the engine failed, or a package it needs is not installed: the
  // message says which). None is transient: rendering again would fail the same way.
  Result<Artifacts> fetch(const FetchContext& ctx) override;
};

}  // namespace syncreel
