// join_clips: clips made one after another (the segments of a provider job longer than
// one task can be) joined into one plain MP4, encoded once by ClipEncoder.
//
// Pictures are concatenated frame for frame: every input frame is one output frame at
// the first input's size and frame rate (provider segments share both; a later input of
// another size is scaled to it). The sound of each input is cut or extended to exactly
// the length of its pictures, so picture and sound stay in sync across every seam and
// the output lasts the sum of the inputs' picture durations.
//
// At each seam the sound is crossfaded (equal power, `crossfade` long, centred on the
// seam): the outgoing sound fades out over the first half of the incoming segment while
// the incoming one fades in over the last half of the outgoing segment. Where one side
// has no sound of its own (the outgoing clip has ended, the incoming one has not begun)
// its sound is continued by reflecting it about the seam, which meets the real sound
// sample for sample at the seam. Nothing is shifted or dropped: the seam has neither a
// click nor a gap, and no segment's sound moves against its pictures.
//
// Inputs are read through MediaReader (its limits and refusals apply). Thread-safe:
// calls share nothing.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace syncreel::media {

struct JoinRequest {
  std::vector<std::filesystem::path> inputs;  // in playing order, at least one
  std::filesystem::path output;               // created or replaced; its folder must exist
  std::chrono::milliseconds crossfade{200};   // sound overlap at each seam
  int crf = 18;  // the inputs are already lossy: encode close to transparently
  std::string x264_preset = "veryfast";
  const std::atomic<bool>* stop = nullptr;  // set: the call ends with cancelled
  std::function<void(double)> progress;     // 0..1 as pictures are encoded; may be empty
};

struct JoinedClip {
  int width = 0;
  int height = 0;
  int fps = 0;
  std::int64_t frames = 0;
  double duration_seconds = 0;  // frames / fps
};

// Errors: the inputs' refusals (see media/ingest/ingest_error.hpp), invalid_argument (no
// input, or an input without pictures), storage (the output cannot be written),
// internal, cancelled.
Result<JoinedClip> join_clips(const JoinRequest& request);

}  // namespace syncreel::media
