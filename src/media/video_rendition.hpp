// VideoRendition: one output picture size of a RenditionSet. An x264 encoder on its own
// thread, fed through a bounded WorkQueue with source-size YUV pictures (scaled here)
// and shared AAC packets, whose packets go to an MP4 file, an fMP4 HLS rendition, or
// both: one encode, muxed twice. Internal to the media module.
//
// Threading: create(), start(), push(), close(), join() and cancel() are called by the
// owner (RenditionSet's caller thread) only. After start() the encoder, scaler and both
// muxers belong to the rendition thread; the owner reads the result only after join().
// Not movable (the thread holds `this`): keep it in a unique_ptr.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "core/error.hpp"
#include "media/av_handles.hpp"
#include "media/fmp4_segmenter.hpp"
#include "media/hls_writer.hpp"
#include "media/mp4_writer.hpp"
#include "media/work_queue.hpp"

namespace syncreel::media {

struct VideoRenditionConfig {
  int width = 0;   // encoded size, even
  int height = 0;
  int source_width = 0;  // size of the YUV pictures pushed in; scaled when different
  int source_height = 0;
  int fps = 24;
  int crf = 23;
  std::string x264_preset = "veryfast";
  int x264_threads = 0;          // 0 = x264 picks from the cores
  int gop_frames = 48;           // fixed; pictures pushed with pict_type I start each GOP
  std::filesystem::path mp4;     // empty: no MP4 from this encoder
  std::filesystem::path hls_dir; // empty: no HLS rendition
  int frames_per_segment = 0;    // HLS only: a multiple of gop_frames
};

struct VideoRenditionResult {
  std::int64_t frames = 0;
  std::vector<HlsSegment> segments;  // empty without HLS
  std::string video_codec;           // "avc1.PPCCLL" from the encoder's SPS
};

class VideoRendition {
 public:
  // A source picture (YUV 4:2:0 at the source size, pts = frame index, pict_type I on
  // GOP starts) or an AAC packet (pts in samples). Both are references; the data is
  // shared between renditions and must not be written after it is pushed.
  using Item = std::variant<FramePtr, PacketPtr>;
  static constexpr std::size_t kQueueCapacity = 16;

  // Opens the encoder. Errors: invalid_argument, internal (codec missing or refuses).
  static Result<std::unique_ptr<VideoRendition>> create(const VideoRenditionConfig& config);

  VideoRendition(const VideoRendition&) = delete;
  VideoRendition& operator=(const VideoRendition&) = delete;
  // Cancels and joins: no output is finished, no playlist is written (there is none here).
  ~VideoRendition();

  // Frames the encoder's decode times run behind its presentation times (B-frames).
  int reorder_delay() const;

  // Opens the outputs (MP4 header, HLS init segment) and starts the thread. `audio` is
  // the shared AAC encoder, read during this call only. Errors: storage, internal.
  Result<void> start(const AVCodecContext* audio, std::int64_t shift_frames);

  // Hands over one item, blocking while the queue is full. false: the thread stopped
  // on an error; join() tells which.
  bool push(Item item);

  // End of input: the thread drains the queue, flushes the encoder and finishes outputs.
  void close() { queue_.close(); }

  // Stops the thread as soon as possible; queued input is dropped. Idempotent.
  void cancel() { queue_.cancel(); }

  // Waits for the thread. The result of a cancelled rendition is a cancelled error.
  Result<VideoRenditionResult> join();

 private:
  explicit VideoRendition(const VideoRenditionConfig& config) : config_(config), queue_(kQueueCapacity) {}
  Result<void> open_encoder();
  void run() noexcept;
  Result<VideoRenditionResult> loop();
  Result<void> encode_picture(const AVFrame* source);
  Result<void> encode(const AVFrame* frame);  // nullptr drains the encoder
  Result<void> deliver_audio(const AVPacket* packet);

  VideoRenditionConfig config_;
  CodecContextPtr codec_;
  SwsPtr scaler_;    // null when the source is already this size
  FramePtr scaled_;  // the scaler's output, reused
  PacketPtr packet_;
  std::optional<Mp4Writer> mp4_;
  std::optional<Fmp4Segmenter> hls_;
  std::int64_t frames_ = 0;
  WorkQueue<Item> queue_;
  std::thread thread_;
  Result<VideoRenditionResult> outcome_ = fail(Error::internal("rendition thread never ran"));
};

}  // namespace syncreel::media
