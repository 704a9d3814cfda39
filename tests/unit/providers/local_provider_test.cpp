#include "providers/local/local_provider.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "../media/probe.hpp"

// Fontconfig keeps process-wide caches of the fonts Pango resolved and never frees them.
// They are bounded (measured: constant after the first few renders, about 32 KB), so the
// sanitizer run ignores leaks from that one library and still checks everything else.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }

namespace syncreel {
namespace {

constexpr double kOneFrame = 1.0 / 24;

JobSpec short_spec() {
  JobSpec s;
  s.prompt = "Une femme dit « Bonjour » sur une plage au coucher du soleil";
  s.style = Style::cinematic;
  s.duration_sec = 5;
  s.aspect_ratio = AspectRatio::r16x9;
  s.resolution = Resolution::p360;
  s.seed = 1234;
  s.consent = true;
  return s;
}

FetchContext context_for(const JobSpec& spec, const std::filesystem::path& dir) {
  FetchContext ctx;
  ctx.job_id = "job_01JTEST0000000000000000000";
  ctx.spec = spec;
  ctx.task_id = "local-" + ctx.job_id;
  ctx.scratch_dir = dir;
  return ctx;
}

std::string file_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(LocalProvider, SubmitPollCancelNeedNoWork) {
  LocalProvider provider;
  EXPECT_EQ(provider.name(), "local");
  EXPECT_TRUE(provider.renders_in_process());
  const auto sub = provider.submit("job_abc", short_spec());
  ASSERT_TRUE(sub) << sub.error().message;
  EXPECT_EQ(sub->task_id, "local-job_abc");
  EXPECT_EQ(sub->model_version, "syncreel-engine-2");
  const auto poll = provider.poll(sub->task_id);
  ASSERT_TRUE(poll);
  EXPECT_EQ(poll->status, TaskStatus::succeeded);
  EXPECT_EQ(poll->model_version, "syncreel-engine-2");
  EXPECT_TRUE(provider.cancel(sub->task_id));
  EXPECT_EQ(provider.poll("cgt-123").error().code, ErrorCode::invalid_argument);
  auto refused = short_spec();
  refused.consent = false;
  EXPECT_EQ(provider.submit("job_abc", refused).error().code, ErrorCode::invalid_argument);
}

// The engine's own tests check the clip in depth (tests/unit/engine/render); this one
// checks what the provider hands the orchestrator.
TEST(LocalProvider, RendersTheServiceOutputSetWithProgress) {
  probe::TempDir dir;
  LocalProvider provider;
  auto ctx = context_for(short_spec(), dir.path());
  std::vector<int> progress;
  ctx.on_progress = [&](int p) { progress.push_back(p); };
  const auto art = provider.fetch(ctx);
  ASSERT_TRUE(art) << art.error().message;
  EXPECT_EQ(art->mp4, dir.path() / "clip.mp4");
  EXPECT_EQ(art->poster, dir.path() / "poster.jpg");
  EXPECT_EQ(art->captions, dir.path() / "captions.vtt");
  EXPECT_EQ(art->hls_dir, dir.path() / "hls");
  EXPECT_DOUBLE_EQ(art->duration_sec, 5.0);
  EXPECT_EQ(art->model_version, "syncreel-engine-2");

  const auto info = probe::ffprobe(art->mp4);
  const auto video = probe::stream_of(info, "video");
  const auto audio = probe::stream_of(info, "audio");
  ASSERT_TRUE(video.is_object() && audio.is_object()) << "ffprobe could not read the clip";
  EXPECT_EQ(video.value("codec_name", ""), "h264");
  EXPECT_EQ(video.value("profile", ""), "High");
  EXPECT_EQ(video.value("width", 0), 640);
  EXPECT_EQ(video.value("height", 0), 360);
  EXPECT_NEAR(probe::json_number(video, "duration"), 5.0, kOneFrame);
  EXPECT_EQ(audio.value("codec_name", ""), "aac");
  EXPECT_NEAR(probe::json_number(audio, "duration"), 5.0, kOneFrame);

  const auto poster = probe::stream_of(probe::ffprobe(art->poster), "video");
  ASSERT_TRUE(poster.is_object());
  EXPECT_EQ(poster.value("codec_name", ""), "mjpeg");
  EXPECT_EQ(poster.value("width", 0), 640);
  EXPECT_TRUE(file_bytes(art->captions).starts_with("WEBVTT"));
  // A 360p source has one rendition: 720p would be an upscale.
  const auto master = file_bytes(art->hls_dir / "master.m3u8");
  EXPECT_NE(master.find("360p/index.m3u8"), std::string::npos) << master;
  EXPECT_EQ(master.find("720p"), std::string::npos) << master;
  EXPECT_TRUE(std::filesystem::exists(art->hls_dir / "360p" / "init.mp4"));

  ASSERT_FALSE(progress.empty());
  EXPECT_EQ(progress.front(), 0);
  EXPECT_EQ(progress.back(), 100);
  for (std::size_t i = 1; i < progress.size(); ++i) EXPECT_LT(progress[i - 1], progress[i]);
}

TEST(LocalProvider, StopFlagCancelsQuicklyAndLeavesNoFiles) {
  LocalProvider provider;
  {
    probe::TempDir dir;
    std::atomic<bool> stop{true};
    auto ctx = context_for(short_spec(), dir.path());
    ctx.stop = &stop;
    const auto started = std::chrono::steady_clock::now();
    const auto art = provider.fetch(ctx);
    ASSERT_FALSE(art);
    EXPECT_EQ(art.error().code, ErrorCode::cancelled);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
    EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
  }
  {  // set mid-render, after the poster was written and HLS segments were cut
    probe::TempDir dir;
    std::atomic<bool> stop{false};
    auto ctx = context_for(short_spec(), dir.path());
    ctx.stop = &stop;
    int last = -1;
    ctx.on_progress = [&](int p) {
      last = p;
      if (p >= 60) stop = true;
    };
    const auto art = provider.fetch(ctx);
    ASSERT_FALSE(art);
    EXPECT_EQ(art.error().code, ErrorCode::cancelled);
    EXPECT_LT(last, 65) << "the render must stop within a frame of the flag";
    EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
  }
}

TEST(LocalProvider, AnUnknownVoiceFailsTheTaskNamingIt) {
  probe::TempDir dir;
  auto spec = short_spec();
  spec.voice = "nosuchvoice";
  const auto art = LocalProvider{}.fetch(context_for(spec, dir.path()));
  ASSERT_FALSE(art);
  EXPECT_EQ(art.error().code, ErrorCode::invalid_argument);
  EXPECT_NE(art.error().message.find("nosuchvoice"), std::string::npos) << art.error().message;
}

TEST(LocalProvider, UnwritableScratchDirIsAStorageError) {
  probe::TempDir dir;
  const auto art = LocalProvider{}.fetch(context_for(short_spec(), dir.path() / "missing"));
  ASSERT_FALSE(art);
  EXPECT_EQ(art.error().code, ErrorCode::storage) << art.error().message;
}

}  // namespace
}  // namespace syncreel
