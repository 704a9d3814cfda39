// ClipEncoder: turns raw pictures and PCM into an MP4 (H.264 High + AAC-LC) that plays
// everywhere a browser does.
//
// The caller pushes frames and samples in presentation order; the encoder owns every
// libav object and the output file while open. Timestamps are derived from counts
// (frame n is at n/fps, sample n at n/sample_rate), so the caller controls the exact
// duration: push duration*fps frames and duration*sample_rate samples. Not
// thread-safe; one encoder per clip. Movable, not copyable.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "media/av_handles.hpp"

namespace syncreel::media {

struct ClipEncoderConfig {
  std::filesystem::path output;  // created or truncated; its folder must exist
  int width = 0;                 // even, > 0
  int height = 0;                // even, > 0
  int fps = 24;
  int crf = 23;                  // x264 constant rate factor, 0-51 (lower = better)
  std::string x264_preset = "veryfast";
  // 0 lets x264 pick from the core count: fastest, but the bytes then depend on the
  // machine. Any fixed value gives byte-identical output for identical input.
  int x264_threads = 0;
  int sample_rate = 48000;       // audio is always stereo
  int audio_bit_rate = 128'000;  // bits per second
  bool faststart = true;         // moov before mdat, so playback starts before download ends
};

class ClipEncoder {
 public:
  static constexpr int kChannels = 2;

  // Creates the output file, opens both encoders and writes the MP4 header.
  // Errors: invalid_argument (bad config), storage (the file cannot be created),
  // internal (a codec is missing or refuses the settings).
  static Result<ClipEncoder> open(const ClipEncoderConfig& config);

  ClipEncoder(ClipEncoder&&) noexcept = default;
  ClipEncoder& operator=(ClipEncoder&&) noexcept = default;
  // Without a successful finish() the output file is left truncated and unplayable.
  ~ClipEncoder() = default;

  // Encodes the next picture: `height` rows of `width` pixels in kInputPixelFormat
  // (Cairo ARGB32), `stride` bytes apart. The data is copied before returning.
  // Errors: invalid_argument (null data, short stride), internal / storage (libav).
  // After any error the encoder refuses further input.
  Result<void> add_video_frame(const std::uint8_t* pixels, int stride);

  // Appends interleaved stereo samples (L R L R ..., nominal range [-1, 1]); any count
  // is accepted and buffered until a whole AAC frame is available. Errors as above.
  Result<void> add_audio(std::span<const float> interleaved_stereo);

  // Encodes the buffered tail, drains both encoders and writes the index; the file is
  // complete only when this succeeds. Errors: storage (write or faststart rewrite
  // failed), internal. Calling anything after finish() fails with internal.
  Result<void> finish();

  // Counts of accepted input, buffered audio included: what the file will hold after finish().
  std::int64_t frames_written() const { return video_.next_pts; }
  std::int64_t samples_written() const {
    return audio_.next_pts + static_cast<std::int64_t>(pending_.size() / kChannels);
  }

 private:
  // One encoder feeding one muxer stream; frame and packet are reused for every call.
  struct Stream {
    AVStream* stream = nullptr;  // owned by format_
    CodecContextPtr codec;
    FramePtr frame;
    PacketPtr packet;
    std::int64_t next_pts = 0;  // in codec time base: frames for video, samples for audio
  };
  enum class State { open, finished, failed };

  ClipEncoder() = default;
  Result<void> open_video(const ClipEncoderConfig& config);
  Result<void> open_audio(const ClipEncoderConfig& config);
  Result<void> open_file(const ClipEncoderConfig& config);
  // Sends `frame` (nullptr = flush) and writes every packet the encoder has ready.
  Result<void> encode(Stream& s, const AVFrame* frame);
  Result<void> send_audio_frame(const float* interleaved, std::size_t samples);
  Result<void> usable() const;
  // Records a failure so later calls fail fast instead of writing a corrupt file.
  std::unexpected<Error> broken(Error e);

  OutputFormatPtr format_;
  Stream video_;
  Stream audio_;
  std::vector<float> pending_;  // interleaved samples not yet sent to the AAC encoder
  State state_ = State::open;
};

}  // namespace syncreel::media
