// A look-ahead limiter on true (inter-sample) peaks. Pure functions, thread-safe.
#pragma once

#include <span>

namespace syncreel::media {

// Limits interleaved stereo so its 4x-oversampled peaks stay under `ceiling_dbtp`.
// The gain is linked across channels (the image does not shift), starts falling 2 ms
// before a peak so the peak itself passes already reduced, and recovers over about
// 100 ms. Works in place; samples are not otherwise changed.
void limit_true_peak(std::span<float> stereo, double ceiling_dbtp);

// The highest 4x-oversampled absolute sample value of interleaved stereo, in dBTP
// (-inf for silence). The estimate limit_true_peak works from.
double true_peak_dbtp(std::span<const float> stereo);

}  // namespace syncreel::media
