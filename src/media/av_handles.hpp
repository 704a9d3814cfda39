// RAII owners for the libav C handles used by the media module, and the one place an
// AVERROR becomes an Error.
//
// Every libav object syncreel creates lives in one of these unique_ptrs, so an early
// return on any error path releases it. Not thread-safe: a handle belongs to one thread
// at a time, like the libav object it owns.
#pragma once

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/frame.h>
#include <libavutil/pixfmt.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
}

#include <memory>
#include <string_view>

#include "core/error.hpp"

namespace syncreel::media {

// The pixel layout every picture entry point of this module takes: Cairo's
// CAIRO_FORMAT_ARGB32 / CAIRO_FORMAT_RGB24, i.e. native-endian 32-bit 0xAARRGGBB words
// (bytes B, G, R, A on the little-endian hosts we run on). Alpha is ignored. Chosen so
// a Cairo image surface can be handed over without a copy.
inline constexpr AVPixelFormat kInputPixelFormat = AV_PIX_FMT_RGB32;
inline constexpr int kInputBytesPerPixel = 4;

// Output contexts own their AVIOContext: the deleter closes it (flushing what the
// muxer buffered) before freeing the context, as avformat_free_context does not.
struct OutputFormatDeleter {
  void operator()(AVFormatContext* ctx) const {
    if (ctx->oformat != nullptr && (ctx->oformat->flags & AVFMT_NOFILE) == 0) avio_closep(&ctx->pb);
    avformat_free_context(ctx);
  }
};
struct CodecContextDeleter {
  void operator()(AVCodecContext* ctx) const { avcodec_free_context(&ctx); }
};
struct FrameDeleter {
  void operator()(AVFrame* frame) const { av_frame_free(&frame); }
};
struct PacketDeleter {
  void operator()(AVPacket* packet) const { av_packet_free(&packet); }
};
struct SwsDeleter {
  void operator()(SwsContext* ctx) const { sws_freeContext(ctx); }
};
struct SwrDeleter {
  void operator()(SwrContext* ctx) const { swr_free(&ctx); }
};

using OutputFormatPtr = std::unique_ptr<AVFormatContext, OutputFormatDeleter>;
using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;
using SwsPtr = std::unique_ptr<SwsContext, SwsDeleter>;
using SwrPtr = std::unique_ptr<SwrContext, SwrDeleter>;

// Owns an options dictionary between building it and handing it to an *_open call
// (which consumes the entries it recognised and leaves the rest, still owned by us).
class Dictionary {
 public:
  Dictionary() = default;
  Dictionary(const Dictionary&) = delete;
  Dictionary& operator=(const Dictionary&) = delete;
  ~Dictionary() { av_dict_free(&dict_); }

  // Adds or replaces `key`. Fails with internal only when out of memory.
  Result<void> set(const char* key, const char* value);
  // For APIs that take AVDictionary**; ownership stays with this object.
  AVDictionary** out() { return &dict_; }

 private:
  AVDictionary* dict_ = nullptr;
};

// Turns a negative libav return code into an Error with av_strerror's text:
// "<what>: <libav message>". `code` is the ErrorCode the caller expects for this call
// (storage for file I/O, internal for codec failures, ...).
Error av_error(int averror, std::string_view what, ErrorCode code = ErrorCode::internal);

// Allocate the per-stream reusable frame and packet. Fail with internal when out of memory.
Result<FramePtr> make_frame();
Result<PacketPtr> make_packet();

}  // namespace syncreel::media
