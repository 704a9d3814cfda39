#include "engine/audio/resample.hpp"

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
}

#include <cmath>
#include <limits>
#include <memory>

#include "engine/audio/audio_format.hpp"

namespace syncreel::engine {
namespace {

struct SwrDeleter {
  void operator()(SwrContext* ctx) const { swr_free(&ctx); }
};
using SwrPtr = std::unique_ptr<SwrContext, SwrDeleter>;

}  // namespace

Result<std::vector<float>> resample_to_engine_rate(std::span<const short> pcm, int in_rate) {
  if (in_rate <= 0) return fail(Error::invalid("resampling needs a positive input rate"));
  if (pcm.empty()) return std::vector<float>{};
  if (pcm.size() > static_cast<std::size_t>(std::numeric_limits<int>::max() / 4)) {
    return fail(Error::invalid("speech too long to resample"));
  }
  SwrContext* raw = nullptr;
  AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;  // swr_alloc_set_opts2 takes it non-const
  if (swr_alloc_set_opts2(&raw, &mono, AV_SAMPLE_FMT_FLT, kSampleRate, &mono, AV_SAMPLE_FMT_S16, in_rate, 0, nullptr) <
      0) {
    return fail(Error::internal("cannot configure the speech resampler"));
  }
  SwrPtr swr(raw);
  // A longer filter than the default keeps speech sibilants clean up to 10 kHz.
  av_opt_set_int(swr.get(), "filter_size", 64, 0);
  if (swr_init(swr.get()) < 0) return fail(Error::internal("cannot start the speech resampler"));

  const auto expected = static_cast<std::size_t>(
      std::llround(static_cast<double>(pcm.size()) * kSampleRate / static_cast<double>(in_rate)));
  std::vector<float> out(expected + 256);
  const auto* in_ptr = reinterpret_cast<const std::uint8_t*>(pcm.data());
  auto* out_ptr = reinterpret_cast<std::uint8_t*>(out.data());
  const int converted =
      swr_convert(swr.get(), &out_ptr, static_cast<int>(out.size()), &in_ptr, static_cast<int>(pcm.size()));
  if (converted < 0) return fail(Error::internal("speech resampling failed"));
  // Flushing returns the filter's tail, which holds the last input samples.
  auto* tail_ptr = reinterpret_cast<std::uint8_t*>(out.data() + converted);
  const int flushed = swr_convert(swr.get(), &tail_ptr, static_cast<int>(out.size()) - converted, nullptr, 0);
  if (flushed < 0) return fail(Error::internal("speech resampling failed"));
  out.resize(static_cast<std::size_t>(converted + flushed));
  out.resize(expected, 0.0f);
  return out;
}

}  // namespace syncreel::engine
