// libFuzzer target: arbitrary bytes through the whole ingest path a provider clip takes
// (MediaReader probe and decode, audio resampling, A/V sync features). Built and run by
// scripts/fuzz-ingest.sh; inputs that ever crashed it live in regressions/ and are
// replayed by the media unit tests.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "media/audio/audio_resampler.hpp"
#include "media/ingest/media_reader.hpp"
#include "media/qc/av_offset.hpp"

namespace {

const std::filesystem::path& scratch_file() {
  static const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("syncreel-fuzz-ingest-" + std::to_string(::getpid()) + ".bin");
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  av_log_set_level(AV_LOG_QUIET);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace syncreel::media;
  // MediaReader opens paths (the worker's input is a file), so the bytes become one.
  if (std::FILE* f = std::fopen(scratch_file().c_str(), "wb")) {
    if (size > 0) std::fwrite(data, 1, size, f);
    std::fclose(f);
  } else {
    return 0;
  }
  IngestLimits limits;
  limits.time_budget = std::chrono::milliseconds(5000);
  auto reader = MediaReader::open(scratch_file(), limits);
  if (!reader) return 0;
  AudioResampler resampler;
  SyncFeatures sync;
  std::vector<float> sound;
  while (true) {
    auto next = reader->next();
    if (!next || !*next) break;
    const DecodedFrame& d = **next;
    if (d.kind == DecodedFrame::Kind::video) {
      if (!sync.add_picture(d.frame.get(), d.seconds)) break;
    } else {
      sound.clear();
      if (!resampler.convert(d.frame.get(), sound)) break;
      sync.add_audio(sound, d.seconds);
    }
  }
  (void)sync.estimate();
  return 0;
}
