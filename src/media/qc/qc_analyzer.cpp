#include "media/qc/qc_analyzer.hpp"

#include <algorithm>
#include <limits>

#include "media/audio/audio_rate.hpp"
#include "media/audio/audio_resampler.hpp"
#include "media/audio/loudness.hpp"
#include "media/ingest/media_reader.hpp"
#include "media/qc/audio_stats.hpp"
#include "media/qc/faststart.hpp"

namespace syncreel::media {

Result<void> QcAnalyzer::add_picture(const AVFrame* frame, double seconds) {
  if (pictures_ == 0) first_picture_s_ = seconds;
  last_picture_s_ = std::max(last_picture_s_, seconds);
  ++pictures_;
  return sync_.add_picture(frame, seconds);
}

void QcAnalyzer::add_audio(std::span<const float> stereo, double seconds) {
  if (audio_.empty()) audio_origin_s_ = seconds;
  const double at = audio_origin_s_ + static_cast<double>(audio_.size() / 2) / kAudioSampleRate;
  sync_.add_audio(stereo, at);
  audio_.insert(audio_.end(), stereo.begin(), stereo.end());
}

Result<QcReport> QcAnalyzer::finish(double fps, std::optional<bool> faststart) const {
  QcReport r;
  if (pictures_ > 0) r.duration_video_s = last_picture_s_ - first_picture_s_ + (fps > 0 ? 1.0 / fps : 0.0);
  r.faststart = faststart;
  r.integrated_lufs = r.true_peak_dbtp = -std::numeric_limits<double>::infinity();
  r.has_audio = !audio_.empty();
  if (r.has_audio) {
    r.duration_audio_s = static_cast<double>(audio_.size() / 2) / kAudioSampleRate;
    auto loudness = measure_loudness(audio_);
    if (!loudness) return fail(loudness.error());
    r.integrated_lufs = loudness->integrated_lufs;
    r.true_peak_dbtp = loudness->true_peak_dbtp;
    const AudioStats stats = audio_stats(audio_);
    r.silence_ratio = stats.silence_ratio;
    r.clipping_ratio = stats.clipping_ratio;
  }
  if (auto offset = sync_.estimate()) {
    r.av_offset_ms = offset->ms;
    r.av_offset_confidence = offset->confidence;
  }
  return r;
}

Result<QcReport> analyze_file(const std::filesystem::path& path, const IngestLimits& limits,
                              const std::atomic<bool>* stop) {
  auto reader = MediaReader::open(path, limits, stop);
  if (!reader) return fail(reader.error());
  QcAnalyzer qc;
  AudioResampler resampler;
  std::vector<float> chunk;
  double last_audio_s = 0;
  while (true) {
    auto decoded = reader->next();
    if (!decoded) return fail(decoded.error());
    if (!*decoded) break;
    DecodedFrame& d = **decoded;
    if (d.kind == DecodedFrame::Kind::video) {
      if (auto ok = qc.add_picture(d.frame.get(), d.seconds); !ok) return fail(ok.error());
      continue;
    }
    chunk.clear();
    if (auto ok = resampler.convert(d.frame.get(), chunk); !ok) return fail(ok.error());
    qc.add_audio(chunk, d.seconds);
    last_audio_s = d.seconds;
  }
  chunk.clear();
  if (auto ok = resampler.flush(chunk); !ok) return fail(ok.error());
  if (!chunk.empty()) qc.add_audio(chunk, last_audio_s);
  std::optional<bool> faststart;
  if (faststart_applies(reader->info().container)) {
    auto moov_first = is_faststart(path);
    if (!moov_first) return fail(moov_first.error());
    faststart = *moov_first;
  }
  return qc.finish(reader->info().fps, faststart);
}

}  // namespace syncreel::media
