// AacEncoder: interleaved float stereo in, AAC-LC packets out, with the encoder's fixed
// frame size hidden behind a sample buffer. RenditionSet encodes its sound once with it
// and hands each packet to every rendition. Internal to the media module. Not
// thread-safe: one thread drives it. Movable, not copyable.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "core/error.hpp"
#include "media/av_handles.hpp"

namespace syncreel::media {

class AacEncoder {
 public:
  static constexpr int kChannels = 2;
  // Receives each packet (pts in samples, time base 1/sample_rate); the packet is
  // unreferenced after the call, so keep a reference to keep it.
  using Sink = std::function<Result<void>(const AVPacket*)>;

  // Opens FFmpeg's native AAC-LC encoder with out-of-band extradata (for MP4 muxers).
  // Errors: invalid_argument (rate or bit rate not positive), internal.
  static Result<AacEncoder> open(int sample_rate, int bit_rate);

  // Buffers the samples and encodes every whole frame. Errors: invalid_argument (not
  // whole stereo samples), internal, or whatever `sink` returns.
  Result<void> add(std::span<const float> interleaved_stereo, const Sink& sink);

  // Encodes the short tail frame and drains the encoder (its priming and padding are in
  // the packet timestamps, for muxers to trim).
  Result<void> finish(const Sink& sink);

  // For muxers' stream parameters. Owned by this encoder.
  const AVCodecContext* context() const { return codec_.get(); }

 private:
  AacEncoder() = default;
  Result<void> send(const float* interleaved, std::size_t samples, const Sink& sink);
  Result<void> encode(const AVFrame* frame, const Sink& sink);  // nullptr drains

  CodecContextPtr codec_;
  FramePtr frame_;
  PacketPtr packet_;
  std::vector<float> pending_;  // interleaved samples not yet sent to the encoder
  std::int64_t next_pts_ = 0;
};

}  // namespace syncreel::media
