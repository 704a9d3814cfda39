#include "media/mp4_writer.hpp"

#include <cerrno>
#include <string>

namespace syncreel::media {

ErrorCode file_error_code(int averror) {
  for (const int err : {EIO, ENOSPC, EACCES, ENOENT, EROFS, EDQUOT, ENOTDIR, EISDIR, EPERM}) {
    if (averror == AVERROR(err)) return ErrorCode::storage;
  }
  return ErrorCode::internal;
}

Result<Mp4Writer> Mp4Writer::open(const std::filesystem::path& file, const AVCodecContext* video,
                                  const AVCodecContext* audio) {
  Mp4Writer w;
  // The explicit protocol keeps a path that looks like a URL ("x:y.mp4") a local file.
  const std::string url = "file:" + file.string();
  AVFormatContext* raw = nullptr;
  int ret = avformat_alloc_output_context2(&raw, nullptr, "mp4", url.c_str());
  if (ret < 0) return fail(av_error(ret, "creating the MP4 muxer"));
  w.format_.reset(raw);
  for (const AVCodecContext* codec : {video, audio}) {
    AVStream* stream = avformat_new_stream(raw, nullptr);
    if (stream == nullptr) return fail(Error::internal("allocating an MP4 stream"));
    ret = avcodec_parameters_from_context(stream->codecpar, codec);
    if (ret < 0) return fail(av_error(ret, "copying codec parameters to the MP4 muxer"));
    stream->time_base = codec->time_base;  // a hint; the muxer may pick a finer one
    if (codec == video) stream->avg_frame_rate = codec->framerate;
    (codec == video ? w.video_ : w.audio_) = stream;
  }
  w.video_tb_ = video->time_base;
  w.audio_tb_ = audio->time_base;
  auto packet = make_packet();
  if (!packet) return fail(packet.error());
  w.scratch_ = std::move(*packet);

  ret = avio_open(&raw->pb, raw->url, AVIO_FLAG_WRITE);
  if (ret < 0) return fail(av_error(ret, "creating " + file.string(), file_error_code(ret)));
  Dictionary options;
  if (auto ok = options.set("movflags", "+faststart"); !ok) return fail(ok.error());
  ret = avformat_write_header(raw, options.out());
  if (ret < 0) return fail(av_error(ret, "writing the MP4 header", file_error_code(ret)));
  return w;
}

Result<void> Mp4Writer::write(const AVPacket* packet, AVStream* stream, AVRational codec_tb, bool is_video) {
  AVPacket* p = scratch_.get();
  int ret = av_packet_ref(p, packet);
  if (ret < 0) return fail(av_error(ret, "referencing a packet for the MP4"));
  // libx264 leaves durations unset; constant frame rate makes each one frame long, and
  // without it the muxer gives the last picture zero length (a short track).
  if (is_video && p->duration == 0) p->duration = 1;
  av_packet_rescale_ts(p, codec_tb, stream->time_base);
  p->stream_index = stream->index;
  // Takes the reference and leaves the scratch packet blank for the next call.
  ret = av_interleaved_write_frame(format_.get(), p);
  if (ret < 0) return fail(av_error(ret, "writing an MP4 packet", file_error_code(ret)));
  return {};
}

Result<void> Mp4Writer::write_video(const AVPacket* packet) { return write(packet, video_, video_tb_, true); }

Result<void> Mp4Writer::write_audio(const AVPacket* packet) { return write(packet, audio_, audio_tb_, false); }

Result<void> Mp4Writer::finish() {
  int ret = av_write_trailer(format_.get());
  if (ret < 0) return fail(av_error(ret, "writing the MP4 index", file_error_code(ret)));
  // Closing flushes the last buffered bytes; a full disk shows up here, not earlier.
  ret = avio_closep(&format_->pb);
  if (ret < 0) return fail(av_error(ret, "closing the MP4 file", file_error_code(ret)));
  return {};
}

}  // namespace syncreel::media
