// Fmp4Segmenter: cuts one rendition's already-encoded H.264 + AAC packets into HLS
// fMP4 files: init.mp4 (ftyp + moov) and seg-00001.m4s ... (moof + mdat each).
// Internal to the media module.
//
// Why not libavformat's "hls" muxer: it cuts at the first keyframe after its hls_time
// arithmetic on packet timestamps says so, derives EXTINF from those timestamps, shifts
// negative timestamps per output file from the first negative one that file sees, and
// closes the last segment and declares the playlist complete (EXT-X-ENDLIST) in the
// same av_write_trailer call (an ffmpeg stopped with SIGTERM mid-way leaves a "VOD"
// playlist of whatever it got through). Here the mp4 muxer runs in frag_custom mode
// and this class cuts a fragment exactly at the frame index where a segment ends.
// Segments are whole GOPs that every encoder was forced to start with an IDR frame, so
// all renditions cut at the same frames, a segment lasts exactly frames / fps, and the
// playlists are written by the caller, once, after every segment exists.
//
// Timeline: the renditions share one shift (whole frames) added to every timestamp,
// large enough that B-frame decode times and the AAC priming never go negative: a
// fragment's tfdt is unsigned, and MSE players take tfdt at face value while their
// edit-list support varies, so no edit list is written. Audio and video keep their
// relative timing: the 1024 priming samples end where the first picture starts, before
// the range in which both tracks are buffered, where browser playback begins.
//
// Not thread-safe: owned and driven by one rendition thread.
#pragma once

#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <vector>

#include "core/error.hpp"
#include "media/av_handles.hpp"
#include "media/hls_writer.hpp"

namespace syncreel::media {

struct Fmp4Timing {
  int fps = 0;
  int frames_per_segment = 0;    // a whole number of GOPs
  std::int64_t shift_frames = 0;  // added to every timestamp, see above
};

class Fmp4Segmenter {
 public:
  // Creates `dir` if needed and writes dir/init.mp4 from the encoders' parameters (their
  // extradata must already exist: open them with AV_CODEC_FLAG_GLOBAL_HEADER). The
  // codec contexts are only read here and must outlive nothing.
  // Errors: storage (folder or file), internal (muxer refused the setup).
  static Result<Fmp4Segmenter> open(const std::filesystem::path& dir, const AVCodecContext* video,
                                    const AVCodecContext* audio, const Fmp4Timing& timing);

  Fmp4Segmenter(Fmp4Segmenter&&) noexcept = default;
  Fmp4Segmenter& operator=(Fmp4Segmenter&&) noexcept = default;
  ~Fmp4Segmenter() = default;

  // Takes a new reference to the packet (timestamps in the codec's time base, frames
  // for video, samples for audio, each stream in decode order). Packets wait until the
  // segment they belong to can be closed: a segment ends at a video IDR frame and only
  // once audio has reached that time (or finish() says no more is coming).
  // Errors: storage (segment file), internal (muxer; or no IDR where a segment must start).
  Result<void> add_video(const AVPacket* packet);
  Result<void> add_audio(const AVPacket* packet);

  // Writes everything still buffered; the last segment holds the remaining frames and
  // all remaining audio. `total_frames` is the number of video frames encoded.
  Result<void> finish(std::int64_t total_frames);

  // The segments written so far, in order.
  const std::vector<HlsSegment>& segments() const { return segments_; }

 private:
  // Frees the custom AVIOContext (which OutputFormatDeleter would close as a file).
  struct CustomIoFormatDeleter {
    void operator()(AVFormatContext* ctx) const;
  };
  using FormatPtr = std::unique_ptr<AVFormatContext, CustomIoFormatDeleter>;

  Fmp4Segmenter() = default;
  Result<void> pump(bool end, std::int64_t total_frames);
  Result<void> write(PacketPtr packet, AVStream* stream, AVRational codec_tb);
  Result<void> close_segment(std::int64_t frames, bool last);
  // Writes what the muxer produced since the last cut to `file`; returns its size.
  Result<std::uint64_t> take_bytes(const std::filesystem::path& file);

  std::filesystem::path dir_;
  // Bytes the muxer wrote since the last file was cut; heap-held so the AVIOContext's
  // opaque pointer survives moves of this object.
  std::unique_ptr<std::vector<std::uint8_t>> bytes_;
  FormatPtr format_;
  AVStream* video_stream_ = nullptr;  // owned by format_
  AVStream* audio_stream_ = nullptr;
  AVRational video_tb_{};
  AVRational audio_tb_{};
  Fmp4Timing timing_;
  std::int64_t audio_shift_ = 0;  // timing_.shift_frames in audio samples
  std::deque<PacketPtr> video_;
  std::deque<PacketPtr> audio_;
  std::int64_t segment_start_ = 0;  // first frame of the open segment
  std::vector<HlsSegment> segments_;
};

}  // namespace syncreel::media
