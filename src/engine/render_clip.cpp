#include "engine/render_clip.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <future>
#include <optional>
#include <span>
#include <stop_token>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "engine/audio/audio_format.hpp"
#include "engine/audio/engine_audio.hpp"
#include "engine/audio/speech.hpp"
#include "engine/picture/frame_renderer.hpp"
#include "engine/plan/planner.hpp"
#include "media/poster.hpp"
#include "media/rendition_set.hpp"
#include "media/webvtt.hpp"

namespace syncreel::engine {
namespace {

namespace fs = std::filesystem;

// Planning and the speech come before the first frame: this share of the bar.
constexpr int kPrepareShare = 5;

// How far the pictures may run ahead of the sound while it is being made, in seconds
// of the clip. Each muxer holds the compressed pictures until the sound of the same
// time arrives, and FFmpeg's interleaver writes them out alone once they lead by its
// max_interleave_delta (10 s): the file's layout would then depend on thread timing.
// Half of that keeps the bytes reproducible and the held packets few.
constexpr int kMaxSoundLagSec = 5;

constexpr const char* kMp4Name = "clip.mp4";
constexpr const char* kHlsFolder = "hls";
constexpr const char* kPosterName = "poster.jpg";
constexpr const char* kCaptionsName = "captions.vtt";

// Forwards progress only when it grows, so callers see a monotonic 0-100.
class Progress {
 public:
  explicit Progress(const std::function<void(int)>& sink) : sink_(sink) {}
  void report(int percent) {
    if (percent <= last_ || !sink_) return;
    last_ = percent;
    sink_(percent);
  }

 private:
  const std::function<void(int)>& sink_;
  int last_ = -1;
};

// Removes every output of a render that did not finish, so a failed or cancelled render
// leaves the folder as it found it.
class PartialOutputs {
 public:
  explicit PartialOutputs(const fs::path& dir) : dir_(dir) {}
  PartialOutputs(const PartialOutputs&) = delete;
  PartialOutputs& operator=(const PartialOutputs&) = delete;
  ~PartialOutputs() {
    if (kept_) return;
    std::error_code ignored;
    for (const char* name : {kMp4Name, kHlsFolder, kPosterName, kCaptionsName}) fs::remove_all(dir_ / name, ignored);
  }
  void keep() { kept_ = true; }

 private:
  fs::path dir_;
  bool kept_ = false;
};

bool stop_requested(const RenderOptions& o) { return o.stop != nullptr && o.stop->load(std::memory_order_relaxed); }

Error cancelled() { return Error::cancelled("render cancelled"); }

media::RenditionSetConfig encoder_config(const Timeline& tl, const RenderOptions& o) {
  media::RenditionSetConfig c;
  c.output_dir = o.want_hls ? o.output_dir / kHlsFolder : o.output_dir;
  c.width = tl.width;
  c.height = tl.height;
  c.fps = tl.fps;
  c.crf = kEngineCrf;
  c.x264_preset = kEngineX264Preset;
  c.x264_threads = kEngineX264Threads;
  c.write_mp4 = true;
  if (!o.want_hls) c.hls_heights.clear();
  c.sample_rate = kSampleRate;
  return c;
}

Result<void> write_captions(const fs::path& path, const Timeline& tl) {
  std::vector<media::Cue> cues;
  cues.reserve(tl.subtitles.size());
  for (const SubtitleCue& s : tl.subtitles) cues.push_back({s.start, s.end, s.text});
  return media::write_webvtt(path, cues);
}

// The clip's sound but the speech (music, ambience, the mix and its loudness, about
// 0.5 s of work), made on a thread of its own while the frames are drawn instead of
// before the first one: the picture needs only the speech's timings and visemes.
// `timeline` is read by both threads and must outlive this object; destroying it
// asks the thread to stop and waits for it.
class SoundThread {
 public:
  SoundThread(const Timeline& timeline, SpeechTrack speech, const AudioConfig& config) {
    std::promise<Result<AudioResult>> promise;
    result_ = promise.get_future();
    thread_ = std::jthread([&timeline, speech = std::move(speech), config,
                            promise = std::move(promise)](std::stop_token stop) mutable {
      promise.set_value(render_sound(timeline, std::move(speech), config, stop));
    });
  }

  bool ready() const { return result_.wait_for(std::chrono::seconds(0)) == std::future_status::ready; }

  // Waits for the sound; call once.
  Result<AudioResult> take() { return result_.get(); }

 private:
  std::future<Result<AudioResult>> result_;
  std::jthread thread_;  // declared last: stopped and joined before the future goes
};

// Hands the encoder the sound of each frame, in order, once the sound exists: until
// then the frames go in ahead of it (at most kMaxSoundLagSec), after that each frame's
// sound goes in with it, so the muxers never hold one stream far ahead of the other.
class SoundFeed {
 public:
  SoundFeed(SoundThread& making, int frames, int fps)
      : making_(making), frames_(frames), max_lag_(fps * kMaxSoundLagSec) {}

