#include "media/postprocess/provider_clip.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "media/audio/audio_resampler.hpp"
#include "media/audio/voice_activity.hpp"
#include "media/poster.hpp"
#include "media/postprocess/dialogue_cues.hpp"
#include "media/qc/faststart.hpp"
#include "media/qc/qc_analyzer.hpp"
#include "media/rendition_set.hpp"
#include "media/webvtt.hpp"

namespace syncreel::media {
namespace {

constexpr double kPosterSeconds = 1.0;
constexpr int kDefaultFps = 24;

struct Sound {
  std::vector<float> stereo;  // kAudioSampleRate, interleaved
  double first_seconds = 0;   // on the file's timeline
};

// The whole sound of the input, decoded once and normalised: captions need its speech
// before the first picture is drawn, and loudness is a property of the whole programme.
Result<Sound> read_sound(const ProcessRequest& request) {
  auto reader = MediaReader::open(request.input, request.limits, request.stop, MediaReader::Decode::audio_only);
  if (!reader) return fail(reader.error());
  Sound sound;
  AudioResampler resampler;
  bool first = true;
  while (true) {
    auto decoded = reader->next();
    if (!decoded) return fail(decoded.error());
    if (!*decoded) break;
    if (first) sound.first_seconds = (*decoded)->seconds;
    first = false;
    if (auto ok = resampler.convert((*decoded)->frame.get(), sound.stereo); !ok) return fail(ok.error());
  }
  if (auto ok = resampler.flush(sound.stereo); !ok) return fail(ok.error());
  auto reading = measure_loudness(sound.stereo);
  if (!reading) return fail(reading.error());
  // Silence stays silence: normalising it would only amplify noise.
  if (std::isfinite(reading->integrated_lufs)) {
    if (auto ok = normalize_loudness(sound.stereo, request.loudness); !ok) return fail(ok.error());
  }
  return sound;
}

int even(double v) { return std::max(2, static_cast<int>(std::lround(v / 2)) * 2); }

// Decoded pictures at the output size in YUV 4:2:0, the encoders' format: a picture
// already in that shape is only referenced; any other is scaled (or converted) by one
// reused swscale context.
class PictureScaler {
 public:
  PictureScaler(int width, int height) : width_(width), height_(height) {}

  Result<void> convert(const AVFrame* frame) {
    if (!held_) {
      auto made = make_frame();
      if (!made) return fail(made.error());
      held_ = std::move(*made);
    }
    av_frame_unref(held_.get());
    if (frame->format == AV_PIX_FMT_YUV420P && frame->width == width_ && frame->height == height_) {
      const int ret = av_frame_ref(held_.get(), frame);
      if (ret < 0) return fail(av_error(ret, "referencing a decoded picture"));
      return {};
    }
    held_->format = AV_PIX_FMT_YUV420P;
    held_->width = width_;
    held_->height = height_;
    const int ret = av_frame_get_buffer(held_.get(), 0);
    if (ret < 0) return fail(av_error(ret, "allocating a scaled picture"));
    scaler_.reset(sws_getCachedContext(scaler_.release(), frame->width, frame->height,
                                       static_cast<AVPixelFormat>(frame->format), width_, height_, AV_PIX_FMT_YUV420P,
                                       SWS_BICUBIC, nullptr, nullptr, nullptr));
    if (!scaler_) return fail(Error::internal("sws_getCachedContext: cannot convert this picture"));
    sws_scale(scaler_.get(), frame->data, frame->linesize, 0, frame->height, held_->data, held_->linesize);
    return {};
  }
  // The last picture converted.
  const AVFrame& held() const { return *held_; }

