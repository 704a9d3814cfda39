// The time syncreel adds on top of Seedance for a 10 s 720p clip: from the poll that sees
// the task `succeeded` (the job enters `processing`) to `published` (download, poster,
// blob storage, moderation, the durable writes between). The real `syncreel serve`
// runs against the fake Ark server with zero latency, one job at a time; the figures are
// the service's own stage timestamps from the job document.
//
//   build/bench/seedance_overhead [jobs] [preset]
//
// jobs defaults to 9 (prints min / median / max); preset, when given, is the x264 preset
// of the processing stage (`[processing] x264_preset`), the service's default otherwise.
//
// Then, in the same run and as a reference, the ffmpeg CLI making only the two encodes
// the processing stage cannot skip (720p and 360p at that preset and CRF 23) from the
// same 10 s clip the fake served: no watermark, no poster, no HLS, no storage. The
// overhead cannot go below that on this machine's cores.
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "fake_ark_process.hpp"
#include "media/postprocess/provider_clip.hpp"
#include "test_support.hpp"

namespace {

using namespace syncreel::testing;
using nlohmann::json;

// "2026-11-25T03:13:28.011Z" -> milliseconds since the epoch.
long long parse_ms(const std::string& text) {
  std::tm tm{};
  int millis = 0;
  if (std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, &millis) != 7) {
    return -1;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<long long>(timegm(&tm)) * 1000 + millis;
}

// published_at minus the start of the `processing` stage, or -1.
long long overhead_ms(const json& job) {
  if (!job.is_object() || job.value("status", "") != "published") return -1;
  for (const json& stage : job["stages"]) {
    if (stage.value("name", "") == "processing") {
      return parse_ms(job.value("published_at", "")) - parse_ms(stage.value("started_at", ""));
    }
  }
  return -1;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Wall seconds of the ffmpeg CLI making the 720p and 360p encodes of `clip`, or -1.
double reference_encodes(const std::filesystem::path& clip, const std::string& preset,
                         const std::filesystem::path& out_dir) {
  const std::string command =
      "ffmpeg -v error -y -i " + clip.string() +
      " -filter_complex \"[0:v]split=2[a][b];[b]scale=640:360[c]\" -map \"[a]\" -c:v libx264 -preset " + preset +
      " -crf 23 -map 0:a -c:a aac -b:a 128k " + (out_dir / "ref720.mp4").string() + " -map \"[c]\" -c:v libx264 -preset " +
      preset + " -crf 23 -map 0:a -c:a aac -b:a 128k " + (out_dir / "ref360.mp4").string();
  const auto start = std::chrono::steady_clock::now();
  if (std::system(command.c_str()) != 0) return -1;
  return seconds_since(start);
}

}  // namespace

int main(int argc, char** argv) {
  const int jobs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 9;
  const std::string preset = argc > 2 ? argv[2] : "";
  FakeArkProcess fake({"--queued-ms", "0", "--running-ms", "0"});
  if (!fake.start()) {
    std::fprintf(stderr, "the fake Ark server did not start:\n%s\n", fake.log().c_str());
    return 1;
  }
  setenv("SEEDANCE_API_KEY", fake.api_key().c_str(), 1);
  setenv("SEEDANCE_BASE_URL", fake.base_url().c_str(), 1);
  TempDir dir;
  const auto config = dir.path() / "syncreel.toml";
  {
    std::ofstream out(config);
    out << "[workers]\nfirst_poll_ms = 100\nmax_poll_ms = 300\n";
    if (!preset.empty()) out << "[processing]\nx264_preset = \"" << preset << "\"\n";
  }
  ServiceProcess service(dir.path(), {"--config", config.string()});
  if (!service.start()) {
    std::fprintf(stderr, "the service did not start:\n%s\n", service.log_text().c_str());
    return 1;
  }
  const std::string key = create_key(dir.path());

  std::vector<long long> samples;
  // One job first, not counted: the fake renders its 10 s 720p MP4 once, on first use.
  for (int i = 0; i <= jobs; ++i) {
    const json body = {{"prompt", "A lighthouse at dawn, waves breaking, take " + std::to_string(i)},
                       {"style", "cinematic"}, {"duration_sec", 10}, {"resolution", "720p"},
                       {"provider", "seedance"}, {"consent", true}};
    const auto res = http_request(service.port(), "POST", "/v1/generate", body.dump(), bearer(key));
    const json created = json::parse(res.body, nullptr, false);
    if (res.status != 202 || !created.is_object()) {
      std::fprintf(stderr, "submission refused: %d %s\n", res.status, res.body.c_str());
      return 1;
    }
    const json job = wait_until_terminal(service.port(), key, created["id"], std::chrono::seconds(300));
    const long long ms = overhead_ms(job);
    if (ms < 0) {
      std::fprintf(stderr, "job did not publish: %s\n", job.dump().c_str());
      return 1;
    }
    if (i > 0) samples.push_back(ms);
  }
  std::sort(samples.begin(), samples.end());
  std::printf("seedance overhead, 10 s 720p, succeeded seen -> published, %d jobs: min %lld ms, median %lld ms, "
              "max %lld ms\n",
              jobs, samples.front(), samples[samples.size() / 2], samples.back());
  const std::string reference_preset = preset.empty() ? syncreel::media::ProcessRequest{}.x264_preset : preset;
  const double reference = reference_encodes(std::filesystem::path(FAKE_ARK_CACHE_DIR) / "testsrc2-1280x720-10s.mp4", reference_preset, dir.path());
  if (reference < 0) {
    std::fprintf(stderr, "the ffmpeg CLI reference failed\n");
    return 1;
  }
  std::printf("reference, same run: the ffmpeg CLI making only the 720p and 360p encodes at preset %s: %lld ms "
              "(median overhead / reference %.2f)\n",
              reference_preset.c_str(), static_cast<long long>(reference * 1000),
              static_cast<double>(samples[samples.size() / 2]) / (reference * 1000));
  return 0;
}
