#include "media/video_rendition.hpp"

#include <exception>
#include <span>
#include <utility>

namespace syncreel::media {
namespace {

// avcodec_open2 removes the options it used; anything left would be silently ignored.
Result<void> open_codec(AVCodecContext* ctx, const AVCodec* codec, Dictionary& options) {
  const int ret = avcodec_open2(ctx, codec, options.out());
  if (ret < 0) return fail(av_error(ret, std::string("opening encoder ") + codec->name));
  if (const AVDictionaryEntry* left = av_dict_get(*options.out(), "", nullptr, AV_DICT_IGNORE_SUFFIX)) {
    return fail(Error::internal(std::string("encoder ") + codec->name + " ignored option " + left->key));
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<VideoRendition>> VideoRendition::create(const VideoRenditionConfig& config) {
  if (config.width <= 0 || config.height <= 0 || config.width % 2 != 0 || config.height % 2 != 0 ||
      config.source_width <= 0 || config.source_height <= 0 || config.gop_frames <= 0) {
    return fail(Error::invalid("bad rendition size or GOP"));
  }
  if (!config.hls_dir.empty() &&
      (config.frames_per_segment <= 0 || config.frames_per_segment % config.gop_frames != 0)) {
    return fail(Error::invalid("HLS segments must be whole GOPs"));
  }
  std::unique_ptr<VideoRendition> r(new VideoRendition(config));
  if (auto ok = r->open_encoder(); !ok) return fail(ok.error());
  return r;
}

Result<void> VideoRendition::open_encoder() {
  const AVCodec* codec = avcodec_find_encoder_by_name("libx264");
  if (codec == nullptr) return fail(Error::internal("libavcodec was built without libx264"));
  codec_.reset(avcodec_alloc_context3(codec));
  if (!codec_) return fail(Error::internal("allocating the video encoder"));
  AVCodecContext* c = codec_.get();
  c->width = config_.width;
  c->height = config_.height;
  c->pix_fmt = AV_PIX_FMT_YUV420P;
  c->time_base = AVRational{1, config_.fps};
  c->framerate = AVRational{config_.fps, 1};
  c->thread_count = config_.x264_threads;
  // Alignment across renditions: the same fixed GOP everywhere, no scene-cut keyframes,
  // and the GOP starts forced as IDR frames, so every encoder cuts at the same frames
  // whatever its picture size makes x264 decide.
  c->gop_size = config_.gop_frames;
  c->keyint_min = config_.gop_frames;
  c->color_range = AVCOL_RANGE_MPEG;
  c->colorspace = AVCOL_SPC_BT709;
  c->color_primaries = AVCOL_PRI_BT709;
  c->color_trc = AVCOL_TRC_BT709;
  // Both the MP4 and the fMP4 muxer want the SPS/PPS out of band (avcC).
  c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;

  Dictionary options;
  const std::string crf = std::to_string(config_.crf);
  for (const auto& [key, value] :
       {std::pair{"preset", config_.x264_preset.c_str()}, std::pair{"profile", "high"}, std::pair{"crf", crf.c_str()},
        std::pair{"forced-idr", "1"}, std::pair{"x264-params", "scenecut=0:open-gop=0"}}) {
    if (auto ok = options.set(key, value); !ok) return ok;
  }
  if (auto ok = open_codec(c, codec, options); !ok) return ok;

  auto packet = make_packet();
  if (!packet) return fail(packet.error());
  packet_ = std::move(*packet);
  if (config_.width == config_.source_width && config_.height == config_.source_height) return {};

  auto frame = make_frame();
  if (!frame) return fail(frame.error());
  scaled_ = std::move(*frame);
  scaled_->format = c->pix_fmt;
  scaled_->width = c->width;
  scaled_->height = c->height;
  const int ret = av_frame_get_buffer(scaled_.get(), 0);
  if (ret < 0) return fail(av_error(ret, "allocating the scaled frame"));
  // YUV to YUV at the same range and matrix: only the size changes. Bicubic keeps the
  // downscaled text and edges sharper than bilinear at little cost next to x264.
  scaler_.reset(sws_getContext(config_.source_width, config_.source_height, AV_PIX_FMT_YUV420P, c->width, c->height,
                               c->pix_fmt, SWS_BICUBIC, nullptr, nullptr, nullptr));
  if (!scaler_) return fail(Error::internal("creating the rendition scaler"));
  return {};
}

int VideoRendition::reorder_delay() const { return codec_->has_b_frames; }

Result<void> VideoRendition::start(const AVCodecContext* audio, std::int64_t shift_frames) {
  if (!config_.mp4.empty()) {
    auto mp4 = Mp4Writer::open(config_.mp4, codec_.get(), audio);
    if (!mp4) return fail(mp4.error());
    mp4_.emplace(std::move(*mp4));
  }
  if (!config_.hls_dir.empty()) {
    const Fmp4Timing timing{config_.fps, config_.frames_per_segment, shift_frames};
    auto hls = Fmp4Segmenter::open(config_.hls_dir, codec_.get(), audio, timing);
    if (!hls) return fail(hls.error());
    hls_.emplace(std::move(*hls));
  }
  thread_ = std::thread([this] { run(); });
  return {};
}

VideoRendition::~VideoRendition() {
  queue_.cancel();
  if (thread_.joinable()) thread_.join();
}

bool VideoRendition::push(Item item) { return queue_.push(std::move(item)); }

Result<VideoRenditionResult> VideoRendition::join() {
  if (thread_.joinable()) thread_.join();
  return std::move(outcome_);
}

void VideoRendition::run() noexcept {
  // Nothing may escape the thread: an exception becomes the rendition's error.
  Result<VideoRenditionResult> result = fail(Error::internal("rendition thread failed"));
  try {
    result = loop();
  } catch (const std::exception& e) {
    result = fail(Error::internal(std::string("rendition thread: ") + e.what()));
  } catch (...) {
    result = fail(Error::internal("rendition thread: unknown exception"));
  }
  // A producer blocked on a full queue must learn that nobody will drain it.
  if (!result) queue_.cancel();
  outcome_ = std::move(result);
}

Result<VideoRenditionResult> VideoRendition::loop() {
  while (auto item = queue_.pop()) {
    if (auto* frame = std::get_if<FramePtr>(&*item)) {
      if (auto ok = encode_picture(frame->get()); !ok) return fail(ok.error());
    } else if (auto ok = deliver_audio(std::get<PacketPtr>(*item).get()); !ok) {
      return fail(ok.error());
    }
  }
  if (queue_.cancelled()) return fail(Error::cancelled("rendition cancelled"));
  // Flush in stage order: the encoder's delayed pictures first, then each muxer.
  if (auto ok = encode(nullptr); !ok) return fail(ok.error());
  if (mp4_) {
    if (auto ok = mp4_->finish(); !ok) return fail(ok.error());
  }
  VideoRenditionResult result;
  result.frames = frames_;
  if (hls_) {
    if (auto ok = hls_->finish(frames_); !ok) return fail(ok.error());
    result.segments = hls_->segments();
  }
  const AVCodecContext* c = codec_.get();
  result.video_codec = avc_codec_string(std::span<const std::uint8_t>(c->extradata, c->extradata_size));
  if (result.video_codec.empty()) return fail(Error::internal("no SPS in the H.264 encoder's extradata"));
  return result;
}

Result<void> VideoRendition::encode_picture(const AVFrame* source) {
  ++frames_;
  if (!scaler_) return encode(source);
  AVFrame* f = scaled_.get();
  // The encoder may still reference the previous picture; this copies only if so.
  int ret = av_frame_make_writable(f);
  if (ret < 0) return fail(av_error(ret, "making the scaled frame writable"));
  ret = sws_scale(scaler_.get(), source->data, source->linesize, 0, source->height, f->data, f->linesize);
  if (ret != f->height) return fail(Error::internal("scaling a picture for a rendition failed"));
  f->pts = source->pts;
  f->pict_type = source->pict_type;
  return encode(f);
}

Result<void> VideoRendition::encode(const AVFrame* frame) {
  AVCodecContext* codec = codec_.get();
  AVPacket* packet = packet_.get();
  for (;;) {
    // EAGAIN from send means "read packets first"; EAGAIN/EOF from receive means "no
    // more output for now / ever". Neither is a failure.
    const int sent = avcodec_send_frame(codec, frame);
    if (sent < 0 && sent != AVERROR(EAGAIN)) return fail(av_error(sent, "sending a picture to the encoder"));
    int drained = 0;
    for (;;) {
      const int ret = avcodec_receive_packet(codec, packet);
      if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) break;
      if (ret < 0) return fail(av_error(ret, "receiving a packet from the encoder"));
      ++drained;
      // The same packet, muxed twice: both sinks take their own reference.
      Result<void> ok;
      if (mp4_) ok = mp4_->write_video(packet);
      if (ok && hls_) ok = hls_->add_video(packet);
      av_packet_unref(packet);
      if (!ok) return ok;
    }
    if (sent != AVERROR(EAGAIN)) return {};
    if (drained == 0) return fail(Error::internal("encoder refused input without producing output"));
  }
}

Result<void> VideoRendition::deliver_audio(const AVPacket* packet) {
  if (mp4_) {
    if (auto ok = mp4_->write_audio(packet); !ok) return ok;
  }
  if (hls_) return hls_->add_audio(packet);
  return {};
}

}  // namespace syncreel::media