 private:
  int width_, height_;
  FramePtr held_;
  SwsPtr scaler_;
};

// A new picture holding a copy of `picture`.
Result<FramePtr> writable_copy(const AVFrame& picture) {
  auto copy = make_frame();
  if (!copy) return fail(copy.error());
  AVFrame* f = copy->get();
  f->format = picture.format;
  f->width = picture.width;
  f->height = picture.height;
  int ret = av_frame_get_buffer(f, 0);
  if (ret >= 0) ret = av_frame_copy(f, &picture);
  if (ret < 0) return fail(av_error(ret, "copying a picture"));
  return std::move(*copy);
}

// The poster from a YUV picture: converted to RGB once (BT.709 limited range in, as the
// renditions are tagged), then written as a JPEG.
Result<void> write_poster_from(const std::filesystem::path& path, const AVFrame& picture) {
  const int stride = picture.width * kInputBytesPerPixel;
  std::vector<std::uint8_t> argb(static_cast<std::size_t>(stride) * picture.height);
  SwsPtr sws(sws_getContext(picture.width, picture.height, AV_PIX_FMT_YUV420P, picture.width, picture.height,
                            kInputPixelFormat, SWS_BILINEAR, nullptr, nullptr, nullptr));
  if (!sws) return fail(Error::internal("creating the poster's YUV to RGB converter"));
  const int* bt709 = sws_getCoefficients(SWS_CS_ITU709);
  if (sws_setColorspaceDetails(sws.get(), bt709, 0, bt709, 1, 0, 1 << 16, 1 << 16) < 0) {
    return fail(Error::internal("setting the poster's BT.709 conversion"));
  }
  std::uint8_t* dst[4] = {argb.data(), nullptr, nullptr, nullptr};
  int dst_stride[4] = {stride, 0, 0, 0};
  sws_scale(sws.get(), picture.data, picture.linesize, 0, picture.height, dst, dst_stride);
  return write_jpeg(path, argb.data(), picture.width, picture.height, stride);
}

// Everything one pass over the pictures writes, and the state that resamples them to a
// constant frame rate.
class PicturePass {
 public:
  PicturePass(const ProcessRequest& request, RenditionSet& set, FrameOverlay& overlay, QcAnalyzer& qc,
              std::vector<float> aligned_sound, int width, int height, int fps, double expected_seconds)
      : request_(request), set_(set), overlay_(overlay), qc_(qc), sound_(std::move(aligned_sound)),
        fps_(fps), expected_seconds_(expected_seconds), scaler_(width, height) {}

  // A decoded picture at `t` seconds on the output timeline: the held picture fills
  // every slot closer to it than to `t`, then this one is held.
  Result<void> picture(const AVFrame* frame, double t) {
    if (auto ok = qc_.add_picture(frame, t); !ok) return ok;
    if (held_) {
      if (auto ok = emit_until(t); !ok) return ok;
    }
    held_ = true;
    last_t_ = t;
    return scaler_.convert(frame);
  }

  // The end of the pictures: the last one lasts one source frame.
  Result<std::int64_t> finish(double source_fps) {
    if (!held_) return fail(Error::invalid("the input has no picture"));
    if (auto ok = emit_until(last_t_ + 1.0 / (source_fps > 0 ? source_fps : fps_)); !ok) return fail(ok.error());
    if (!poster_written_) {
      // A clip shorter than the poster's time: its last picture, with the watermark.
      auto picture = overlaid_picture();
      if (!picture) return fail(picture.error());
      if (auto ok = write_poster(**picture); !ok) return fail(ok.error());
    }
    return slot_;
  }

 private:
  Result<void> emit_until(double t) {
    while ((static_cast<double>(slot_) + 0.5) / fps_ < t) {
      auto picture = overlaid_picture();
      if (!picture) return fail(picture.error());
      if (!poster_written_ && slot_ >= std::lround(kPosterSeconds * fps_)) {
        if (auto ok = write_poster(**picture); !ok) return ok;
      }
      if (auto ok = set_.add_video_frame(**picture); !ok) return ok;
      ++slot_;
      if (auto ok = feed_sound(); !ok) return ok;
      if (request_.progress && expected_seconds_ > 0) {
        request_.progress(std::min(1.0, static_cast<double>(slot_) / fps_ / expected_seconds_));
      }
    }
    return {};
  }

  // The held picture with the watermark and the caption of the current slot drawn on a
  // copy of its own (the encoders still read the earlier ones).
  Result<FramePtr> overlaid_picture() {
    auto picture = writable_copy(scaler_.held());
    if (!picture) return picture;
    overlay_.apply(yuv420_planes(**picture), static_cast<double>(slot_) / fps_);
    return picture;
  }

  // Sound up to the end of the pictures emitted so far, silence past its end.
  Result<void> feed_sound() {
    const auto until = static_cast<std::size_t>(slot_ * kAudioSampleRate / fps_);
    if (until <= fed_) return {};
    chunk_.assign(2 * (until - fed_), 0.0f);
    if (fed_ < sound_.size() / 2) {
      const std::size_t have = std::min(until, sound_.size() / 2) - fed_;
      std::copy_n(sound_.begin() + static_cast<std::ptrdiff_t>(2 * fed_), 2 * have, chunk_.begin());
    }
    qc_.add_audio(chunk_, static_cast<double>(fed_) / kAudioSampleRate);
    fed_ = until;
    return set_.add_audio(chunk_);
  }

  Result<void> write_poster(const AVFrame& picture) {
    poster_written_ = true;
    return write_poster_from(request_.output_dir / "poster.jpg", picture);
  }

