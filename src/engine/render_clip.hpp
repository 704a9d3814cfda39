// render_clip: the whole offline engine in one pass, from a JobSpec to finished files.
//
//   plan (prompt -> Timeline) -> speech (fills the dialogue timings and visemes) ->
//   frames drawn one at a time and pushed, with the audio that plays during each,
//   through one media::RenditionSet; meanwhile a second thread makes the rest of the
//   sound (music, ambience, the mix and its loudness), and the frames run at most
//   kMaxSoundLagSec (render_clip.cpp) of the clip ahead of it.
//
// The picture and the sound come from the same timeline, so lip-sync and cue timing hold
// by construction; the encoder only has to keep both streams starting at zero. Frames
// flow through the RenditionSet's bounded queues while its encoder threads run, so
// drawing and encoding overlap and memory does not grow with the clip's duration (the
// whole-clip audio is 384 KB per second and is the one thing that does; the mix makes
// its stems one at a time so that its peak, which now overlaps the picture's, stays
// small).
//
// Output is byte-reproducible: the same spec and seed give the same files on machines
// with the same FFmpeg, x264, Cairo, Pango, espeak-ng, FluidSynth and fonts.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>

#include "core/error.hpp"
#include "core/job_spec.hpp"
#include "engine/audio/music.hpp"
#include "engine/timeline.hpp"

namespace syncreel::engine {

// The encoder settings of every render (the benchmark's floor uses them too).
inline constexpr int kEngineCrf = 23;
inline constexpr const char* kEngineX264Preset = "veryfast";
// x264's output depends on its thread count, and by default it picks one from the
// machine's cores: pinned, the same spec gives the same bytes on any machine. Two keep a
// 2-core machine busy next to the drawing thread; bigger machines run more renders.
inline constexpr int kEngineX264Threads = 2;

struct RenderOptions {
  // An existing folder; the files below are written into it.
  std::filesystem::path output_dir;
  bool want_hls = true;       // hls/master.m3u8 with 360p and 720p renditions (none above the frame)
  bool want_poster = true;    // poster.jpg, the middle frame
  bool want_captions = true;  // captions.vtt, when anything is said
  MusicConfig music;          // where the General MIDI SoundFont is
  // Checked before every frame; when set, the render stops with Error::cancelled.
  const std::atomic<bool>* stop = nullptr;
  // 0-100, monotonic, on the calling thread: planning and speech take the first few
  // percent, then one step per encoded frame; 100 once every file is complete.
  std::function<void(int)> on_progress;
};

struct RenderedClip {
  std::filesystem::path mp4;       // <output_dir>/clip.mp4: H.264 High + AAC-LC, faststart
  std::filesystem::path hls_dir;   // <output_dir>/hls (master.m3u8 inside); empty without HLS
  std::filesystem::path poster;    // <output_dir>/poster.jpg; empty without
  std::filesystem::path captions;  // <output_dir>/captions.vtt; empty without, or when nothing is said
  int frames = 0;
  double duration_sec = 0;      // frames / fps
  double integrated_lufs = 0;   // of the mix, as libebur128 measured it before encoding
  double true_peak_dbtp = 0;
  bool dialogue_shortened = false;  // a line was cut or dropped to fit the clip
  Timeline timeline;  // as rendered: dialogue timings, visemes and subtitles filled in
};

// Renders `spec` (which passed core `validate`). On failure nothing it wrote is left in
// output_dir. Errors: invalid_argument (the planner refused the spec; an unknown voice,
// detail "voice"), unavailable (the SoundFont or espeak-ng data is not installed: the
// message names the package), cancelled (options.stop), storage (output_dir missing or
// unwritable, disk full), internal (a library failed).
//
// Runs on the calling thread plus the RenditionSet's encoder threads and, for the first
// half second or so, a thread making the sound. Safe to call concurrently; speech
// synthesis is serialised process-wide (espeak-ng has one state).
Result<RenderedClip> render_clip(const JobSpec& spec, const RenderOptions& options);

}  // namespace syncreel::engine
