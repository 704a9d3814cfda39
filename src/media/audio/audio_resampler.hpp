// AudioResampler: decoded audio of any layout, rate and sample format to the one format
// syncreel processes, interleaved stereo float at kAudioSampleRate. Not thread-safe.
#pragma once

#include <vector>

#include "core/error.hpp"
#include "media/audio/audio_rate.hpp"
#include "media/av_handles.hpp"

namespace syncreel::media {

class AudioResampler {
 public:
  // Appends `frame`'s samples, converted, to `out`. The first frame fixes the input
  // format; a later frame in another one is refused (invalid_argument), as a provider
  // clip never changes format mid-stream. Errors: internal (libswresample).
  Result<void> convert(const AVFrame* frame, std::vector<float>& out);
  // Appends what the resampler still holds (its filter delay). Call once at the end.
  Result<void> flush(std::vector<float>& out);

 private:
  Result<void> drain(const std::uint8_t** in, int in_samples, std::vector<float>& out);

  SwrPtr swr_;
  int in_rate_ = 0;
  int in_format_ = -1;
  int in_channels_ = 0;
};

}  // namespace syncreel::media