  const ProcessRequest& request_;
  RenditionSet& set_;
  FrameOverlay& overlay_;
  QcAnalyzer& qc_;
  std::vector<float> sound_;
  int fps_;
  double expected_seconds_;
  PictureScaler scaler_;
  std::vector<float> chunk_;
  bool held_ = false;
  bool poster_written_ = false;
  double last_t_ = 0;
  std::int64_t slot_ = 0;
  std::size_t fed_ = 0;  // sound frames handed over
};

// The sound moved onto the pictures' timeline (origin: the first picture).
std::vector<float> align(const Sound& sound, double origin) {
  const auto shift = std::llround((sound.first_seconds - origin) * kAudioSampleRate);
  std::vector<float> out;
  if (shift >= 0) {
    out.assign(2 * static_cast<std::size_t>(shift), 0.0f);
    out.insert(out.end(), sound.stereo.begin(), sound.stereo.end());
  } else if (2 * static_cast<std::size_t>(-shift) < sound.stereo.size()) {
    out.assign(sound.stereo.begin() + 2 * static_cast<std::ptrdiff_t>(-shift), sound.stereo.end());
  }
  return out;
}

}  // namespace

Result<ProcessedClip> process_provider_clip(const ProcessRequest& request) {
  if (request.max_short_side < 2) return fail(Error::invalid("max_short_side must be at least 2"));
  auto sound = read_sound(request);
  if (!sound) return fail(sound.error());
  auto reader = MediaReader::open(request.input, request.limits, request.stop, MediaReader::Decode::video_only);
  if (!reader) return fail(reader.error());
  const MediaInfo& info = reader->info();

  ProcessedClip out;
  out.source = info;
  const double scale = std::min(1.0, static_cast<double>(request.max_short_side) / std::min(info.width, info.height));
  out.width = even(info.width * scale);
  out.height = even(info.height * scale);
  out.fps = info.fps > 0 ? std::clamp(static_cast<int>(std::lround(info.fps)), 1, 60) : kDefaultFps;

  RenditionSetConfig rc;
  rc.output_dir = request.output_dir;
  rc.width = out.width;
  rc.height = out.height;
  rc.fps = out.fps;
  rc.crf = request.crf;
  rc.x264_preset = request.x264_preset;
  rc.hls_heights = request.hls_heights;
  auto set = RenditionSet::open(rc);
  if (!set) return fail(set.error());

  auto first = reader->next();
  if (!first) return fail(first.error());
  if (!*first) return fail(Error::invalid("the input has no picture"));
  const double origin = (*first)->seconds;

  // Speech times are on the sound's timeline; captions on the pictures'.
  const double sound_offset = sound->first_seconds - origin;
  const double expected = info.duration_seconds > 0 ? info.duration_seconds
                                                    : static_cast<double>(sound->stereo.size() / 2) / kAudioSampleRate;
  auto speech = detect_speech(sound->stereo);
  for (auto& s : speech) {
    s.start = std::max(0.0, s.start + sound_offset);
    s.end = std::max(s.start, s.end + sound_offset);
  }
  const std::vector<Cue> cues = dialogue_cues(request.dialogue, speech, expected);
  auto overlay = FrameOverlay::create(request.watermark, out.width, out.height,
                                      request.burn_captions ? cues : std::vector<Cue>{});
  if (!overlay) return fail(overlay.error());

  QcAnalyzer qc;
  PicturePass pass(request, *set, *overlay, qc, align(*sound, origin), out.width, out.height, out.fps, expected);
  sound->stereo = {};  // the pass holds the aligned copy
  if (auto ok = pass.picture((*first)->frame.get(), 0.0); !ok) return fail(ok.error());
  while (true) {
    auto decoded = reader->next();
    if (!decoded) return fail(decoded.error());
    if (!*decoded) break;
    if (auto ok = pass.picture((*decoded)->frame.get(), (*decoded)->seconds - origin); !ok) return fail(ok.error());
  }
  auto frames = pass.finish(info.fps);
  if (!frames) return fail(frames.error());
  auto outputs = set->finish();
  if (!outputs) return fail(outputs.error());

  out.mp4 = outputs->mp4;
  out.master_playlist = outputs->master_playlist;
  out.poster = request.output_dir / "poster.jpg";
  out.duration_seconds = outputs->duration_seconds;
  if (!cues.empty()) {
    out.captions = request.output_dir / "captions.vtt";
    if (auto ok = write_webvtt(out.captions, cues); !ok) return fail(ok.error());
  }
  auto faststart = is_faststart(out.mp4);
  if (!faststart) return fail(faststart.error());
  auto report = qc.finish(out.fps, *faststart);
  if (!report) return fail(report.error());
  out.qc = *report;
  out.qc_failures = evaluate(out.qc, request.qc);
  return out;
}

}  // namespace syncreel::media
