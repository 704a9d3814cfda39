#include "media/clip_join.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>
#include <span>
#include <vector>

#include "media/audio/audio_rate.hpp"
#include "media/audio/audio_resampler.hpp"
#include "media/av_handles.hpp"
#include "media/clip_encoder.hpp"
#include "media/ingest/media_reader.hpp"

namespace syncreel::media {
namespace {

constexpr int kChannels = ClipEncoder::kChannels;
constexpr int kDefaultFps = 24;

bool stopped(const JoinRequest& r) { return r.stop != nullptr && r.stop->load(std::memory_order_relaxed); }

// One input's whole sound as interleaved stereo at kAudioSampleRate; empty when the
// input has none. Segments are at most a few tens of seconds: holding them is cheap.
Result<std::vector<float>> decode_sound(const JoinRequest& request, const std::filesystem::path& input) {
  auto reader = MediaReader::open(input, IngestLimits{}, request.stop, MediaReader::Decode::audio_only);
  if (!reader) return fail(reader.error());
  std::vector<float> out;
  if (!reader->info().has_audio) return out;
  AudioResampler resampler;
  for (;;) {
    auto next = reader->next();
    if (!next) return fail(next.error());
    if (!*next) break;
    if ((*next)->kind != DecodedFrame::Kind::audio) continue;
    if (auto ok = resampler.convert((*next)->frame.get(), out); !ok) return fail(ok.error());
  }
  if (auto ok = resampler.flush(out); !ok) return fail(ok.error());
  return out;
}

// Sample frame `i` of `sound` continued past its end by reflection about the end (and
// silence if even that runs out, for a clip with almost no sound).
float reflected(const std::vector<float>& sound, std::int64_t i, int channel) {
  const auto n = static_cast<std::int64_t>(sound.size() / kChannels);
  if (i >= n) i = 2 * n - 1 - i;
  if (i < 0 || i >= n) return 0.0f;
  return sound[static_cast<std::size_t>(i * kChannels + channel)];
}

// `sound` cut or extended (by reflection) to exactly `frames` sample frames.
std::vector<float> fit(const std::vector<float>& sound, std::int64_t frames) {
  std::vector<float> out(static_cast<std::size_t>(frames * kChannels));
  for (std::int64_t i = 0; i < frames; ++i) {
    for (int c = 0; c < kChannels; ++c) out[static_cast<std::size_t>(i * kChannels + c)] = reflected(sound, i, c);
  }
  return out;
}

// The output's sound, built segment by segment. The last `half` sample frames of the
// timeline may still change (the next seam's crossfade), so they are held back.
class SoundTimeline {
 public:
  explicit SoundTimeline(std::int64_t half_crossfade) : half_(half_crossfade) {}

  // Appends the next segment's sound (already fitted to its pictures), crossfaded with
  // the previous one. `incoming` is modified in place before being appended.
  void append(std::vector<float> incoming) {
    const std::int64_t seam = frames();
    const std::int64_t in_frames = static_cast<std::int64_t>(incoming.size() / kChannels);
    const std::int64_t half = std::min({half_, last_frames_ / 2, in_frames / 2});
    if (seam > 0 && half > 0) crossfade(incoming, seam, half);
    samples_.insert(samples_.end(), incoming.begin(), incoming.end());
    last_frames_ = in_frames;
  }

  // Sample frames that no later append can change; all of them when `final` is true.
  std::span<const float> take_settled(bool final) {
    const std::int64_t settled = final ? frames() : std::max<std::int64_t>(0, frames() - half_);
    const auto from = static_cast<std::size_t>(taken_ * kChannels);
    const auto to = static_cast<std::size_t>(std::max(settled, taken_) * kChannels);
    taken_ = std::max(settled, taken_);
    return std::span<const float>(samples_).subspan(from, to - from);
  }

 private:
  std::int64_t frames() const { return static_cast<std::int64_t>(samples_.size() / kChannels); }

  void crossfade(std::vector<float>& incoming, std::int64_t seam, std::int64_t half) {
    // The outgoing sound over the window, reflected past the seam; copied first because
    // the window's first half is overwritten below.
    const std::int64_t width = 2 * half;
    std::vector<float> outgoing(static_cast<std::size_t>(width * kChannels));
    for (std::int64_t i = 0; i < width; ++i) {
      const std::int64_t t = seam - half + i;
      const std::int64_t src = t < seam ? t : 2 * seam - 1 - t;
      for (int c = 0; c < kChannels; ++c) {
        outgoing[static_cast<std::size_t>(i * kChannels + c)] = samples_[static_cast<std::size_t>(src * kChannels + c)];
      }
    }
    const std::vector<float> head(incoming.begin(), incoming.begin() + half * kChannels);
    for (std::int64_t i = 0; i < width; ++i) {
      const std::int64_t t = seam - half + i;
      const double x = (static_cast<double>(i) + 0.5) / static_cast<double>(width);
      const auto fade_out = static_cast<float>(std::cos(x * std::numbers::pi / 2));
      const auto fade_in = static_cast<float>(std::sin(x * std::numbers::pi / 2));
      // The incoming sound before the seam is its head reflected about the seam.
      const std::int64_t in_index = t < seam ? seam - 1 - t : t - seam;
      for (int c = 0; c < kChannels; ++c) {
        const float in = head[static_cast<std::size_t>(in_index * kChannels + c)];
        const float mixed = fade_out * outgoing[static_cast<std::size_t>(i * kChannels + c)] + fade_in * in;
        if (t < seam) {
          samples_[static_cast<std::size_t>(t * kChannels + c)] = mixed;
        } else {
          incoming[static_cast<std::size_t>((t - seam) * kChannels + c)] = mixed;
        }
      }
    }
  }

