// The offline engine's wall time and peak memory against its floor and a peer, side by
// side in one run (docs/engine.md, "Performance"):
//
//   engine, 10 s 720p, MP4 only        render_clip without HLS, poster or captions
//   engine, 10 s 720p, full set        MP4 + HLS 360p/720p + poster + WebVTT
//   floor: x264 alone                  the same encoder settings fed 240 pre-drawn frames
//   ffmpeg testsrc2 peer               the ffmpeg CLI encoding a 10 s test pattern
//   engine, 30 s 720p, MP4 only        how the time grows with the duration
//
// Every measurement runs in a child process of its own, so its peak resident memory
// (wait4's ru_maxrss) is its own and nothing is cached from one to the next.
//
//   build/bench/engine_render [runs]     (best of `runs`, default 1)
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "engine/picture/frame_renderer.hpp"
#include "engine/plan/planner.hpp"
#include "engine/render_clip.hpp"
#include "media/library_log.hpp"
#include "media/rendition_set.hpp"

extern char** environ;

namespace {

using namespace syncreel;
namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;

constexpr const char* kPrompt = "Une femme dit « Bonjour le monde » sur une plage au coucher du soleil";
constexpr int kFloorDistinctFrames = 48;  // one GOP of real frames, cycled: 177 MB of ARGB

struct Measure {
  double seconds = 0;
  double peak_mb = 0;
};

double since(Steady::time_point start) { return std::chrono::duration<double>(Steady::now() - start).count(); }

fs::path temp_dir() {
  std::string tmpl = (fs::temp_directory_path() / "syncreel-bench-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) std::abort();
  return tmpl;
}

JobSpec spec_of(int seconds) {
  JobSpec s;
  s.prompt = kPrompt;
  s.style = Style::cinematic;
  s.duration_sec = seconds;
  s.resolution = Resolution::p720;
  s.seed = 1;
  s.consent = true;
  return s;
}

// Runs `work` in a forked child, which reports the seconds it measured itself through a
// pipe (so set-up it does first is not counted); the peak comes from the kernel.
Measure in_child(const std::function<double()>& work) {
  int fds[2];
  if (pipe(fds) != 0) std::abort();
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    const double secs = work();
    const bool ok = secs >= 0 && write(fds[1], &secs, sizeof secs) == sizeof secs;
    _exit(ok ? 0 : 1);
  }
  close(fds[1]);
  double secs = -1;
  if (read(fds[0], &secs, sizeof secs) != sizeof secs) secs = -1;
  close(fds[0]);
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || secs < 0) {
    std::fprintf(stderr, "a measurement failed\n");
    std::exit(1);
  }
  return {secs, usage.ru_maxrss / 1024.0};
}

double engine_clip(int seconds, bool full_set, const fs::path& dir) {
  engine::RenderOptions o;
  o.output_dir = dir;
  o.want_hls = full_set;
  o.want_poster = full_set;
  o.want_captions = full_set;
  const auto start = Steady::now();
  auto clip = engine::render_clip(spec_of(seconds), o);
  if (!clip) {
    std::fprintf(stderr, "render failed: %s\n", clip.error().message.c_str());
    return -1;
  }
  return since(start);
}

// x264 (and AAC) alone: the engine's encoder settings, fed frames drawn beforehand.
double x264_floor(const fs::path& dir) {
  auto timeline = engine::plan(spec_of(10));
  auto renderer = engine::FrameRenderer::create(*timeline);
  if (!renderer) return -1;
  const int w = renderer->width(), h = renderer->height(), stride = w * 4;
  std::vector<std::vector<std::uint8_t>> frames(kFloorDistinctFrames,
                                                std::vector<std::uint8_t>(static_cast<std::size_t>(stride) * h));
  for (int i = 0; i < kFloorDistinctFrames; ++i) {
    if (!renderer->render(i * 5, frames[static_cast<std::size_t>(i)].data(), stride)) return -1;
  }
  const std::vector<float> audio_per_frame(2 * 48000 / 24, 0.0f);

  const auto start = Steady::now();
  media::RenditionSetConfig c;
  c.output_dir = dir;
  c.width = w;
  c.height = h;
  c.x264_threads = engine::kEngineX264Threads;
  c.x264_preset = engine::kEngineX264Preset;
  c.crf = engine::kEngineCrf;
  c.hls_heights.clear();
  auto set = media::RenditionSet::open(c);
  if (!set) return -1;
  for (int i = 0; i < renderer->frame_count(); ++i) {
    if (!set->add_video_frame(frames[static_cast<std::size_t>(i % kFloorDistinctFrames)].data(), stride)) return -1;
    if (!set->add_audio(audio_per_frame)) return -1;
  }
  if (!set->finish()) return -1;
  return since(start);
}

