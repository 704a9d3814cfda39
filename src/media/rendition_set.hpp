// RenditionSet: one pass over a clip's pictures and sound that produces everything a
// browser needs: clip.mp4 at the source size (H.264 High + AAC-LC, faststart) and an
// HLS stream (fMP4 segments) with one rendition per requested height.
//
//   <output_dir>/clip.mp4
//   <output_dir>/master.m3u8
//   <output_dir>/360p/index.m3u8, init.mp4, seg-00001.m4s, ...
//
// How the work is split:
//   - The caller's thread converts each ARGB picture to YUV once, encodes the AAC once,
//     and hands references of both to every rendition.
//   - Each output size is one x264 encoder on its own thread (it scales the shared YUV
//     picture to its size itself), fed through a bounded queue of 16 items, so a fast
//     caller blocks instead of buffering raw pictures: memory does not grow with the
//     clip's duration.
//   - The MP4 and the HLS rendition of the source size share one encoder: the same
//     packets are muxed twice. A source size without an HLS rendition gets an encoder
//     of its own for the MP4.
//   - Every encoder uses the same fixed 2 s GOP with forced IDR frames and no scene-cut
//     keyframes, and HLS segments are whole GOPs, so keyframes and segment boundaries
//     fall on the same frames in every rendition and each segment lasts exactly
//     frames / fps.
//
// Rendition "heights" name the short side of the picture: for a portrait 720x1280
// source, "360p" is 360x640. The long side keeps the aspect ratio, rounded to even.
// Heights above the source's short side are skipped (never upscale); if that skips them
// all, a single rendition at the source size stands in, so HLS is never silently absent.
//
// Playlists are written only by a successful finish(), media playlists first and
// master.m3u8 last, each atomically: a destroyed, failed or cancelled set leaves
// segments but no playlist, so nothing claims to be a complete stream.
//
// Thread-safety: not thread-safe; one caller thread drives a set (it owns threads of
// its own internally). Movable, not copyable; a moved-from set may only be destroyed
// or assigned to.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/error.hpp"

struct AVFrame;

namespace syncreel::media {

struct RenditionSetConfig {
  std::filesystem::path output_dir;  // created if missing
  int width = 0;                     // the source picture size: even, > 0, at most 8192
  int height = 0;
  int fps = 24;
  int crf = 23;                      // x264 constant rate factor for every rendition, 0-51
  std::string x264_preset = "veryfast";
  int x264_threads = 0;              // per encoder; 0 = x264 picks from the cores. x264's
                                     // output depends on it: fix it for identical bytes anywhere
  bool write_mp4 = true;             // clip.mp4 at the source size, faststart
  std::vector<int> hls_heights = {360, 720};  // short sides, even; empty = no HLS
  int hls_segment_seconds = 4;       // 2, 4 or 6: a whole number of 2 s GOPs
  int sample_rate = 48000;           // audio is always stereo AAC-LC
  int audio_bit_rate = 128'000;      // bits per second
};

class RenditionSet {
 public:
  struct HlsRendition {
    int label = 0;  // the "360" of "360p": the picture's short side
    int width = 0;
    int height = 0;
    std::filesystem::path playlist;  // <output_dir>/360p/index.m3u8
    std::string codecs;              // as in the master playlist, "avc1.64001e,mp4a.40.2"
    std::int64_t bandwidth = 0;      // peak segment bit rate, bits/s
    std::int64_t average_bandwidth = 0;
    int segments = 0;
  };
  struct Outputs {
    std::filesystem::path mp4;              // empty when write_mp4 is false
    std::filesystem::path master_playlist;  // empty when there is no HLS
    std::vector<HlsRendition> renditions;   // by ascending size
    std::int64_t frames = 0;
    double duration_seconds = 0.0;          // frames / fps
  };

  // Validates the config, creates the folders and files' headers (clip.mp4, each
  // rendition's init.mp4) and starts one encoder thread per output size.
  // Errors: invalid_argument (bad config), storage (output_dir or a file cannot be
  // created), internal (a codec is missing or refuses the settings).
  static Result<RenditionSet> open(const RenditionSetConfig& config);

  RenditionSet(RenditionSet&&) noexcept;
  RenditionSet& operator=(RenditionSet&&) noexcept;
  // An unfinished set cancels its threads and waits for them; no playlist is written.
  ~RenditionSet();

  // Queues the next picture: `height` rows of `width` pixels (the source size) in
  // kInputPixelFormat (Cairo ARGB32), `stride` bytes apart. The data is converted
  // before returning; it may block while the encoders catch up.
  // Errors: invalid_argument (null data, short stride), or the first error of any
  // rendition (storage, internal). After any error the set refuses further input.
  Result<void> add_video_frame(const std::uint8_t* argb, int stride);

  // The same for a picture already in YUV 4:2:0 at the source size (BT.709, limited
  // range). The renditions keep references to its buffers and read them on their own
  // threads: the caller must not write to them afterwards.
  // Errors: invalid_argument (another format or size), then as above.
  Result<void> add_video_frame(const AVFrame& yuv);

  // Appends interleaved stereo samples (L R L R ..., nominal range [-1, 1]); any count
  // is accepted and buffered until a whole AAC frame is available. Feed audio and
  // pictures roughly together, as a renderer does: HLS segments are cut only once both
  // reached the cut, so audio fed long after the pictures holds encoded video in memory.
  // Errors as add_video_frame.
  Result<void> add_audio(std::span<const float> interleaved_stereo);

  // Ends the input, drains every encoder, closes every file and writes the playlists.
  // The outputs are complete only when this succeeds. Errors: invalid_argument (no
  // picture was added), storage, internal, cancelled. Anything after finish() fails.
  Result<Outputs> finish();

 private:
  struct Impl;
  explicit RenditionSet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace syncreel::media
