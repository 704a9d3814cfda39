#include "media/poster.hpp"

#include <fstream>
#include <string>
#include <system_error>

#include "media/av_handles.hpp"

namespace syncreel::media {
namespace {

// MJPEG qscale 2-31; 3 is visually clean while keeping a 720p poster near 100 KB.
constexpr int kQuality = 3;
constexpr int kMaxDimension = 8192;

Result<PacketPtr> encode_jpeg(const std::uint8_t* pixels, int width, int height, int stride) {
  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
  if (codec == nullptr) return fail(Error::internal("libavcodec has no mjpeg encoder"));
  CodecContextPtr ctx(avcodec_alloc_context3(codec));
  if (!ctx) return fail(Error::internal("allocating the jpeg encoder"));
  ctx->width = width;
  ctx->height = height;
  ctx->pix_fmt = AV_PIX_FMT_YUVJ420P;
  ctx->color_range = AVCOL_RANGE_JPEG;
  ctx->time_base = AVRational{1, 1};
  ctx->flags |= AV_CODEC_FLAG_QSCALE;
  ctx->global_quality = kQuality * FF_QP2LAMBDA;
  int ret = avcodec_open2(ctx.get(), codec, nullptr);
  if (ret < 0) return fail(av_error(ret, "opening the jpeg encoder"));

  auto frame = make_frame();
  if (!frame) return fail(frame.error());
  AVFrame* f = frame->get();
  f->format = ctx->pix_fmt;
  f->width = width;
  f->height = height;
  f->quality = ctx->global_quality;
  f->pts = 0;
  ret = av_frame_get_buffer(f, 0);
  if (ret < 0) return fail(av_error(ret, "allocating the poster frame"));

  // Convert into plain yuv420p with full-range BT.601 (what JFIF means) instead of asking
  // swscale for the deprecated yuvj420p, which only differs by that range flag.
  SwsPtr sws(sws_getContext(width, height, kInputPixelFormat, width, height, AV_PIX_FMT_YUV420P, SWS_BILINEAR,
                            nullptr, nullptr, nullptr));
  if (!sws) return fail(Error::internal("creating the RGB to YUV converter"));
  const int* bt601 = sws_getCoefficients(SWS_CS_ITU601);
  if (sws_setColorspaceDetails(sws.get(), bt601, 1, bt601, 1, 0, 1 << 16, 1 << 16) < 0) {
    return fail(Error::internal("setting full-range conversion"));
  }
  const std::uint8_t* const src[] = {pixels};
  const int src_stride[] = {stride};
  if (sws_scale(sws.get(), src, src_stride, 0, height, f->data, f->linesize) != height) {
    return fail(Error::internal("converting the poster to YUV failed"));
  }

  ret = avcodec_send_frame(ctx.get(), f);
  if (ret >= 0) ret = avcodec_send_frame(ctx.get(), nullptr);
  if (ret < 0) return fail(av_error(ret, "encoding the poster"));
  auto packet = make_packet();
  if (!packet) return fail(packet.error());
  ret = avcodec_receive_packet(ctx.get(), packet->get());
  if (ret < 0) return fail(av_error(ret, "encoding the poster"));
  return std::move(*packet);
}

}  // namespace

Result<void> write_jpeg(const std::filesystem::path& path, const std::uint8_t* pixels, int width, int height,
                        int stride) {
  if (pixels == nullptr) return fail(Error::invalid("poster pixels are null", "pixels"));
  if (width <= 0 || height <= 0 || width > kMaxDimension || height > kMaxDimension) {
    return fail(Error::invalid("poster size must be within 1-8192", "size"));
  }
  if (stride < width * kInputBytesPerPixel) {
    return fail(Error::invalid("poster stride is shorter than a row", "stride"));
  }
  auto packet = encode_jpeg(pixels, width, height, stride);
  if (!packet) return fail(packet.error());

  // Write beside the target and rename, so a reader never sees half a JPEG and a failed
  // write leaves nothing behind.
  std::filesystem::path partial = path;
  partial += ".part";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    if (!out) return fail(Error::storage("cannot create " + partial.string()));
    out.write(reinterpret_cast<const char*>((*packet)->data), (*packet)->size);
    out.close();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(partial, ignored);
      return fail(Error::storage("cannot write " + partial.string()));
    }
  }
  std::error_code ec;
  std::filesystem::rename(partial, path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    return fail(Error::storage("cannot rename the poster into " + path.string() + ": " + ec.message()));
  }
  return {};
}

}  // namespace syncreel::media
