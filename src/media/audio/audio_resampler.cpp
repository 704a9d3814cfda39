#include "media/audio/audio_resampler.hpp"

extern "C" {
#include <libavutil/channel_layout.h>
}

namespace syncreel::media {

Result<void> AudioResampler::convert(const AVFrame* frame, std::vector<float>& out) {
  if (!swr_) {
    AVChannelLayout in_layout{};
    // Some containers leave the order unspecified; the default layout of that many
    // channels is what players assume too.
    if (frame->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC) {
      av_channel_layout_default(&in_layout, frame->ch_layout.nb_channels);
    } else if (int ret = av_channel_layout_copy(&in_layout, &frame->ch_layout); ret < 0) {
      return fail(av_error(ret, "audio layout"));
    }
    AVChannelLayout stereo = AV_CHANNEL_LAYOUT_STEREO;
    SwrContext* raw = nullptr;
    int ret = swr_alloc_set_opts2(&raw, &stereo, AV_SAMPLE_FMT_FLT, kAudioSampleRate, &in_layout,
                                  static_cast<AVSampleFormat>(frame->format), frame->sample_rate, 0, nullptr);
    av_channel_layout_uninit(&in_layout);
    swr_.reset(raw);
    if (ret < 0) return fail(av_error(ret, "audio resampler"));
    if (ret = swr_init(swr_.get()); ret < 0) return fail(av_error(ret, "audio resampler"));
    in_rate_ = frame->sample_rate;
    in_format_ = frame->format;
    in_channels_ = frame->ch_layout.nb_channels;
  } else if (frame->sample_rate != in_rate_ || frame->format != in_format_ ||
             frame->ch_layout.nb_channels != in_channels_) {
    return fail(Error::invalid("the audio format changes mid-stream"));
  }
  return drain(const_cast<const std::uint8_t**>(frame->extended_data), frame->nb_samples, out);
}

Result<void> AudioResampler::flush(std::vector<float>& out) {
  if (!swr_) return {};
  return drain(nullptr, 0, out);
}

Result<void> AudioResampler::drain(const std::uint8_t** in, int in_samples, std::vector<float>& out) {
  const int capacity = swr_get_out_samples(swr_.get(), in_samples);
  if (capacity < 0) return fail(av_error(capacity, "audio resampler"));
  const std::size_t start = out.size();
  out.resize(start + 2 * static_cast<std::size_t>(capacity));
  auto* dst = reinterpret_cast<std::uint8_t*>(out.data() + start);
  const int got = swr_convert(swr_.get(), &dst, capacity, in, in_samples);
  if (got < 0) {
    out.resize(start);
    return fail(av_error(got, "audio resampler"));
  }
  out.resize(start + 2 * static_cast<std::size_t>(got));
  return {};
}

}  // namespace syncreel::media
