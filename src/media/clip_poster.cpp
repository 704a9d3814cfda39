#include "media/clip_poster.hpp"

#include <cstdint>
#include <vector>

#include "media/av_handles.hpp"
#include "media/poster.hpp"

namespace syncreel::media {
namespace {

struct InputFormatDeleter {
  void operator()(AVFormatContext* ctx) const { avformat_close_input(&ctx); }
};
using InputFormatPtr = std::unique_ptr<AVFormatContext, InputFormatDeleter>;

// Feeds packets of `stream` to `decoder` until it yields a frame.
Result<void> decode_first_frame(AVFormatContext* input, int stream, AVCodecContext* decoder, AVFrame* frame) {
  auto packet = make_packet();
  if (!packet) return fail(packet.error());
  bool draining = false;
  for (;;) {
    int ret = avcodec_receive_frame(decoder, frame);
    if (ret >= 0) return {};
    if (ret != AVERROR(EAGAIN)) return fail(av_error(ret, "decoding the first picture", ErrorCode::invalid_argument));
    if (draining) return fail(Error::invalid("the clip has no decodable picture"));
    ret = av_read_frame(input, packet->get());
    if (ret == AVERROR_EOF) {
      draining = true;
      ret = avcodec_send_packet(decoder, nullptr);
    } else if (ret < 0) {
      return fail(av_error(ret, "reading the clip", ErrorCode::invalid_argument));
    } else {
      if ((*packet)->stream_index == stream) ret = avcodec_send_packet(decoder, packet->get());
      av_packet_unref(packet->get());
    }
    if (ret < 0 && ret != AVERROR(EAGAIN)) return fail(av_error(ret, "decoding the clip", ErrorCode::invalid_argument));
  }
}

}  // namespace

Result<void> write_poster_from_clip(const std::filesystem::path& clip, const std::filesystem::path& jpeg) {
  AVFormatContext* raw = nullptr;
  int ret = avformat_open_input(&raw, clip.c_str(), nullptr, nullptr);
  if (ret < 0) return fail(av_error(ret, "opening " + clip.filename().string(), ErrorCode::invalid_argument));
  InputFormatPtr input(raw);
  ret = avformat_find_stream_info(input.get(), nullptr);
  if (ret < 0) return fail(av_error(ret, "reading the clip's streams", ErrorCode::invalid_argument));
  const AVCodec* codec = nullptr;
  const int stream = av_find_best_stream(input.get(), AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
  if (stream < 0 || codec == nullptr) return fail(Error::invalid("the clip has no video stream"));

  CodecContextPtr decoder(avcodec_alloc_context3(codec));
  if (!decoder) return fail(Error::internal("allocating the video decoder"));
  ret = avcodec_parameters_to_context(decoder.get(), input->streams[stream]->codecpar);
  if (ret < 0) return fail(av_error(ret, "configuring the video decoder"));
  decoder->thread_count = 1;  // one picture: threads would only add start-up cost
  ret = avcodec_open2(decoder.get(), codec, nullptr);
  if (ret < 0) return fail(av_error(ret, "opening the video decoder"));

  auto frame = make_frame();
  if (!frame) return fail(frame.error());
  if (auto ok = decode_first_frame(input.get(), stream, decoder.get(), frame->get()); !ok) return ok;

  const AVFrame* f = frame->get();
  SwsPtr sws(sws_getContext(f->width, f->height, static_cast<AVPixelFormat>(f->format), f->width, f->height,
                            kInputPixelFormat, SWS_BILINEAR, nullptr, nullptr, nullptr));
  if (!sws) return fail(Error::internal("creating the picture converter"));
  const int stride = f->width * kInputBytesPerPixel;
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(stride) * static_cast<std::size_t>(f->height));
  std::uint8_t* dst[] = {pixels.data()};
  const int dst_stride[] = {stride};
  sws_scale(sws.get(), f->data, f->linesize, 0, f->height, dst, dst_stride);
  return write_jpeg(jpeg, pixels.data(), f->width, f->height, stride);
}

}  // namespace syncreel::media