  // Feeds the sound of frames [fed, `until`) if it is ready, or must be waited for
  // because the pictures are kMaxSoundLagSec ahead or the last frame is drawn.
  Result<void> feed(int until, media::RenditionSet& set) {
    if (!sound_) {
      if (until < frames_ && until - fed_ < max_lag_ && !making_.ready()) return {};
      if (auto ok = arrive(); !ok) return ok;
    }
    // Both streams span exactly the clip: frame i plays samples [i, i + 1) * total / frames.
    const std::size_t total = sound_->samples.size() / 2;
    const auto sample_at = [&](int frame) { return static_cast<std::size_t>(frame) * total / frames_; };
    const std::span<const float> stereo = sound_->samples;
    for (; fed_ < until; ++fed_) {
      const std::size_t from = sample_at(fed_), to = sample_at(fed_ + 1);
      if (auto ok = set.add_audio(stereo.subspan(2 * from, 2 * (to - from))); !ok) return ok;
    }
    return {};
  }

  // After the last feed.
  const AudioResult& sound() const { return *sound_; }

 private:
  Result<void> arrive() {
    auto made = making_.take();
    if (!made) return fail(made.error());
    // The mix always carries ambience, so silence means a stage failed without saying so.
    if (made->silent) return fail(Error::internal("the mix came out silent"));
    sound_ = std::move(*made);
    return {};
  }

  SoundThread& making_;
  const int frames_;
  const int max_lag_;
  int fed_ = 0;
  std::optional<AudioResult> sound_;
};

// Draws every frame and feeds it, with the sound that plays during it once that is
// made, to `set`.
Result<void> encode_frames(FrameRenderer& renderer, SoundFeed& sound, media::RenditionSet& set,
                           const RenderOptions& o, const fs::path& poster, Progress& progress) {
  const int width = renderer.width();
  const int height = renderer.height();
  const int stride = width * 4;
  const int frames = renderer.frame_count();
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(stride) * height);
  for (int i = 0; i < frames; ++i) {
    if (stop_requested(o)) return fail(cancelled());
    if (auto ok = renderer.render(i, pixels.data(), stride); !ok) return ok;
    if (auto ok = set.add_video_frame(pixels.data(), stride); !ok) return ok;
    if (!poster.empty() && i == frames / 2) {
      if (auto ok = media::write_jpeg(poster, pixels.data(), width, height, stride); !ok) return ok;
    }
    if (auto ok = sound.feed(i + 1, set); !ok) return ok;
    // 100 is kept for "files complete", after finish().
    progress.report(kPrepareShare + (i + 1) * (99 - kPrepareShare) / frames);
  }
  return {};
}

}  // namespace

Result<RenderedClip> render_clip(const JobSpec& spec, const RenderOptions& options) {
  Progress progress(options.on_progress);
  progress.report(0);
  if (stop_requested(options)) return fail(cancelled());
  std::error_code ec;
  if (!fs::is_directory(options.output_dir, ec)) {
    return fail(Error::storage("output folder " + options.output_dir.string() + " does not exist"));
  }

  auto timeline = plan(spec);
  if (!timeline) return fail(timeline.error());
  // The speech fills in what the picture needs (dialogue timings, visemes, subtitles);
  // the rest of the sound is made while the frames are drawn.
  auto speech = synthesize_dialogue(*timeline);
  if (!speech) return fail(speech.error());
  if (stop_requested(options)) return fail(cancelled());
  AudioConfig audio_config;
  audio_config.music = options.music;
  SoundThread making(*timeline, std::move(*speech), audio_config);
  progress.report(kPrepareShare);

  auto renderer = FrameRenderer::create(*timeline);
  if (!renderer) return fail(renderer.error());

  RenderedClip out;
  PartialOutputs partial(options.output_dir);
  auto set = media::RenditionSet::open(encoder_config(*timeline, options));
  if (!set) return fail(set.error());
  const fs::path poster = options.want_poster ? options.output_dir / kPosterName : fs::path();
  SoundFeed sound(making, renderer->frame_count(), timeline->fps);
  if (auto ok = encode_frames(*renderer, sound, *set, options, poster, progress); !ok) return fail(ok.error());
  auto encoded = set->finish();
  if (!encoded) return fail(encoded.error());

  out.mp4 = options.output_dir / kMp4Name;
  if (options.want_hls) {
    // The RenditionSet writes the MP4 beside the playlists; it is served on its own.
    out.hls_dir = options.output_dir / kHlsFolder;
    fs::rename(encoded->mp4, out.mp4, ec);
    if (ec) return fail(Error::storage("moving " + encoded->mp4.string() + ": " + ec.message()));
  }
  out.poster = poster;
  if (options.want_captions && !timeline->subtitles.empty()) {
    out.captions = options.output_dir / kCaptionsName;
    if (auto ok = write_captions(out.captions, *timeline); !ok) return fail(ok.error());
  }
  out.frames = static_cast<int>(encoded->frames);
  out.duration_sec = encoded->duration_seconds;
  out.integrated_lufs = sound.sound().integrated_lufs;
  out.true_peak_dbtp = sound.sound().true_peak_dbtp;
  out.dialogue_shortened = sound.sound().dialogue_shortened;
  out.timeline = std::move(*timeline);
  partial.keep();
  progress.report(100);
  return out;
}

}  // namespace syncreel::engine
