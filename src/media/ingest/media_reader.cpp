#include "media/ingest/media_reader.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

#include "media/ingest/ingest_error.hpp"

namespace syncreel::media {
namespace {

namespace ie = ingest_error;
using Clock = std::chrono::steady_clock;

struct InputDeleter {
  void operator()(AVFormatContext* ctx) const { avformat_close_input(&ctx); }
};
using InputPtr = std::unique_ptr<AVFormatContext, InputDeleter>;

// The demuxers syncreel accepts (names as libavformat registers them).
constexpr std::array kDemuxers = {std::string_view("mov,mp4,m4a,3gp,3g2,mj2"), std::string_view("matroska,webm")};
constexpr std::array kVideoCodecs = {AV_CODEC_ID_H264, AV_CODEC_ID_HEVC, AV_CODEC_ID_VP8,
                                     AV_CODEC_ID_VP9,  AV_CODEC_ID_AV1,  AV_CODEC_ID_MPEG4};
constexpr std::array kAudioCodecs = {AV_CODEC_ID_AAC,  AV_CODEC_ID_OPUS,      AV_CODEC_ID_VORBIS,
                                     AV_CODEC_ID_MP3,  AV_CODEC_ID_FLAC,      AV_CODEC_ID_PCM_S16LE,
                                     AV_CODEC_ID_PCM_S24LE, AV_CODEC_ID_PCM_F32LE};
constexpr std::size_t kSniffBytes = 64 * 1024;

template <std::size_t N>
bool allowed(const std::array<AVCodecID, N>& list, AVCodecID id) {
  return std::find(list.begin(), list.end(), id) != list.end();
}

// libavformat's codec_whitelist takes decoder names; these are the decoders libavcodec
// picks for the accepted codec ids, so probing cannot run any other decoder.
std::string decoder_whitelist() {
  std::string names;
  auto add = [&](AVCodecID id) {
    if (const AVCodec* c = avcodec_find_decoder(id)) names += (names.empty() ? "" : ",") + std::string(c->name);
  };
  for (auto id : kVideoCodecs) add(id);
  for (auto id : kAudioCodecs) add(id);
  return names;
}

// Set on every AVFormatContext read and checked between packets: a read past the
// deadline or after `stop` returns AVERROR_EXIT.
struct Interrupt {
  Clock::time_point deadline;
  const std::atomic<bool>* stop = nullptr;

  bool stopped() const { return stop != nullptr && stop->load(std::memory_order_relaxed); }
  bool late() const { return Clock::now() > deadline; }
  static int callback(void* opaque) {
    const auto* self = static_cast<const Interrupt*>(opaque);
    return self->stopped() || self->late() ? 1 : 0;
  }
  Error error() const {
    if (stopped()) return Error::cancelled("reading the media was cancelled");
    return ie::refused(ErrorCode::timeout, ie::kTimeout, "reading the media took longer than allowed");
  }
};

// Per-stream option dictionaries for avformat_find_stream_info, freed on every path.
class StreamOptions {
 public:
  StreamOptions(unsigned streams, std::int64_t max_pixels) : dicts_(streams, nullptr) {
    const std::string pixels = std::to_string(max_pixels);
    for (auto& d : dicts_) av_dict_set(&d, "max_pixels", pixels.c_str(), 0);
  }
  StreamOptions(const StreamOptions&) = delete;
  StreamOptions& operator=(const StreamOptions&) = delete;
  ~StreamOptions() {
    for (auto& d : dicts_) av_dict_free(&d);
  }
  AVDictionary** data() { return dicts_.empty() ? nullptr : dicts_.data(); }

