#include "media/qc/av_offset.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>

#include "media/audio/audio_rate.hpp"

namespace syncreel::media {
namespace {

// The grey copy keeps the picture's shape at about 256x144 pixels (16:9; 144x256 for
// 9:16): small enough to cost nothing per frame, large enough that a drawn mouth at
// 720p (about 15 px wide) still covers a few of its pixels.
constexpr double kGreyArea = 256.0 * 144.0;
// Change is measured per 8x8 block: a mouth opening changes one or two blocks a lot,
// which a mean over the whole picture would drown in the sea, the sky and the noise.
constexpr int kBlock = 8;
// Block change under this many grey levels (encoder noise, slow drift) is no event.
constexpr double kBlockNoise = 2.0;
constexpr int kSamplesPerMs = kAudioSampleRate / 1000;
constexpr int kOnsetWindowMs = 10;
// A picture event is change energy rising over what the last 100 ms held. A flash or a
// cut changes the picture twice (on and off) but starts one event, as a beep does.
constexpr double kPictureLookbackMs = 100;

double mean_of(std::span<const double> v) {
  return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

// Rise of the RMS over the next window against the previous one, half-wave rectified:
// peaks at the millisecond a sound starts.
std::vector<double> onset_envelope(const std::vector<double>& energy_per_ms) {
  const std::size_t n = energy_per_ms.size();
  std::vector<double> prefix(n + 1, 0.0);
  for (std::size_t i = 0; i < n; ++i) prefix[i + 1] = prefix[i] + energy_per_ms[i];
  auto window = [&](std::size_t from) {
    const std::size_t to = std::min(n, from + kOnsetWindowMs);
    return std::sqrt(std::max(0.0, prefix[to] - prefix[std::min(from, to)]));
  };
  std::vector<double> onset(n, 0.0);
  for (std::size_t k = kOnsetWindowMs; k < n; ++k) onset[k] = std::max(0.0, window(k) - window(k - kOnsetWindowMs));
  return onset;
}

}  // namespace

Result<void> SyncFeatures::add_picture(const AVFrame* frame, double seconds) {
  if (!scaler_ || frame->width != scaler_width_ || frame->height != scaler_height_ || frame->format != scaler_format_) {
    const double aspect = frame->height > 0 ? static_cast<double>(frame->width) / frame->height : 1.0;
    const auto blocks_along = [](double pixels) { return std::max(1, static_cast<int>(std::lround(pixels / kBlock))); };
    grey_width_ = kBlock * blocks_along(std::sqrt(kGreyArea * aspect));
    grey_height_ = kBlock * blocks_along(std::sqrt(kGreyArea / aspect));
    scaler_.reset(sws_getContext(frame->width, frame->height, static_cast<AVPixelFormat>(frame->format), grey_width_,
                                 grey_height_, AV_PIX_FMT_GRAY8, SWS_AREA, nullptr, nullptr, nullptr));
    if (!scaler_) return fail(Error::internal("sws_getContext: cannot scale this picture to grey"));
    scaler_width_ = frame->width;
    scaler_height_ = frame->height;
    scaler_format_ = frame->format;
    // A new size starts a new comparison: blocks of different pictures do not match.
    previous_.clear();
  }
  current_.resize(static_cast<std::size_t>(grey_width_) * grey_height_);
  std::uint8_t* dst[4] = {current_.data(), nullptr, nullptr, nullptr};
  int dst_stride[4] = {grey_width_, 0, 0, 0};
  sws_scale(scaler_.get(), frame->data, frame->linesize, 0, frame->height, dst, dst_stride);
  if (!previous_.empty()) {
    const int bw = grey_width_ / kBlock;
    const int bh = grey_height_ / kBlock;
    if (static_cast<std::size_t>(bw) * bh != blocks_) {
      // Pictures changed size mid-stream: the block series start again.
      blocks_ = static_cast<std::size_t>(bw) * bh;
      picture_ms_.clear();
      block_change_.clear();
    }
    for (int by = 0; by < bh; ++by) {
      for (int bx = 0; bx < bw; ++bx) {
        int sum = 0;
        for (int y = by * kBlock; y < (by + 1) * kBlock; ++y) {
          const std::size_t row = static_cast<std::size_t>(y) * grey_width_;
          for (int x = bx * kBlock; x < (bx + 1) * kBlock; ++x) {
            sum += std::abs(int{current_[row + x]} - int{previous_[row + x]});
          }
        }
        block_change_.push_back(static_cast<float>(sum) / (kBlock * kBlock));
      }
    }
    picture_ms_.push_back(seconds * 1000.0);
  }
  std::swap(previous_, current_);
  return {};
}

void SyncFeatures::add_audio(std::span<const float> stereo, double seconds) {
  if (!audio_origin_ms_) audio_origin_ms_ = std::floor(seconds * 1000.0);
  // Samples land where their timestamp says, so gaps stay silent and the timeline holds.
  const double first_sample = (seconds * 1000.0 - *audio_origin_ms_) * kSamplesPerMs;
  if (first_sample < 0) return;  // earlier than the origin: nothing to place it against
  auto position = static_cast<std::size_t>(std::llround(first_sample));
  const std::size_t frames = stereo.size() / 2;
  const std::size_t needed = (position + frames) / kSamplesPerMs + 1;
  if (audio_energy_.size() < needed) audio_energy_.resize(needed, 0.0);
  for (std::size_t i = 0; i < frames; ++i, ++position) {
    const double mono = 0.5 * (double{stereo[2 * i]} + double{stereo[2 * i + 1]});
    audio_energy_[position / kSamplesPerMs] += mono * mono;
  }
}

std::optional<AvOffset> SyncFeatures::estimate(double max_lag_ms) const {
  if (picture_ms_.size() < 2 || blocks_ == 0 || !audio_origin_ms_) return std::nullopt;
  std::vector<double> onset = onset_envelope(audio_energy_);
  const double onset_mean = mean_of(onset);
  for (double& o : onset) o -= onset_mean;
  // Per block, the rise of its change over what the last 100 ms held (and over the
  // noise); per picture, the sum of its blocks' rises, saturated into one event.
  const std::size_t pictures = picture_ms_.size();
  std::vector<double> picture(pictures, 0.0);
  for (std::size_t n = 0; n < pictures; ++n) {
    double rises = 0;
    for (std::size_t b = 0; b < blocks_; ++b) {
      double recent = kBlockNoise;
      for (std::size_t m = n; m-- > 0 && picture_ms_[n] - picture_ms_[m] <= kPictureLookbackMs + 1;) {
        recent = std::max(recent, double{block_change_[m * blocks_ + b]});
      }
      rises += std::max(0.0, double{block_change_[n * blocks_ + b]} - recent);
    }
    picture[n] = rises;
  }
  const double picture_mean = mean_of(picture);

  const int max_lag = static_cast<int>(std::lround(max_lag_ms));
  std::vector<double> score(static_cast<std::size_t>(2 * max_lag + 1), 0.0);
  for (int lag = -max_lag; lag <= max_lag; ++lag) {
    double sum = 0;
    for (std::size_t n = 0; n < picture.size(); ++n) {
      const double at = picture_ms_[n] + lag - *audio_origin_ms_;
      if (at < 0) continue;
      const auto k = static_cast<std::size_t>(std::llround(at));
      if (k >= onset.size()) continue;
      sum += (picture[n] - picture_mean) * onset[k];
    }
    score[static_cast<std::size_t>(lag + max_lag)] = sum;
  }
  // Of equal scores, the smallest lag: no evidence for a larger shift.
  auto best = score.begin() + max_lag;
  for (auto it = score.begin(); it != score.end(); ++it) {
    const auto lag = std::abs(it - score.begin() - max_lag);
    if (*it > *best || (*it == *best && lag < std::abs(best - score.begin() - max_lag))) best = it;
  }
  const double mean = mean_of(score);
  double var = 0;
  for (double s : score) var += (s - mean) * (s - mean);
  const double spread = std::sqrt(var / static_cast<double>(score.size()));
  if (!(spread > 0) || !(*best > 0)) return std::nullopt;  // nothing moves, or nothing sounds
  return AvOffset{static_cast<double>(best - score.begin() - max_lag), (*best - mean) / spread};
}

}  // namespace syncreel::media
