#include "media/clip_encoder.hpp"

#include <cerrno>
#include <string>
#include <utility>

#include "media/argb_to_yuv.hpp"

extern "C" {
#include <libavutil/channel_layout.h>
}

namespace syncreel::media {
namespace {

// Two-second closed GOPs with no scene-cut keyframes: a later HLS rendition can then be
// cut by stream copy at fixed 2 s boundaries, and seeking stays cheap.
constexpr int kGopSeconds = 2;
constexpr int kMaxDimension = 8192;

bool is_io_error(int averror) {
  return averror == AVERROR(EIO) || averror == AVERROR(ENOSPC) || averror == AVERROR(EACCES) ||
         averror == AVERROR(ENOENT) || averror == AVERROR(EROFS) || averror == AVERROR(EDQUOT) ||
         averror == AVERROR(ENOTDIR) || averror == AVERROR(EISDIR) || averror == AVERROR(EPERM);
}

ErrorCode io_code(int averror) { return is_io_error(averror) ? ErrorCode::storage : ErrorCode::internal; }

Result<void> check_config(const ClipEncoderConfig& c) {
  if (c.output.empty()) return fail(Error::invalid("output path is empty", "output"));
  if (c.width <= 0 || c.height <= 0 || c.width % 2 != 0 || c.height % 2 != 0 || c.width > kMaxDimension ||
      c.height > kMaxDimension) {
    return fail(Error::invalid("frame size must be positive, even and at most 8192", "size"));
  }
  if (c.fps < 1 || c.fps > 120) return fail(Error::invalid("fps must be within 1-120", "fps"));
  if (c.crf < 0 || c.crf > 51) return fail(Error::invalid("crf must be within 0-51", "crf"));
  if (c.x264_preset.empty()) return fail(Error::invalid("x264 preset is empty", "x264_preset"));
  if (c.x264_threads < 0) return fail(Error::invalid("x264 threads must be >= 0", "x264_threads"));
  if (c.sample_rate <= 0) return fail(Error::invalid("sample rate must be positive", "sample_rate"));
  if (c.audio_bit_rate <= 0) return fail(Error::invalid("audio bit rate must be positive", "audio_bit_rate"));
  return {};
}

// avcodec_open2 removes the options it used; anything left is a misspelt or unsupported
// option, which would otherwise be silently ignored.
Result<void> open_codec(AVCodecContext* ctx, const AVCodec* codec, Dictionary& options) {
  const int ret = avcodec_open2(ctx, codec, options.out());
  if (ret < 0) return fail(av_error(ret, std::string("opening encoder ") + codec->name));
  if (const AVDictionaryEntry* left = av_dict_get(*options.out(), "", nullptr, AV_DICT_IGNORE_SUFFIX)) {
    return fail(Error::internal(std::string("encoder ") + codec->name + " ignored option " + left->key));
  }
  return {};
}

}  // namespace

Result<ClipEncoder> ClipEncoder::open(const ClipEncoderConfig& config) {
  if (auto ok = check_config(config); !ok) return fail(ok.error());
  ClipEncoder enc;
  // The explicit protocol keeps a path that looks like a URL ("x:y.mp4") a local file.
  const std::string url = "file:" + config.output.string();
  AVFormatContext* raw = nullptr;
  const int ret = avformat_alloc_output_context2(&raw, nullptr, "mp4", url.c_str());
  if (ret < 0) return fail(av_error(ret, "creating the MP4 muxer"));
  enc.format_.reset(raw);
  if (auto ok = enc.open_video(config); !ok) return fail(ok.error());
  if (auto ok = enc.open_audio(config); !ok) return fail(ok.error());
  if (auto ok = enc.open_file(config); !ok) return fail(ok.error());
  return enc;
}

Result<void> ClipEncoder::open_video(const ClipEncoderConfig& config) {
  const AVCodec* codec = avcodec_find_encoder_by_name("libx264");
  if (codec == nullptr) return fail(Error::internal("libavcodec was built without libx264"));
  video_.stream = avformat_new_stream(format_.get(), nullptr);
  video_.codec.reset(avcodec_alloc_context3(codec));
  if (video_.stream == nullptr || !video_.codec) return fail(Error::internal("allocating the video stream"));

  AVCodecContext* c = video_.codec.get();
  c->width = config.width;
  c->height = config.height;
  c->pix_fmt = AV_PIX_FMT_YUV420P;
  c->time_base = AVRational{1, config.fps};
  c->framerate = AVRational{config.fps, 1};
  c->gop_size = config.fps * kGopSeconds;
  c->keyint_min = c->gop_size;
  c->thread_count = config.x264_threads;
  // Tag what argb_to_yuv420_bt709 produces (BT.709, limited range), so players do not guess BT.601.
  c->color_range = AVCOL_RANGE_MPEG;
  c->colorspace = AVCOL_SPC_BT709;
  c->color_primaries = AVCOL_PRI_BT709;
  c->color_trc = AVCOL_TRC_BT709;
  if ((format_->oformat->flags & AVFMT_GLOBALHEADER) != 0) c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;

  Dictionary options;
  const std::string crf = std::to_string(config.crf);
  for (const auto& [key, value] : {std::pair{"preset", config.x264_preset.c_str()}, std::pair{"profile", "high"},
                                   std::pair{"crf", crf.c_str()}, std::pair{"x264-params", "scenecut=0"}}) {
    if (auto ok = options.set(key, value); !ok) return ok;
  }
  if (auto ok = open_codec(c, codec, options); !ok) return ok;

  int ret = avcodec_parameters_from_context(video_.stream->codecpar, c);
  if (ret < 0) return fail(av_error(ret, "copying video parameters"));
  video_.stream->time_base = c->time_base;  // a hint; the muxer may pick a finer one
  video_.stream->avg_frame_rate = c->framerate;

  auto frame = make_frame();
  if (!frame) return fail(frame.error());
  video_.frame = std::move(*frame);
  video_.frame->format = c->pix_fmt;
  video_.frame->width = c->width;
  video_.frame->height = c->height;
  ret = av_frame_get_buffer(video_.frame.get(), 0);
  if (ret < 0) return fail(av_error(ret, "allocating the video frame"));
  auto packet = make_packet();
  if (!packet) return fail(packet.error());
  video_.packet = std::move(*packet);

  return {};
}

Result<void> ClipEncoder::open_audio(const ClipEncoderConfig& config) {
  // FFmpeg's native encoder: LGPL-clean AAC-LC, good enough at 128 kb/s stereo.
  const AVCodec* codec = avcodec_find_encoder_by_name("aac");
  if (codec == nullptr) return fail(Error::internal("libavcodec has no aac encoder"));
  audio_.stream = avformat_new_stream(format_.get(), nullptr);
  audio_.codec.reset(avcodec_alloc_context3(codec));
  if (audio_.stream == nullptr || !audio_.codec) return fail(Error::internal("allocating the audio stream"));

  AVCodecContext* c = audio_.codec.get();
  c->sample_fmt = AV_SAMPLE_FMT_FLTP;
  c->sample_rate = config.sample_rate;
  c->bit_rate = config.audio_bit_rate;
  c->profile = FF_PROFILE_AAC_LOW;
  av_channel_layout_default(&c->ch_layout, kChannels);
  c->time_base = AVRational{1, config.sample_rate};
  if ((format_->oformat->flags & AVFMT_GLOBALHEADER) != 0) c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  Dictionary options;
  if (auto ok = open_codec(c, codec, options); !ok) return ok;
  if (c->frame_size <= 0) return fail(Error::internal("aac encoder reported no frame size"));

  int ret = avcodec_parameters_from_context(audio_.stream->codecpar, c);
  if (ret < 0) return fail(av_error(ret, "copying audio parameters"));
  audio_.stream->time_base = c->time_base;

  auto frame = make_frame();
  if (!frame) return fail(frame.error());
  audio_.frame = std::move(*frame);
  audio_.frame->format = c->sample_fmt;
  audio_.frame->sample_rate = c->sample_rate;
  audio_.frame->nb_samples = c->frame_size;
  ret = av_channel_layout_copy(&audio_.frame->ch_layout, &c->ch_layout);
  if (ret >= 0) ret = av_frame_get_buffer(audio_.frame.get(), 0);
  if (ret < 0) return fail(av_error(ret, "allocating the audio frame"));
  auto packet = make_packet();
  if (!packet) return fail(packet.error());
  audio_.packet = std::move(*packet);
  pending_.reserve(static_cast<std::size_t>(c->frame_size) * kChannels * 2);
  return {};
}

Result<void> ClipEncoder::open_file(const ClipEncoderConfig& config) {
  int ret = avio_open(&format_->pb, format_->url, AVIO_FLAG_WRITE);
  if (ret < 0) return fail(av_error(ret, "creating " + config.output.string(), io_code(ret)));
  Dictionary options;
  if (config.faststart) {
    if (auto ok = options.set("movflags", "+faststart"); !ok) return ok;
  }
  ret = avformat_write_header(format_.get(), options.out());
  if (ret < 0) return fail(av_error(ret, "writing the MP4 header", io_code(ret)));
  return {};
}

Result<void> ClipEncoder::usable() const {
  switch (state_) {
    case State::open: return {};
    case State::finished: return fail(Error::internal("clip encoder used after finish()"));
    case State::failed: return fail(Error::internal("clip encoder used after an earlier failure"));
  }
  return {};
}

std::unexpected<Error> ClipEncoder::broken(Error e) {
  state_ = State::failed;
  return fail(std::move(e));
}

Result<void> ClipEncoder::encode(Stream& s, const AVFrame* frame) {
  AVCodecContext* codec = s.codec.get();
  AVPacket* packet = s.packet.get();
  for (;;) {
    // EAGAIN from send means "read packets first"; EAGAIN/EOF from receive means "no
    // more output for now / ever". Neither is a failure.
    const int sent = avcodec_send_frame(codec, frame);
    if (sent < 0 && sent != AVERROR(EAGAIN)) return broken(av_error(sent, "sending a frame to the encoder"));
    int drained = 0;
    for (;;) {
      int ret = avcodec_receive_packet(codec, packet);
      if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) break;
      if (ret < 0) return broken(av_error(ret, "receiving a packet from the encoder"));
      ++drained;
      // libx264 leaves durations unset; constant frame rate makes each one frame long,
      // and without it the muxer gives the last picture zero length (a short track).
      if (packet->duration == 0 && codec->codec_type == AVMEDIA_TYPE_VIDEO) packet->duration = 1;
      av_packet_rescale_ts(packet, codec->time_base, s.stream->time_base);
      packet->stream_index = s.stream->index;
      // Takes the packet's reference and leaves it blank for the next receive.
      ret = av_interleaved_write_frame(format_.get(), packet);
      if (ret < 0) return broken(av_error(ret, "writing a packet", io_code(ret)));
    }
    if (sent != AVERROR(EAGAIN)) return {};
    if (drained == 0) return broken(Error::internal("encoder refused input without producing output"));
  }
}

