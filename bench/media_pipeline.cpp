// Provider-clip post-processing against the FFmpeg command line a team would otherwise
// script, side by side in one run on the same 10 s 720p H.264/AAC input:
//   syncreel:  decode + watermark + clip.mp4 (faststart) + HLS 360p/720p + poster + QC
//   reference: ffmpeg -i in.mp4 -c:v libx264 -preset fast -crf 23 -c:a aac -b:a 128k
//              -movflags +faststart -vf drawtext=... out.mp4   (one rendition only)
// Same x264 preset and CRF. Prints both wall times and syncreel / reference (goal <= 1.0),
// and the CPU seconds each used: both keep the two cores busy, so the ratio follows the
// work done (syncreel encodes a 360p rendition more than the reference does).
// Usage: media_pipeline [RUNS]   (default 3; the best run of each counts)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <sys/resource.h>

#include "media/library_log.hpp"
#include "media/postprocess/provider_clip.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU seconds (user + system) used so far by this process, or by its waited-for children.
double cpu_seconds(int who) {
  rusage usage{};
  getrusage(who, &usage);
  auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return secs(usage.ru_utime) + secs(usage.ru_stime);
}

bool run(const std::string& command) { return std::system((command + " >/dev/null 2>&1").c_str()) == 0; }

}  // namespace

int main(int argc, char** argv) {
  using namespace syncreel;
  media::keep_only_library_errors();
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
  const auto dir = std::filesystem::temp_directory_path() / "syncreel-bench-media";
  std::filesystem::create_directories(dir);
  const auto input = dir / "in.mp4";
  if (!run("ffmpeg -y -f lavfi -i testsrc2=s=1280x720:r=30:d=10 -f lavfi -i sine=f=330:r=48000:d=10 "
           "-c:v libx264 -preset medium -crf 18 -pix_fmt yuv420p -c:a aac -b:a 192k " + input.string())) {
    std::fprintf(stderr, "media_pipeline: cannot make the input with the ffmpeg CLI\n");
    return 1;
  }
  const std::string reference =
      "ffmpeg -y -i " + input.string() +
      " -c:v libx264 -preset fast -crf 23 -c:a aac -b:a 128k -movflags +faststart"
      " -vf \"drawtext=fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf:text=syncreel:"
      "fontcolor=white@0.6:fontsize=32:x=w-tw-22:y=h-th-22\" " + (dir / "reference.mp4").string();

  double best_ours = 1e9, best_reference = 1e9;
  for (int i = 0; i < runs; ++i) {
    media::ProcessRequest request;
    request.input = input;
    request.output_dir = dir / "out";
    request.x264_preset = "fast";
    request.crf = 23;
    std::filesystem::remove_all(request.output_dir);
    auto start = Clock::now();
    double cpu_start = cpu_seconds(RUSAGE_SELF);
    auto result = media::process_provider_clip(request);
    const double ours = seconds_since(start);
    const double ours_cpu = cpu_seconds(RUSAGE_SELF) - cpu_start;
    if (!result) {
      std::fprintf(stderr, "media_pipeline: %s\n", result.error().message.c_str());
      return 1;
    }
    start = Clock::now();
    cpu_start = cpu_seconds(RUSAGE_CHILDREN);
    if (!run(reference)) {
      std::fprintf(stderr, "media_pipeline: the reference command failed\n");
      return 1;
    }
    const double theirs = seconds_since(start);
    const double theirs_cpu = cpu_seconds(RUSAGE_CHILDREN) - cpu_start;
    std::printf("run %d: syncreel %.2f s, %.1f CPU s (mp4 %.1f MB + HLS 360p/720p + poster + QC); "
                "ffmpeg %.2f s, %.1f CPU s (mp4 %.1f MB)\n",
                i + 1, ours, ours_cpu, static_cast<double>(std::filesystem::file_size(result->mp4)) / 1e6, theirs,
                theirs_cpu, static_cast<double>(std::filesystem::file_size(dir / "reference.mp4")) / 1e6);
    best_ours = std::min(best_ours, ours);
    best_reference = std::min(best_reference, theirs);
  }
  std::printf("best: syncreel %.2f s, ffmpeg %.2f s, ratio %.2f (goal <= 1.0)\n", best_ours, best_reference,
              best_ours / best_reference);
  std::filesystem::remove_all(dir);
  return 0;
}
