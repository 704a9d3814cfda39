// MediaReader: the one way syncreel opens an untrusted media file. It probes the file
// against IngestLimits (size, container, codecs, picture size, duration), refuses what
// does not fit with an ingest_error code, then decodes its video and (optional) audio
// stream frame by frame under the same limits and a wall-clock budget.
//
// Defences, each against a kind of hostile input:
//   - only regular files (a FIFO would block open forever), only the file protocol (an
//     MP4 data reference or a playlist cannot make the demuxer open other files or URLs),
//     only the mov/mp4 and matroska/webm demuxers and a short list of decoders;
//   - probing reads at most probe_bytes / analyze_microseconds and max_streams streams;
//   - picture sizes are checked from the header before anything is decoded and the
//     decoders get max_pixels, so a forged size cannot allocate gigabytes;
//   - the interrupt callback ends any read past the deadline or once `stop` is set, and
//     next() checks both between packets, so nothing loops forever;
//   - decoding stops with input_too_long once media time passes the duration limit,
//     whatever the header claimed, and with input_truncated when the streams end well
//     before the header's duration.
//
// Not thread-safe: one thread drives a reader. Movable.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "media/av_handles.hpp"
#include "media/ingest/ingest_limits.hpp"

namespace syncreel::media {

struct MediaInfo {
  std::string container;  // the demuxer: "mov,mp4,m4a,3gp,3g2,mj2" or "matroska,webm"
  std::uintmax_t file_bytes = 0;
  double duration_seconds = 0;  // the container's claim; 0 when it makes none
  std::string video_codec;      // libavcodec's name: "h264", "vp9", ...
  int width = 0;
  int height = 0;
  double fps = 0;  // the stream's average frame rate; 0 when unknown
  bool has_audio = false;
  std::string audio_codec;
  int sample_rate = 0;
  int channels = 0;
};

// One decoded picture or block of audio samples, at `seconds` on the file's timeline.
// Video frames keep the decoder's pixel format; audio frames its sample format.
struct DecodedFrame {
  enum class Kind { video, audio };
  Kind kind = Kind::video;
  FramePtr frame;
  double seconds = 0;
};

class MediaReader {
 public:
  // Which streams next() decodes. Probing checks both either way; a caller that needs
  // the whole sound before the pictures (to time captions) reads the file twice and
  // still decodes each stream once.
  enum class Decode { both, video_only, audio_only };

  // Probes `path` and opens its decoders. `stop` (may be null) cancels a running read.
  // Errors: see ingest_error.hpp (invalid_argument, too_large, timeout), cancelled,
  // internal (out of memory).
  static Result<MediaReader> open(const std::filesystem::path& path, const IngestLimits& limits,
                                  const std::atomic<bool>* stop = nullptr, Decode decode = Decode::both);

  MediaReader(MediaReader&&) noexcept;
  MediaReader& operator=(MediaReader&&) noexcept;
  ~MediaReader();

  const MediaInfo& info() const;

  // The next decoded frame of either stream, in the file's packet order; nullopt once
  // both streams are drained. Errors: as open; after an error the reader is spent.
  Result<std::optional<DecodedFrame>> next();

 private:
  struct Impl;
  explicit MediaReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace syncreel::media
