#include "media/fmp4_segmenter.hpp"

#include <new>
#include <string>
#include <system_error>
#include <utility>

#include "media/atomic_file.hpp"

namespace syncreel::media {
namespace {

constexpr int kIoBufferSize = 64 * 1024;

// frag_custom: a fragment ends only when we flush, never on the muxer's own schedule.
// empty_moov: the init segment needs no samples, so it is complete after the header.
// frag_discont: each track's first tfdt is its first decode time (our shifted timeline)
// rather than zero, which would silently drop the A/V offset without an edit list.
// default_base_moof: offsets relative to the moof, so each segment stands alone (CMAF).
// skip_trailer: no mfra index glued to the last segment; HLS does not use it.
constexpr const char* kMovFlags = "+frag_custom+empty_moov+frag_discont+default_base_moof+skip_trailer";

// The muxer's output goes to memory and is cut into files at fragment boundaries.
int append_bytes(void* opaque, std::uint8_t* data, int size) {
  auto* out = static_cast<std::vector<std::uint8_t>*>(opaque);
  try {
    out->insert(out->end(), data, data + size);
  } catch (const std::bad_alloc&) {
    return AVERROR(ENOMEM);
  }
  return size;
}

Result<AVStream*> add_stream(AVFormatContext* format, const AVCodecContext* codec) {
  AVStream* stream = avformat_new_stream(format, nullptr);
  if (stream == nullptr) return fail(Error::internal("allocating an fMP4 stream"));
  const int ret = avcodec_parameters_from_context(stream->codecpar, codec);
  if (ret < 0) return fail(av_error(ret, "copying codec parameters to the fMP4 muxer"));
  stream->time_base = codec->time_base;  // a hint; the muxer picks its own timescale
  if (codec->codec_type == AVMEDIA_TYPE_VIDEO) stream->avg_frame_rate = codec->framerate;
  return stream;
}

}  // namespace

void Fmp4Segmenter::CustomIoFormatDeleter::operator()(AVFormatContext* ctx) const {
  if (ctx->pb != nullptr) {
    av_freep(&ctx->pb->buffer);
    avio_context_free(&ctx->pb);
  }
  avformat_free_context(ctx);
}

Result<Fmp4Segmenter> Fmp4Segmenter::open(const std::filesystem::path& dir, const AVCodecContext* video,
                                          const AVCodecContext* audio, const Fmp4Timing& timing) {
  if (timing.fps <= 0 || timing.frames_per_segment <= 0 || timing.shift_frames < 0) {
    return fail(Error::invalid("bad fMP4 segment timing"));
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return fail(Error::storage("creating " + dir.string() + ": " + ec.message()));

  Fmp4Segmenter seg;
  seg.dir_ = dir;
  seg.timing_ = timing;
  seg.video_tb_ = video->time_base;
  seg.audio_tb_ = audio->time_base;
  seg.audio_shift_ = av_rescale_q(timing.shift_frames, video->time_base, audio->time_base);
  seg.bytes_ = std::make_unique<std::vector<std::uint8_t>>();

  AVFormatContext* raw = nullptr;
  int ret = avformat_alloc_output_context2(&raw, nullptr, "mp4", nullptr);
  if (ret < 0) return fail(av_error(ret, "creating the fMP4 muxer"));
  seg.format_.reset(raw);
  auto video_stream = add_stream(raw, video);
  if (!video_stream) return fail(video_stream.error());
  auto audio_stream = add_stream(raw, audio);
  if (!audio_stream) return fail(audio_stream.error());
  seg.video_stream_ = *video_stream;
  seg.audio_stream_ = *audio_stream;

  auto* buffer = static_cast<unsigned char*>(av_malloc(kIoBufferSize));
  if (buffer == nullptr) return fail(Error::internal("allocating the fMP4 I/O buffer"));
  raw->pb = avio_alloc_context(buffer, kIoBufferSize, 1, seg.bytes_.get(), nullptr, append_bytes, nullptr);
  if (raw->pb == nullptr) {
    av_free(buffer);
    return fail(Error::internal("allocating the fMP4 I/O context"));
  }
  raw->flags |= AVFMT_FLAG_CUSTOM_IO;
  // The shared shift already makes every timestamp non-negative; a shift of the
  // muxer's own would be derived per file from its first packet and could differ
  // between renditions.
  raw->avoid_negative_ts = AVFMT_AVOID_NEG_TS_DISABLED;

  Dictionary options;
  if (auto ok = options.set("movflags", kMovFlags); !ok) return fail(ok.error());
  if (auto ok = options.set("use_editlist", "0"); !ok) return fail(ok.error());
  ret = avformat_write_header(raw, options.out());
  if (ret < 0) return fail(av_error(ret, "writing the fMP4 init segment"));
  if (const AVDictionaryEntry* left = av_dict_get(*options.out(), "", nullptr, AV_DICT_IGNORE_SUFFIX)) {
    return fail(Error::internal(std::string("fMP4 muxer ignored option ") + left->key));
  }
  if (auto ok = seg.take_bytes(dir / kHlsInitSegment); !ok) return fail(ok.error());
  return seg;
}

Result<void> Fmp4Segmenter::add_video(const AVPacket* packet) {
  PacketPtr ref(av_packet_clone(packet));
  if (!ref) return fail(Error::internal("referencing a video packet"));
  video_.push_back(std::move(ref));
  return pump(false, 0);
}

Result<void> Fmp4Segmenter::add_audio(const AVPacket* packet) {
  PacketPtr ref(av_packet_clone(packet));
  if (!ref) return fail(Error::internal("referencing an audio packet"));
  audio_.push_back(std::move(ref));
  return pump(false, 0);
}

Result<void> Fmp4Segmenter::finish(std::int64_t total_frames) { return pump(true, total_frames); }

Result<void> Fmp4Segmenter::pump(bool end, std::int64_t total_frames) {
  for (;;) {
    const std::int64_t boundary = segment_start_ + timing_.frames_per_segment;
    // Closed GOPs: everything before the boundary IDR in decode order is shown before it.
    while (!video_.empty() && video_.front()->pts < boundary) {
      PacketPtr p = std::move(video_.front());
      video_.pop_front();
      if (auto ok = write(std::move(p), video_stream_, video_tb_); !ok) return ok;
    }
    while (!audio_.empty() && av_compare_ts(audio_.front()->pts, audio_tb_, boundary, video_tb_) < 0) {
      PacketPtr p = std::move(audio_.front());
      audio_.pop_front();
      if (auto ok = write(std::move(p), audio_stream_, audio_tb_); !ok) return ok;
    }
    if (video_.empty()) {
      if (!end) return {};  // the open segment may still grow
      // No more video: any audio left (a track longer than the picture) ends the last segment.
      while (!audio_.empty()) {
        PacketPtr p = std::move(audio_.front());
        audio_.pop_front();
        if (auto ok = write(std::move(p), audio_stream_, audio_tb_); !ok) return ok;
      }
      if (total_frames <= segment_start_) return fail(Error::internal("no video frames for the last HLS segment"));
      return close_segment(total_frames - segment_start_, true);
    }
    // The next segment's first frame is queued; audio up to the boundary has arrived
    // once a later audio packet is queued (audio comes in order) or the input ended.
    if (audio_.empty() && !end) return {};
    const AVPacket* next = video_.front().get();
    if (next->pts != boundary || (next->flags & AV_PKT_FLAG_KEY) == 0) {
      return fail(Error::internal("the encoder put no IDR frame where HLS segment " +
                                  std::to_string(segments_.size() + 2) + " starts"));
    }
    if (auto ok = close_segment(timing_.frames_per_segment, false); !ok) return ok;
  }
}

Result<void> Fmp4Segmenter::write(PacketPtr packet, AVStream* stream, AVRational codec_tb) {
  const bool is_video = stream == video_stream_;
  const std::int64_t shift = is_video ? timing_.shift_frames : audio_shift_;
  packet->pts += shift;
  packet->dts += shift;
  if (packet->dts < 0) return fail(Error::internal("a decode time precedes the shared HLS timeline origin"));
  // libx264 leaves durations unset; the last sample of a fragment needs one.
  if (is_video && packet->duration == 0) packet->duration = 1;
  av_packet_rescale_ts(packet.get(), codec_tb, stream->time_base);
  packet->stream_index = stream->index;
  // av_write_frame, not the interleaving variant: the fragment collects each track's
  // samples separately, and the interleaver would hold packets past our cut.
  const int ret = av_write_frame(format_.get(), packet.get());
  if (ret < 0) return fail(av_error(ret, "writing an fMP4 sample"));
  return {};
}

Result<void> Fmp4Segmenter::close_segment(std::int64_t frames, bool last) {
  // With frag_custom, a null packet cuts the fragment; the trailer does the same for
  // the last one and releases the muxer's state.
  const int ret = last ? av_write_trailer(format_.get()) : av_write_frame(format_.get(), nullptr);
  if (ret < 0) return fail(av_error(ret, "cutting an fMP4 fragment"));
  const std::string name = hls_segment_name(static_cast<int>(segments_.size()));
  auto bytes = take_bytes(dir_ / name);
  if (!bytes) return fail(bytes.error());
  if (*bytes == 0) return fail(Error::internal("the fMP4 muxer wrote an empty segment"));
  segments_.push_back(HlsSegment{name, frames, *bytes});
  segment_start_ += frames;
  return {};
}

Result<std::uint64_t> Fmp4Segmenter::take_bytes(const std::filesystem::path& file) {
  AVIOContext* pb = format_->pb;
  avio_flush(pb);
  if (pb->error < 0) return fail(av_error(pb->error, "buffering fMP4 output"));
  if (auto ok = write_file_atomically(file, *bytes_); !ok) return fail(ok.error());
  const std::uint64_t size = bytes_->size();
  bytes_->clear();
  return size;
}

}  // namespace syncreel::media