Result<void> ClipEncoder::add_video_frame(const std::uint8_t* pixels, int stride) {
  if (auto ok = usable(); !ok) return ok;
  const AVCodecContext* c = video_.codec.get();
  if (pixels == nullptr || stride < c->width * kInputBytesPerPixel) {
    return fail(Error::invalid("video frame is null or its stride is shorter than a row", "stride"));
  }
  AVFrame* f = video_.frame.get();
  // The encoder may still reference the previous picture; this copies only if so.
  int ret = av_frame_make_writable(f);
  if (ret < 0) return broken(av_error(ret, "making the video frame writable"));
  argb_to_yuv420_bt709(pixels, stride, c->width, c->height, yuv420_planes(*f));
  f->pts = video_.next_pts++;
  return encode(video_, f);
}

Result<void> ClipEncoder::send_audio_frame(const float* interleaved, std::size_t samples) {
  AVFrame* f = audio_.frame.get();
  f->nb_samples = audio_.codec->frame_size;  // make_writable reallocates at this size
  const int ret = av_frame_make_writable(f);
  if (ret < 0) return broken(av_error(ret, "making the audio frame writable"));
  f->nb_samples = static_cast<int>(samples);
  auto* left = reinterpret_cast<float*>(f->data[0]);
  auto* right = reinterpret_cast<float*>(f->data[1]);
  for (std::size_t i = 0; i < samples; ++i) {
    left[i] = interleaved[2 * i];
    right[i] = interleaved[2 * i + 1];
  }
  f->pts = audio_.next_pts;
  audio_.next_pts += static_cast<std::int64_t>(samples);
  return encode(audio_, f);
}

