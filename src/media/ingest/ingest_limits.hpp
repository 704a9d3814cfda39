// What an untrusted media file may be before syncreel spends work on it. Defaults fit a
// provider clip (5-30 s, up to 4K) with room to spare; anything past them is refused
// before, or as soon as, it would cost memory or time.
#pragma once

#include <chrono>
#include <cstdint>

namespace syncreel::media {

struct IngestLimits {
  std::uintmax_t max_file_bytes = 512ull << 20;
  double max_duration_seconds = 120.0;  // claimed by the container, or met while decoding
  int max_width = 4096;                 // each picture side, in pixels
  int max_height = 4096;
  std::int64_t max_pixels = 4096LL * 2304;  // per picture: also bounds the decoder's memory
  double max_fps = 120.0;
  // How much of the file the demuxer may read, and how much media time it may decode,
  // to find the streams: bounded so a hostile file cannot make probing slow.
  std::int64_t probe_bytes = 8'000'000;
  std::int64_t analyze_microseconds = 10'000'000;
  int max_streams = 16;
  int max_decode_errors = 8;  // damaged packets tolerated before the file counts as malformed
  // Wall-clock budget of one reader, from open to the last frame: every read and every
  // decode checks it, so a stalled disk or a pathological file ends as input_timeout.
  std::chrono::milliseconds time_budget{120'000};
};

}  // namespace syncreel::media
