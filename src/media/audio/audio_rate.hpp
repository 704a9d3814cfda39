// The one sample rate of syncreel's audio processing: the engine mixes at it, the
// provider pipeline resamples to it, and the loudness meter and true-peak limiter are
// designed for it (the limiter's oversampling filter and release constants assume it).
#pragma once

namespace syncreel::media {

inline constexpr int kAudioSampleRate = 48000;

}  // namespace syncreel::media