Result<void> ClipEncoder::add_audio(std::span<const float> interleaved_stereo) {
  if (auto ok = usable(); !ok) return ok;
  if (interleaved_stereo.size() % kChannels != 0) {
    return fail(Error::invalid("audio must hold whole stereo samples", "audio"));
  }
  pending_.insert(pending_.end(), interleaved_stereo.begin(), interleaved_stereo.end());
  // The AAC encoder takes exactly frame_size samples per frame, except the very last.
  const auto frame_values = static_cast<std::size_t>(audio_.codec->frame_size) * kChannels;
  std::size_t used = 0;
  while (pending_.size() - used >= frame_values) {
    if (auto ok = send_audio_frame(pending_.data() + used, frame_values / kChannels); !ok) return ok;
    used += frame_values;
  }
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(used));
  return {};
}

Result<void> ClipEncoder::finish() {
  if (auto ok = usable(); !ok) return ok;
  if (auto ok = encode(video_, nullptr); !ok) return ok;
  // A short final frame is allowed; the encoder's trailing padding and its 1024-sample
  // priming are recorded in the packets' timestamps, and the MP4 muxer turns them into
  // an edit list, so the track plays exactly the samples we were given.
  if (!pending_.empty()) {
    if (auto ok = send_audio_frame(pending_.data(), pending_.size() / kChannels); !ok) return ok;
    pending_.clear();
  }
  if (auto ok = encode(audio_, nullptr); !ok) return ok;
  int ret = av_write_trailer(format_.get());
  if (ret < 0) return broken(av_error(ret, "writing the MP4 index", io_code(ret)));
  // Closing flushes the last buffered bytes; a full disk shows up here, not earlier.
  ret = avio_closep(&format_->pb);
  if (ret < 0) return broken(av_error(ret, "closing the MP4 file", io_code(ret)));
  state_ = State::finished;
  return {};
}

}  // namespace syncreel::media
