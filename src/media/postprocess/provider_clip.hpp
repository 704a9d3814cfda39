// process_provider_clip: a provider's MP4 in, everything syncreel delivers out, with one
// decode of the pictures.
//
//   1. The sound is decoded first (cheap next to the pictures), normalised to the
//      loudness target (-14 LUFS, true peak <= -1 dBTP), and searched for speech; the
//      prompt's dialogue lines are timed to it (dialogue_cues.hpp).
//   2. The pictures are decoded once, scaled to the output size, resampled to a
//      constant frame rate (a picture repeats or drops where the source's timing asks),
//      watermarked and captioned, and fed with the normalised sound to a RenditionSet:
//      clip.mp4 (faststart) and HLS 360p/720p with aligned keyframes, encoded in
//      parallel from the same pictures. The poster is the picture at one second.
//   3. QC figures come from the same decoded pictures and the delivered sound.
//
//   <output_dir>/clip.mp4, master.m3u8, 360p/, 720p/, poster.jpg, captions.vtt
//
// Every read goes through MediaReader, so the input's limits and refusals apply.
// Thread-safe: calls share nothing.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "media/audio/loudness.hpp"
#include "media/ingest/ingest_limits.hpp"
#include "media/ingest/media_reader.hpp"
#include "media/postprocess/frame_overlay.hpp"
#include "media/qc/qc_report.hpp"

namespace syncreel::media {

struct ProcessRequest {
  std::filesystem::path input;
  std::filesystem::path output_dir;  // created if missing
  WatermarkConfig watermark;
  std::vector<std::string> dialogue;  // the prompt's quoted lines; empty: no captions
  bool burn_captions = true;          // also draw them onto the pictures
  int max_short_side = 720;           // clip.mp4 is the source scaled down to this
  std::vector<int> hls_heights = {360, 720};
  std::string x264_preset = "fast";
  int crf = 23;
  LoudnessTarget loudness;
  IngestLimits limits;
  QcThresholds qc;
  const std::atomic<bool>* stop = nullptr;      // set: the call ends with cancelled
  std::function<void(double)> progress;         // 0..1 as pictures are done; may be empty
};

struct ProcessedClip {
  std::filesystem::path mp4;
  std::filesystem::path master_playlist;
  std::filesystem::path poster;
  std::filesystem::path captions;  // empty without dialogue
  MediaInfo source;
  int width = 0;
  int height = 0;
  int fps = 0;
  double duration_seconds = 0;
  QcReport qc;
  std::vector<QcFailure> qc_failures;  // empty: the clip passes QC
};

// Errors: the input's refusals (ingest_error.hpp), invalid_argument (request), storage,
// internal, cancelled. A clip that fails QC is still a success: its failures are listed.
Result<ProcessedClip> process_provider_clip(const ProcessRequest& request);

}  // namespace syncreel::media
