// Mp4Writer: muxes already-encoded H.264 + AAC packets into a progressive MP4 with the
// index first (faststart), the same file ClipEncoder makes, for encoders whose packets
// also feed an HLS rendition. Internal to the media module. Not thread-safe: owned and
// driven by one rendition thread. Movable, not copyable.
#pragma once

#include <filesystem>

#include "core/error.hpp"
#include "media/av_handles.hpp"

namespace syncreel::media {

class Mp4Writer {
 public:
  // Creates `file` and writes the header from the encoders' parameters (open them with
  // AV_CODEC_FLAG_GLOBAL_HEADER). The codec contexts are only read during this call.
  // Errors: storage (the file cannot be created), internal (muxer refused the setup).
  static Result<Mp4Writer> open(const std::filesystem::path& file, const AVCodecContext* video,
                                const AVCodecContext* audio);

  // Mux one packet (timestamps in its codec's time base); the packet is referenced,
  // not consumed. Errors: storage (write failed), internal.
  Result<void> write_video(const AVPacket* packet);
  Result<void> write_audio(const AVPacket* packet);

  // Writes the index, moves it before the media data and closes the file; the file is
  // complete only when this succeeds. Errors: storage, internal.
  Result<void> finish();

 private:
  Mp4Writer() = default;
  Result<void> write(const AVPacket* packet, AVStream* stream, AVRational codec_tb, bool is_video);

  OutputFormatPtr format_;
  AVStream* video_ = nullptr;  // owned by format_
  AVStream* audio_ = nullptr;
  AVRational video_tb_{};
  AVRational audio_tb_{};
  PacketPtr scratch_;  // our reference while the interleaver takes it over
};

// The ErrorCode for a failed libav file operation: storage for the errno values a
// full, read-only or missing destination produces, internal for anything else.
ErrorCode file_error_code(int averror);

}  // namespace syncreel::media