 private:
  std::vector<AVDictionary*> dicts_;
};

// Which demuxer the first bytes call for, or null: decided here, against our list,
// before libavformat would try every demuxer it has on untrusted bytes.
Result<const AVInputFormat*> sniff(const std::filesystem::path& path, std::uintmax_t size) {
  std::vector<unsigned char> head(std::min<std::uintmax_t>(size, kSniffBytes) + AVPROBE_PADDING_SIZE, 0);
  std::ifstream in(path, std::ios::binary);
  in.read(reinterpret_cast<char*>(head.data()), static_cast<std::streamsize>(head.size() - AVPROBE_PADDING_SIZE));
  if (in.gcount() <= 0) return fail(Error::storage("cannot read the media file"));
  AVProbeData probe{};
  probe.filename = "";
  probe.buf = head.data();
  probe.buf_size = static_cast<int>(in.gcount());
  int score = 0;
  const AVInputFormat* format = av_probe_input_format2(&probe, 1, &score);
  if (format == nullptr || std::find(kDemuxers.begin(), kDemuxers.end(), format->name) == kDemuxers.end()) {
    return fail(ie::refused(ErrorCode::invalid_argument, ie::kUnrecognised, "not an MP4, MOV or WebM file"));
  }
  return format;
}

double seconds_of(std::int64_t ts, AVRational time_base) {
  return static_cast<double>(ts) * av_q2d(time_base);
}

}  // namespace

struct MediaReader::Impl {
  Interrupt interrupt;
  IngestLimits limits;
  MediaInfo info;
  InputPtr input;
  int video_index = -1;
  int audio_index = -1;
  CodecContextPtr video;
  CodecContextPtr audio;
  PacketPtr packet;
  bool end_of_file = false;
  bool video_done = false;
  bool audio_done = true;
  bool spent = false;
  int decode_errors = 0;
  double claimed_video_seconds = 0;  // the video stream's own duration claim; 0 if none
  std::int64_t video_frames = 0;
  std::int64_t audio_samples = 0;
  double first_video_seconds = 0;
  double last_video_seconds = 0;