double ffmpeg_peer(const fs::path& dir) {
  const std::string out = (dir / "out.mp4").string();
  std::vector<std::string> argv = {"ffmpeg", "-y", "-v", "error", "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=24:d=10",
                                   "-f", "lavfi", "-i", "sine=d=10", "-c:v", "libx264", "-preset", "veryfast",
                                   "-c:a", "aac", out};
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  const auto start = Steady::now();
  pid_t pid = 0;
  if (posix_spawnp(&pid, "ffmpeg", nullptr, nullptr, args.data(), environ) != 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
  return since(start);
}

Measure best_of(int runs, const std::function<double()>& work) {
  Measure best{1e9, 0};
  for (int i = 0; i < runs; ++i) {
    const Measure m = in_child(work);
    best.seconds = std::min(best.seconds, m.seconds);
    best.peak_mb = std::max(best.peak_mb, m.peak_mb);
  }
  return best;
}

const char* verdict(bool met) { return met ? "met" : "NOT met"; }

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 1;
  media::keep_only_library_errors();
  const fs::path dir = temp_dir();
  const auto fresh = [&](const char* name) {
    const fs::path d = dir / name;
    fs::create_directories(d);
    return d;
  };

  const Measure mp4 = best_of(runs, [&] { return engine_clip(10, false, fresh("mp4")); });
  const Measure full = best_of(runs, [&] { return engine_clip(10, true, fresh("full")); });
  const Measure floor = best_of(runs, [&] { return x264_floor(fresh("floor")); });
  // The peer is its own process: spawned from a child so its peak is measured alone.
  const Measure peer = best_of(runs, [&] { return ffmpeg_peer(fresh("peer")); });
  const Measure long_clip = best_of(runs, [&] { return engine_clip(30, false, fresh("long")); });

  std::printf("engine_render: 720p cinematic, \"%s\", best of %d, 2 x264 threads per encoder\n", kPrompt, runs);
  std::printf("  %-36s %7s %9s\n", "", "wall s", "peak MB");
  const auto row = [](const char* name, const Measure& m) {
    std::printf("  %-36s %7.2f %9.0f\n", name, m.seconds, m.peak_mb);
  };
  row("engine 10 s, MP4 only", mp4);
  row("engine 10 s, MP4+HLS+poster+VTT", full);
  row("floor: x264+AAC alone, 240 frames", floor);
  row("ffmpeg testsrc2 veryfast (peer)", peer);
  row("engine 30 s, MP4 only", long_clip);
  const double peak = std::max({mp4.peak_mb, full.peak_mb, long_clip.peak_mb});
  std::printf("  engine / ffmpeg peer   %5.2f   goal <= 1.0  %s\n", mp4.seconds / peer.seconds,
              verdict(mp4.seconds <= peer.seconds));
  std::printf("  engine / floor         %5.2f   goal <= 1.3  %s\n", mp4.seconds / floor.seconds,
              verdict(mp4.seconds <= 1.3 * floor.seconds));
  std::printf("  30 s / 10 s            %5.2f   goal <= 3.3  %s\n", long_clip.seconds / mp4.seconds,
              verdict(long_clip.seconds <= 3.3 * mp4.seconds));
  std::printf("  full set / MP4 only    %5.2f\n", full.seconds / mp4.seconds);
  std::printf("  engine peak            %5.0f MB goal <= 400  %s\n", peak, verdict(peak <= 400));
  std::error_code ec;
  fs::remove_all(dir, ec);
  return 0;
}
