// A/V offset estimation: how much later the sound runs than the picture.
//
// Sharp events show in both streams: a cut, a flash or a mouth opening changes the
// picture, a hit, a beep or a syllable starts a sound. SyncFeatures keeps, per picture
// and per 8x8 block of a grey copy of about 256x144 pixels (the picture's shape kept),
// the mean absolute difference from the previous picture, at the picture's timestamp,
// and per millisecond the audio's energy. Blocks, not the whole picture: a drawn mouth
// covers one or two blocks, and its change would vanish in a mean over the sea, the sky
// and the encoder's noise. estimate() keeps, per block, the rise of its change over what
// the last 100 ms held and over a noise floor, sums those rises per picture,
// turns the audio into an onset envelope at 1 ms resolution (the rise of
// the RMS over the next 10 ms against the previous 10 ms) and cross-correlates it with
// the picture energies over lags of +-max_lag_ms. Pictures give one value per frame,
// but each sits at its exact timestamp, so the lag is found to the audio's millisecond
// resolution, finer than a frame.
//
// Not thread-safe; one analyser per stream pair.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "core/error.hpp"
#include "media/av_handles.hpp"

namespace syncreel::media {

struct AvOffset {
  double ms = 0;          // > 0: the sound comes later than the picture
  double confidence = 0;  // peak height over the correlation's spread, in standard deviations
};

class SyncFeatures {
 public:
  // A decoded picture (any pixel format) shown from `seconds`. Errors: internal (libswscale).
  Result<void> add_picture(const AVFrame* frame, double seconds);
  // Interleaved stereo at kAudioSampleRate whose first sample plays at `seconds`.
  void add_audio(std::span<const float> stereo, double seconds);

  // The best lag within +-max_lag_ms, or nullopt when either stream has no events
  // (a still picture, silence) to align.
  std::optional<AvOffset> estimate(double max_lag_ms = 500) const;

 private:
  SwsPtr scaler_;
  int scaler_width_ = 0;
  int scaler_height_ = 0;
  int scaler_format_ = -1;
  std::vector<std::uint8_t> previous_;  // the last small grey picture
  std::vector<std::uint8_t> current_;
  int grey_width_ = 0;
  int grey_height_ = 0;
  std::vector<double> picture_ms_;   // timestamp of each picture after the first
  std::size_t blocks_ = 0;           // blocks per picture
  std::vector<float> block_change_;  // per picture, per block: mean absolute change from the previous picture
  std::optional<double> audio_origin_ms_;  // the time of audio_energy_[0]
  std::vector<double> audio_energy_;       // sum of squares of the mono mix, per ms
};

}  // namespace syncreel::media