  Result<void> probe(const std::filesystem::path& path, const AVInputFormat* format);
  Result<CodecContextPtr> open_decoder(int index);
  Result<std::optional<DecodedFrame>> next();
  Result<std::optional<DecodedFrame>> receive(bool is_video);
  Result<DecodedFrame> accept(FramePtr frame, bool is_video);
  Result<void> send(AVCodecContext* codec, const AVPacket* packet);
  Result<void> check_complete() const;
};

Result<void> MediaReader::Impl::probe(const std::filesystem::path& path, const AVInputFormat* format) {
  AVFormatContext* raw = avformat_alloc_context();
  if (raw == nullptr) return fail(Error::internal("avformat_alloc_context: out of memory"));
  raw->interrupt_callback = {&Interrupt::callback, &interrupt};
  Dictionary options;
  const std::string probe_bytes = std::to_string(limits.probe_bytes);
  const std::string analyze = std::to_string(limits.analyze_microseconds);
  const std::string streams = std::to_string(limits.max_streams);
  const std::string decoders = decoder_whitelist();
  for (auto [key, value] : {std::pair{"probesize", probe_bytes.c_str()}, std::pair{"analyzeduration", analyze.c_str()},
                            std::pair{"max_streams", streams.c_str()}, std::pair{"protocol_whitelist", "file"},
                            std::pair{"codec_whitelist", decoders.c_str()}}) {
    if (auto ok = options.set(key, value); !ok) {
      avformat_free_context(raw);
      return ok;
    }
  }
  // On failure avformat_open_input frees the context itself.
  int ret = avformat_open_input(&raw, path.c_str(), format, options.out());
  if (ret < 0) {
    // An interrupted open reports whatever the interrupted call failed with.
    if (ret == AVERROR_EXIT || interrupt.stopped() || interrupt.late()) return fail(interrupt.error());
    return fail(ie::refused(ErrorCode::invalid_argument, ie::kMalformed,
                            "the container cannot be read: " + av_error(ret, "open").message));
  }
  input.reset(raw);

  // Sizes from the header, checked before find_stream_info decodes anything.
  for (unsigned i = 0; i < input->nb_streams; ++i) {
    const AVCodecParameters* p = input->streams[i]->codecpar;
    if (p->codec_type == AVMEDIA_TYPE_VIDEO &&
        (p->width > limits.max_width || p->height > limits.max_height ||
         static_cast<std::int64_t>(p->width) * p->height > limits.max_pixels)) {
      return fail(ie::refused(ErrorCode::too_large, ie::kPictureTooLarge,
                              "picture " + std::to_string(p->width) + "x" + std::to_string(p->height) +
                                  " exceeds the limit"));
    }
  }
  StreamOptions per_stream(input->nb_streams, limits.max_pixels);
  ret = avformat_find_stream_info(input.get(), per_stream.data());
  if (ret < 0) {
    if (ret == AVERROR_EXIT || interrupt.stopped() || interrupt.late()) return fail(interrupt.error());
    return fail(ie::refused(ErrorCode::invalid_argument, ie::kMalformed,
                            "the streams cannot be read: " + av_error(ret, "probe").message));
  }

  video_index = av_find_best_stream(input.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (video_index >= 0 && (input->streams[video_index]->disposition & AV_DISPOSITION_ATTACHED_PIC) != 0) {
    video_index = -1;  // cover art is a still, not a video
  }
  if (video_index < 0) return fail(ie::refused(ErrorCode::invalid_argument, ie::kNoVideo, "the file has no video"));
  const AVStream* vs = input->streams[video_index];
  const AVCodecParameters* vp = vs->codecpar;
  if (!allowed(kVideoCodecs, vp->codec_id)) {
    return fail(ie::refused(ErrorCode::invalid_argument, ie::kUnsupportedCodec,
                            std::string("video codec not accepted: ") + avcodec_get_name(vp->codec_id)));
  }
  if (vp->width <= 0 || vp->height <= 0) {
    return fail(ie::refused(ErrorCode::invalid_argument, ie::kMalformed, "the video has no picture size"));
  }
  if (vp->width > limits.max_width || vp->height > limits.max_height ||
      static_cast<std::int64_t>(vp->width) * vp->height > limits.max_pixels) {
    return fail(ie::refused(ErrorCode::too_large, ie::kPictureTooLarge, "the picture exceeds the size limit"));
  }
  const AVRational rate = vs->avg_frame_rate.num > 0 ? vs->avg_frame_rate : vs->r_frame_rate;
  const double fps = rate.num > 0 && rate.den > 0 ? av_q2d(rate) : 0.0;
  if (fps > limits.max_fps) {
    return fail(ie::refused(ErrorCode::invalid_argument, ie::kMalformed, "the frame rate exceeds the limit"));
  }
  if (vs->duration != AV_NOPTS_VALUE && vs->duration > 0) claimed_video_seconds = seconds_of(vs->duration, vs->time_base);
  const double container_seconds =
      input->duration != AV_NOPTS_VALUE && input->duration > 0 ? static_cast<double>(input->duration) / AV_TIME_BASE : 0.0;
  const double claimed = std::max(claimed_video_seconds, container_seconds);
  if (!(claimed <= limits.max_duration_seconds)) {
    return fail(ie::refused(ErrorCode::too_large, ie::kTooLong, "the media claims to last longer than allowed"));
  }

  info.container = input->iformat->name;
  info.duration_seconds = claimed;
  info.video_codec = avcodec_get_name(vp->codec_id);
  info.width = vp->width;
  info.height = vp->height;
  info.fps = fps;

  audio_index = av_find_best_stream(input.get(), AVMEDIA_TYPE_AUDIO, -1, video_index, nullptr, 0);
  if (audio_index >= 0) {
    const AVCodecParameters* ap = input->streams[audio_index]->codecpar;
    if (!allowed(kAudioCodecs, ap->codec_id)) {
      return fail(ie::refused(ErrorCode::invalid_argument, ie::kUnsupportedCodec,
                              std::string("audio codec not accepted: ") + avcodec_get_name(ap->codec_id)));
    }
    if (ap->sample_rate <= 0 || ap->sample_rate > 192000 || ap->ch_layout.nb_channels <= 0 ||
        ap->ch_layout.nb_channels > 8) {
      return fail(ie::refused(ErrorCode::invalid_argument, ie::kMalformed, "the audio format is not plausible"));
    }
    info.has_audio = true;
    info.audio_codec = avcodec_get_name(ap->codec_id);
    info.sample_rate = ap->sample_rate;
    info.channels = ap->ch_layout.nb_channels;
  }
  return {};
}

Result<CodecContextPtr> MediaReader::Impl::open_decoder(int index) {
  const AVCodecParameters* params = input->streams[index]->codecpar;
  const AVCodec* codec = avcodec_find_decoder(params->codec_id);
  if (codec == nullptr) {
    return fail(ie::refused(ErrorCode::invalid_argument, ie::kUnsupportedCodec,
                            std::string("no decoder for ") + avcodec_get_name(params->codec_id)));
  }
  CodecContextPtr ctx(avcodec_alloc_context3(codec));
  if (!ctx) return fail(Error::internal("avcodec_alloc_context3: out of memory"));
  if (int ret = avcodec_parameters_to_context(ctx.get(), params); ret < 0) return fail(av_error(ret, "decoder setup"));
  ctx->pkt_timebase = input->streams[index]->time_base;
  ctx->max_pixels = limits.max_pixels;
  // Two threads: decoding overlaps the caller's work without multiplying frame memory.
  ctx->thread_count = 2;
  if (int ret = avcodec_open2(ctx.get(), codec, nullptr); ret < 0) {
    return fail(ie::refused(ErrorCode::invalid_argument, ie::kMalformed,
                            "the decoder refuses the stream: " + av_error(ret, "open").message));
  }
  return ctx;
}

Result<void> MediaReader::Impl::send(AVCodecContext* codec, const AVPacket* pkt) {
  const int ret = avcodec_send_packet(codec, pkt);
  if (ret >= 0 || ret == AVERROR_EOF) return {};
  if (ret == AVERROR(ENOMEM)) return fail(Error::internal("decoder: out of memory"));
  // A damaged packet: decoders conceal a few, a file made of them is refused.
  if (++decode_errors > limits.max_decode_errors) {
    return fail(ie::refused(ErrorCode::invalid_argument, ie::kMalformed,
                            "too many damaged packets: " + av_error(ret, "decode").message));
  }
  return {};
}

Result<DecodedFrame> MediaReader::Impl::accept(FramePtr frame, bool is_video) {
  const AVStream* stream = input->streams[is_video ? video_index : audio_index];
  const std::int64_t ts = frame->best_effort_timestamp;
  if (is_video) {
    if (frame->width > limits.max_width || frame->height > limits.max_height ||
        static_cast<std::int64_t>(frame->width) * frame->height > limits.max_pixels) {
      return fail(ie::refused(ErrorCode::too_large, ie::kPictureTooLarge, "a picture exceeds the size limit"));
    }
    // A frame without a timestamp follows the previous one by a frame duration.
    const double step = info.fps > 0 ? 1.0 / info.fps : 1.0 / 25;
    const double seconds = ts != AV_NOPTS_VALUE ? seconds_of(ts, stream->time_base)
                                                : (video_frames == 0 ? 0.0 : last_video_seconds + step);
    if (video_frames == 0) first_video_seconds = seconds;
    last_video_seconds = std::max(last_video_seconds, seconds);
    ++video_frames;
    // Counted as well as timed, so a stream whose timestamps stand still cannot run on.
    const double frame_cap = limits.max_duration_seconds * limits.max_fps + 1;
    if (last_video_seconds - first_video_seconds > limits.max_duration_seconds ||
        static_cast<double>(video_frames) > frame_cap) {
      return fail(ie::refused(ErrorCode::too_large, ie::kTooLong, "the video lasts longer than allowed"));
    }
    return DecodedFrame{DecodedFrame::Kind::video, std::move(frame), seconds};
  }
  audio_samples += frame->nb_samples;
  if (static_cast<double>(audio_samples) > (limits.max_duration_seconds + 1) * std::max(frame->sample_rate, 1)) {
    return fail(ie::refused(ErrorCode::too_large, ie::kTooLong, "the audio lasts longer than allowed"));
  }
  const double seconds = ts != AV_NOPTS_VALUE ? seconds_of(ts, stream->time_base) : 0.0;
  return DecodedFrame{DecodedFrame::Kind::audio, std::move(frame), seconds};
}

Result<std::optional<DecodedFrame>> MediaReader::Impl::receive(bool is_video) {
  AVCodecContext* codec = is_video ? video.get() : audio.get();
  bool& done = is_video ? video_done : audio_done;
  while (!done && codec != nullptr) {
    auto frame = make_frame();
    if (!frame) return fail(frame.error());
    const int ret = avcodec_receive_frame(codec, frame->get());
    if (ret == AVERROR(EAGAIN)) return std::nullopt;
    if (ret == AVERROR_EOF) {
      done = true;
      return std::nullopt;
    }
    if (ret < 0) {
      if (++decode_errors > limits.max_decode_errors) {
        return fail(ie::refused(ErrorCode::invalid_argument, ie::kMalformed,
                                "the stream cannot be decoded: " + av_error(ret, "decode").message));
      }
      continue;
    }
    auto accepted = accept(std::move(*frame), is_video);
    if (!accepted) return fail(accepted.error());
    return std::optional<DecodedFrame>(std::move(*accepted));
  }
  return std::nullopt;
}

Result<void> MediaReader::Impl::check_complete() const {
  if (video_frames == 0) {
    return fail(ie::refused(ErrorCode::invalid_argument, ie::kMalformed, "no picture in the file can be decoded"));
  }
  const double step = info.fps > 0 ? 1.0 / info.fps : 0.0;
  const double decoded = last_video_seconds - first_video_seconds + step;
  if (claimed_video_seconds > 0 && decoded < claimed_video_seconds - std::max(0.5, 0.1 * claimed_video_seconds)) {
    return fail(ie::refused(ErrorCode::invalid_argument, ie::kTruncated,
                            "the video ends at " + std::to_string(decoded) + " s of the " +
                                std::to_string(claimed_video_seconds) + " s its header claims"));
  }
  return {};
}

Result<std::optional<DecodedFrame>> MediaReader::Impl::next() {
  while (true) {
    if (interrupt.stopped() || interrupt.late()) return fail(interrupt.error());
    for (bool is_video : {true, false}) {
      auto got = receive(is_video);
      if (!got || got->has_value()) return got;
    }
    if (end_of_file) {
      if (!video_done || !audio_done) continue;  // the flushed decoders still hold frames
      if (video) {
        if (auto ok = check_complete(); !ok) return fail(ok.error());
      }
      return std::nullopt;
    }
    const int ret = av_read_frame(input.get(), packet.get());
    if (ret == AVERROR_EXIT) return fail(interrupt.error());
    if (ret < 0) {
      // The end, or bytes that stop making sense: both end the streams here, and
      // check_complete tells a short file from a whole one.
      end_of_file = true;
      if (video) {
        if (auto ok = send(video.get(), nullptr); !ok) return fail(ok.error());
      }
      if (audio) {
        if (auto ok = send(audio.get(), nullptr); !ok) return fail(ok.error());
      }
      continue;
    }
    Result<void> sent{};
    if (video && packet->stream_index == video_index) {
      sent = send(video.get(), packet.get());
    } else if (audio && packet->stream_index == audio_index) {
      sent = send(audio.get(), packet.get());
    }
    av_packet_unref(packet.get());
    if (!sent) return fail(sent.error());
  }
}

Result<MediaReader> MediaReader::open(const std::filesystem::path& path, const IngestLimits& limits,
                                      const std::atomic<bool>* stop, Decode decode) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    return fail(ie::refused(ErrorCode::invalid_argument, ie::kNotAFile, "the media file does not exist"));
  }
  if (!std::filesystem::is_regular_file(status)) {
    return fail(ie::refused(ErrorCode::invalid_argument, ie::kNotAFile, "the media is not a regular file"));
  }
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) return fail(Error::storage("cannot read the media file's size"));
  if (size == 0) return fail(ie::refused(ErrorCode::invalid_argument, ie::kEmpty, "the media file is empty"));
  if (size > limits.max_file_bytes) {
    return fail(ie::refused(ErrorCode::too_large, ie::kFileTooLarge, "the media file exceeds the size limit"));
  }
  auto format = sniff(path, size);
  if (!format) return fail(format.error());

  auto impl = std::make_unique<Impl>();
  impl->limits = limits;
  impl->interrupt = {Clock::now() + limits.time_budget, stop};
  impl->info.file_bytes = size;
  if (auto ok = impl->probe(path, *format); !ok) return fail(ok.error());
  if (decode != Decode::audio_only) {
    auto video = impl->open_decoder(impl->video_index);
    if (!video) return fail(video.error());
    impl->video = std::move(*video);
  } else {
    impl->video_done = true;
  }
  if (impl->audio_index >= 0 && decode != Decode::video_only) {
    auto audio = impl->open_decoder(impl->audio_index);
    if (!audio) return fail(audio.error());
    impl->audio = std::move(*audio);
    impl->audio_done = false;
  }
  auto packet = make_packet();
  if (!packet) return fail(packet.error());
  impl->packet = std::move(*packet);
  return MediaReader(std::move(impl));
}

MediaReader::MediaReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MediaReader::MediaReader(MediaReader&&) noexcept = default;
MediaReader& MediaReader::operator=(MediaReader&&) noexcept = default;
MediaReader::~MediaReader() = default;

const MediaInfo& MediaReader::info() const { return impl_->info; }

Result<std::optional<DecodedFrame>> MediaReader::next() {
  if (impl_->spent) return fail(Error::invalid("the media reader already failed"));
  auto r = impl_->next();
  if (!r) impl_->spent = true;
  return r;
}

}  // namespace syncreel::media