  std::int64_t half_;
  std::int64_t last_frames_ = 0;
  std::int64_t taken_ = 0;
  std::vector<float> samples_;
};

// Converts decoded pictures of any format and size to the encoder's input.
class PictureConverter {
 public:
  PictureConverter(int width, int height)
      : width_(width), height_(height), stride_(width * kInputBytesPerPixel),
        pixels_(static_cast<std::size_t>(stride_) * static_cast<std::size_t>(height)) {}

  Result<const std::uint8_t*> convert(const AVFrame* f) {
    SwsContext* ctx = sws_getCachedContext(sws_.release(), f->width, f->height, static_cast<AVPixelFormat>(f->format),
                                           width_, height_, kInputPixelFormat, SWS_BICUBIC, nullptr, nullptr, nullptr);
    sws_.reset(ctx);
    if (!sws_) return fail(Error::internal("creating the picture converter"));
    std::uint8_t* dst[] = {pixels_.data()};
    const int dst_stride[] = {stride_};
    sws_scale(sws_.get(), f->data, f->linesize, 0, f->height, dst, dst_stride);
    return static_cast<const std::uint8_t*>(pixels_.data());
  }
  int stride() const { return stride_; }

 private:
  int width_;
  int height_;
  int stride_;
  std::vector<std::uint8_t> pixels_;
  SwsPtr sws_;
};

}  // namespace

Result<JoinedClip> join_clips(const JoinRequest& request) {
  if (request.inputs.empty()) return fail(Error::invalid("nothing to join"));

  // The sound first: a seam's crossfade needs the start of the next segment's sound.
  std::vector<std::vector<float>> sounds;
  for (const auto& input : request.inputs) {
    auto sound = decode_sound(request, input);
    if (!sound) return fail(sound.error());
    sounds.push_back(std::move(*sound));
  }

  JoinedClip out;
  std::optional<ClipEncoder> encoder;
  std::optional<PictureConverter> converter;
  const std::int64_t half = std::chrono::duration_cast<std::chrono::microseconds>(request.crossfade).count() *
                            kAudioSampleRate / 2'000'000;
  SoundTimeline timeline(half);
  std::int64_t frames_before = 0;
  for (std::size_t k = 0; k < request.inputs.size(); ++k) {
    auto reader = MediaReader::open(request.inputs[k], IngestLimits{}, request.stop, MediaReader::Decode::video_only);
    if (!reader) return fail(reader.error());
    const MediaInfo& info = reader->info();
    if (!encoder) {
      out.fps = info.fps > 0 ? static_cast<int>(std::lround(info.fps)) : kDefaultFps;
      out.width = info.width & ~1;  // H.264 4:2:0 needs even sides
      out.height = info.height & ~1;
      ClipEncoderConfig config;
      config.output = request.output;
      config.width = out.width;
      config.height = out.height;
      config.fps = out.fps;
      config.crf = request.crf;
      config.x264_preset = request.x264_preset;
      config.sample_rate = kAudioSampleRate;
      auto opened = ClipEncoder::open(config);
      if (!opened) return fail(opened.error());
      encoder.emplace(std::move(*opened));
      converter.emplace(out.width, out.height);
    }
    const double expected_frames = info.duration_seconds * out.fps;
    std::int64_t frames = 0;
    for (;;) {
      if (stopped(request)) return fail(Error::cancelled("joining stopped"));
      auto next = reader->next();
      if (!next) return fail(next.error());
      if (!*next) break;
      if ((*next)->kind != DecodedFrame::Kind::video) continue;
      auto pixels = converter->convert((*next)->frame.get());
      if (!pixels) return fail(pixels.error());
      if (auto ok = encoder->add_video_frame(*pixels, converter->stride()); !ok) return fail(ok.error());
      ++frames;
      if (request.progress && expected_frames > 0) {
        const double within = std::min(1.0, static_cast<double>(frames) / expected_frames);
        request.progress((static_cast<double>(k) + within) / static_cast<double>(request.inputs.size()));
      }
    }
    if (frames == 0) return fail(Error::invalid("input " + std::to_string(k + 1) + " has no pictures"));
    // Sample counts from cumulative frame counts, so rounding never drifts across seams.
    const std::int64_t sound_from = frames_before * kAudioSampleRate / out.fps;
    frames_before += frames;
    const std::int64_t sound_to = frames_before * kAudioSampleRate / out.fps;
    timeline.append(fit(sounds[k], sound_to - sound_from));
    sounds[k] = {};
    const bool last = k + 1 == request.inputs.size();
    if (auto ok = encoder->add_audio(timeline.take_settled(last)); !ok) return fail(ok.error());
  }
  if (auto ok = encoder->finish(); !ok) return fail(ok.error());
  out.frames = frames_before;
  out.duration_seconds = static_cast<double>(out.frames) / out.fps;
  return out;
}

}  // namespace syncreel::media
