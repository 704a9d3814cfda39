#include "media/rendition_set.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <numbers>
#include <optional>

#include "media/clip_encoder.hpp"
#include "hls_probe.hpp"
#include "synthetic_clip.hpp"

namespace syncreel::media {
namespace {

using testclip::draw_frame;
using testclip::feed_clip;
using testclip::kFps;
using testclip::kOneFrame;
using testclip::kRate;

RenditionSetConfig config_for(const std::filesystem::path& dir, int width, int height) {
  RenditionSetConfig c;
  c.output_dir = dir;
  c.width = width;
  c.height = height;
  return c;
}

Result<RenditionSet::Outputs> render(const RenditionSetConfig& config, double seconds) {
  auto set = RenditionSet::open(config);
  if (!set) return fail(set.error());
  if (auto ok = feed_clip(*set, config.width, config.height, seconds); !ok) return fail(ok.error());
  return set->finish();
}

void expect_mp4_is_clip(const std::filesystem::path& mp4, int width, int height, double seconds) {
  const auto info = probe::ffprobe(mp4);
  ASSERT_TRUE(info.is_object()) << "ffprobe failed on " << mp4;
  const auto video = probe::stream_of(info, "video");
  const auto audio = probe::stream_of(info, "audio");
  EXPECT_EQ(video.value("codec_name", ""), "h264");
  EXPECT_EQ(video.value("profile", ""), "High");
  EXPECT_EQ(video.value("width", 0), width);
  EXPECT_EQ(video.value("height", 0), height);
  EXPECT_NEAR(probe::json_number(video, "duration"), seconds, kOneFrame);
  EXPECT_NEAR(probe::json_number(video, "start_time"), 0.0, 1e-6);
  EXPECT_EQ(audio.value("codec_name", ""), "aac");
  EXPECT_EQ(audio.value("profile", ""), "LC");
  EXPECT_NEAR(probe::json_number(audio, "duration"), seconds, kOneFrame);
  const auto boxes = probe::top_level_boxes(mp4);
  const auto moov = std::find(boxes.begin(), boxes.end(), "moov");
  const auto mdat = std::find(boxes.begin(), boxes.end(), "mdat");
  ASSERT_NE(moov, boxes.end());
  ASSERT_NE(mdat, boxes.end());
  EXPECT_LT(moov - boxes.begin(), mdat - boxes.begin()) << "faststart must put moov first";
}


// The main scenario: a 10 s 1280x720 clip into clip.mp4 + HLS 360p/720p, with a
// lossless FFV1 copy of the same pictures for SSIM. Rendered once, then checked piece by
// piece (one test, so ctest's process-per-test runs do not render it again per check).
struct TenSecondClip {
  probe::TempDir dir;
  std::filesystem::path ref = dir.path() / "reference.mkv";
  bool ref_ok = false;
  RenditionSet::Outputs outputs;

  std::filesystem::path out() const { return dir.path() / "out"; }
  std::filesystem::path scratch(const std::string& name) const { return dir.path() / name; }
};

void check_outputs(const TenSecondClip& c) {
  EXPECT_EQ(c.outputs.frames, 240);
  EXPECT_DOUBLE_EQ(c.outputs.duration_seconds, 10.0);
  EXPECT_EQ(c.outputs.mp4, c.out() / "clip.mp4");
  EXPECT_EQ(c.outputs.master_playlist, c.out() / "master.m3u8");
  ASSERT_EQ(c.outputs.renditions.size(), 2u);
  EXPECT_EQ(c.outputs.renditions[0].playlist, c.out() / "360p" / "index.m3u8");
  EXPECT_EQ(c.outputs.renditions[1].playlist, c.out() / "720p" / "index.m3u8");
  for (const auto& r : c.outputs.renditions) {
    EXPECT_EQ(r.segments, 3);
    EXPECT_GE(r.bandwidth, r.average_bandwidth);
    EXPECT_GT(r.average_bandwidth, 128'000);
  }
}

void check_mp4(const TenSecondClip& c) { expect_mp4_is_clip(c.outputs.mp4, 1280, 720, 10.0); }

void check_master_playlist(const TenSecondClip& c) {
  const auto text = probe::read_text(c.outputs.master_playlist);
  EXPECT_TRUE(text.starts_with("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n")) << text;
  const auto variants = probe::parse_master(c.outputs.master_playlist);
  ASSERT_EQ(variants.size(), 2u) << text;
  const std::pair<std::string, std::string> expected[] = {{"360p/index.m3u8", "640x360"},
                                                          {"720p/index.m3u8", "1280x720"}};
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& v = variants[i];
    EXPECT_EQ(v.uri, expected[i].first);
    EXPECT_EQ(v.attrs.at("RESOLUTION"), expected[i].second);
    EXPECT_EQ(v.attrs.at("FRAME-RATE"), "24.000");
    EXPECT_GE(std::stoll(v.attrs.at("BANDWIDTH")), std::stoll(v.attrs.at("AVERAGE-BANDWIDTH")));
    // avc1.PPCCLL must be the stream's own SPS: High (0x64) and the level ffprobe reads.
    const auto info = probe::ffprobe(probe::concatenate(c.out() / v.uri, c.scratch("codec-" + std::to_string(i) + ".mp4")));
    const auto video = probe::stream_of(info, "video");
    char want[32];
    std::snprintf(want, sizeof want, "avc1.6400%02x,mp4a.40.2", video.value("level", 0));
    EXPECT_EQ(v.attrs.at("CODECS"), want);
  }
}

void check_media_playlists(const TenSecondClip& c) {
  for (const auto& r : c.outputs.renditions) {
    const auto p = probe::parse_media(r.playlist);
    EXPECT_TRUE(probe::has_line(p, "#EXT-X-PLAYLIST-TYPE:VOD"));
    EXPECT_TRUE(probe::has_line(p, "#EXT-X-MAP:URI=\"init.mp4\""));
    EXPECT_TRUE(probe::has_line(p, "#EXT-X-VERSION:7"));
    EXPECT_EQ(p.lines.back(), "#EXT-X-ENDLIST");
    ASSERT_EQ(p.segments.size(), 3u);
    EXPECT_EQ(p.segments[0], "seg-00001.m4s");
    double total = 0;
    for (std::size_t i = 0; i < p.durations.size(); ++i) {
      EXPECT_GE(p.durations[i], 2.0 - 1e-9);
      EXPECT_LE(p.durations[i], 6.0 + 1e-9);
      EXPECT_TRUE(std::filesystem::is_regular_file(r.playlist.parent_path() / p.segments[i]));
      total += p.durations[i];
    }
    EXPECT_NEAR(total, 10.0, kOneFrame);

    // The bytes a player buffers hold both streams at the rendition's size, 10 s each
    // (the audio also carries the AAC priming and padding: no edit list trims them).
    const auto all = probe::concatenate(r.playlist, c.scratch(std::to_string(r.label) + "-all.mp4"));
    const auto info = probe::ffprobe(all);
    const auto video = probe::stream_of(info, "video");
    const auto audio = probe::stream_of(info, "audio");
    EXPECT_EQ(video.value("width", 0), r.width);
    EXPECT_EQ(video.value("height", 0), r.height);
    EXPECT_EQ(video.value("profile", ""), "High");
    EXPECT_EQ(audio.value("codec_name", ""), "aac");
    EXPECT_NEAR(probe::packet_span(all, "v"), 10.0, 1e-3);
    EXPECT_NEAR(probe::packet_span(all, "a"), 10.0, kOneFrame);
    // Sound and picture share one timeline: the first audible sample (after the 1024
    // priming samples) is shown with the first picture.
    EXPECT_NEAR(probe::json_number(audio, "start_time") + 1024.0 / kRate, probe::json_number(video, "start_time"),
                1e-3);
  }
}

void check_keyframe_alignment(const TenSecondClip& c) {
  std::vector<std::vector<std::string>> keyframes;
  for (const auto& r : c.outputs.renditions) {
    keyframes.push_back(
        probe::keyframe_times(probe::concatenate(r.playlist, c.scratch(std::to_string(r.label) + "-kf.mp4"))));
  }
  ASSERT_EQ(keyframes.size(), 2u);
  ASSERT_EQ(keyframes[0].size(), 5u) << "one IDR every 2 s";
  EXPECT_EQ(keyframes[0], keyframes[1]);
  // Every segment starts on one of those keyframes.
  const double origin = std::stod(keyframes[0][0]);
  double start = 0;
  for (const double d : probe::parse_media(c.outputs.renditions[0].playlist).durations) {
    const bool on_keyframe = std::any_of(keyframes[0].begin(), keyframes[0].end(), [&](const std::string& k) {
      return std::abs(std::stod(k) - origin - start) < 1e-3;
    });
    EXPECT_TRUE(on_keyframe) << "segment starting at " << start << " s";
    start += d;
  }
}

void check_playback(const TenSecondClip& c) {
  for (const auto& playlist : {c.outputs.renditions[0].playlist, c.outputs.renditions[1].playlist,
                               c.outputs.master_playlist}) {
    const auto log = probe::shell("ffmpeg -v error -nostdin -i " + playlist.string() + " -f null -");
    ASSERT_TRUE(log.has_value()) << "ffmpeg failed on " << playlist;
    EXPECT_EQ(*log, "") << playlist;
  }
}

void check_ssim_720p(const TenSecondClip& c) {
  ASSERT_TRUE(c.ref_ok) << "writing the FFV1 reference failed";
  // The reference is converted exactly as the encoder's input was (BT.709, limited range).
  const auto log = probe::shell(
      "ffmpeg -nostdin -nostats -i " + c.outputs.renditions[1].playlist.string() + " -i " + c.ref.string() +
      " -lavfi \"[0:v]setpts=PTS-STARTPTS[a];[1:v]scale=out_color_matrix=bt709:out_range=tv,format=yuv420p,"
      "setpts=PTS-STARTPTS[b];[a][b]ssim\" -f null -");
  ASSERT_TRUE(log.has_value());
  const auto at = log->rfind("All:");
  ASSERT_NE(at, std::string::npos) << *log;
  const double ssim = std::strtod(log->c_str() + at + 4, nullptr);
  std::cout << "[ figures  ] SSIM of 720p rendition vs source: " << ssim << "\n";
  EXPECT_GE(ssim, 0.95);
}

TEST(RenditionSet, TenSecondLandscapeClipEndToEnd) {
  TenSecondClip c;
  auto set = RenditionSet::open(config_for(c.out(), 1280, 720));
  ASSERT_TRUE(set) << set.error().message;
  const std::string cmd = "ffmpeg -v error -y -f rawvideo -pix_fmt bgra -s 1280x720 -r 24 -i - -c:v ffv1 " +
                          c.ref.string() + " >/dev/null 2>&1";
  FILE* ref = ::popen(cmd.c_str(), "w");
  ASSERT_NE(ref, nullptr);
  const auto fed = feed_clip(*set, 1280, 720, 10.0, [ref](const std::vector<std::uint32_t>& px) {
    std::fwrite(px.data(), sizeof(std::uint32_t), px.size(), ref);
  });
  c.ref_ok = ::pclose(ref) == 0;
  ASSERT_TRUE(fed) << fed.error().message;
  auto done = set->finish();
  ASSERT_TRUE(done) << done.error().message;
  c.outputs = std::move(*done);

  // Each check is independent; a failure names the check it happened in.
  const std::pair<const char*, void (*)(const TenSecondClip&)> checks[] = {
      {"outputs describe what was written", check_outputs},
      {"MP4 is H.264 High + AAC, faststart, exact durations", check_mp4},
      {"master lists both renditions with real codecs", check_master_playlist},
      {"media playlists are complete VOD of 2-6 s segments", check_media_playlists},
      {"keyframes and segment starts align across renditions", check_keyframe_alignment},
      {"renditions play from their playlists", check_playback},
      {"720p keeps SSIM >= 0.95 against the source pictures", check_ssim_720p},
  };
  for (const auto& [name, check] : checks) {
    SCOPED_TRACE(name);
    check(c);
  }
}

// Seconds of wall clock and of CPU (all threads of this process) since construction.
// Both are reported: wall time is what a job waits, CPU time is the work done, and the
// latter is far less disturbed when other processes share the cores.
class Stopwatch {
 public:
  Stopwatch() : wall_(std::chrono::steady_clock::now()), cpu_(cpu_now()) {}
  double wall() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_).count(); }
  double cpu() const { return cpu_now() - cpu_; }

 private:
  static double cpu_now() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
  }
  std::chrono::steady_clock::time_point wall_;
  double cpu_;
};

// A measurement, not a check: run it on demand on a quiet machine with
//   media_test --gtest_also_run_disabled_tests --gtest_filter='RenditionSetSpeed.*'
TEST(RenditionSetSpeed, DISABLED_Mp4PlusHlsAgainstMp4Only) {
  probe::TempDir dir;
  std::vector<std::uint32_t> px(1280 * 720);
  const Stopwatch drawing;
  for (int i = 0; i < 240; ++i) draw_frame(px, 1280, 720, i);
  const double drawing_cpu = drawing.cpu();

  const Stopwatch set_clock;
  const auto set = render(config_for(dir.path() / "set", 1280, 720), 10.0);
  const double set_wall = set_clock.wall();
  const double set_cpu = set_clock.cpu();
  ASSERT_TRUE(set) << set.error().message;

  ClipEncoderConfig c;
  c.output = dir.path() / "only.mp4";
  c.width = 1280;
  c.height = 720;
  const Stopwatch mp4_clock;
  auto enc = ClipEncoder::open(c);
  ASSERT_TRUE(enc) << enc.error().message;
  ASSERT_TRUE(feed_clip(*enc, 1280, 720, 10.0));
  ASSERT_TRUE(enc->finish());
  const double mp4_wall = mp4_clock.wall();
  const double mp4_cpu = mp4_clock.cpu();

  std::cout << "[ figures  ] 10 s 1280x720 clip, drawing the pictures " << drawing_cpu << " s CPU (in both)\n"
            << "[ figures  ] MP4 + HLS 360p/720p (RenditionSet): " << set_wall << " s wall, " << set_cpu << " s CPU\n"
            << "[ figures  ] MP4 only (ClipEncoder):             " << mp4_wall << " s wall, " << mp4_cpu << " s CPU\n"
            << "[ figures  ] ratio: " << set_wall / mp4_wall << " wall, " << set_cpu / mp4_cpu << " CPU\n";
  ::testing::Test::RecordProperty("rendition_set_wall_ms", static_cast<int>(set_wall * 1000));
  ::testing::Test::RecordProperty("clip_encoder_wall_ms", static_cast<int>(mp4_wall * 1000));
  ::testing::Test::RecordProperty("rendition_set_cpu_ms", static_cast<int>(set_cpu * 1000));
  ::testing::Test::RecordProperty("clip_encoder_cpu_ms", static_cast<int>(mp4_cpu * 1000));
}

TEST(RenditionSet, PortraitRenditionsAreNamedByTheShortSide) {
  probe::TempDir dir;
  auto config = config_for(dir.path(), 720, 1280);
  config.hls_segment_seconds = 2;
  const auto out = render(config, 2.0);
  ASSERT_TRUE(out) << out.error().message;
  ASSERT_EQ(out->renditions.size(), 2u);
  EXPECT_EQ(out->renditions[0].label, 360);
  EXPECT_EQ(out->renditions[0].width, 360);
  EXPECT_EQ(out->renditions[0].height, 640);
  EXPECT_EQ(out->renditions[1].width, 720);
  EXPECT_EQ(out->renditions[1].height, 1280);
  const auto variants = probe::parse_master(out->master_playlist);
  ASSERT_EQ(variants.size(), 2u);
  EXPECT_EQ(variants[0].uri, "360p/index.m3u8");
  EXPECT_EQ(variants[0].attrs.at("RESOLUTION"), "360x640");
  EXPECT_EQ(variants[1].attrs.at("RESOLUTION"), "720x1280");
  const auto info = probe::ffprobe(probe::concatenate(out->renditions[0].playlist, dir.path() / "360.mp4"));
  EXPECT_EQ(probe::stream_of(info, "video").value("width", 0), 360);
  EXPECT_EQ(probe::stream_of(info, "video").value("height", 0), 640);
  expect_mp4_is_clip(out->mp4, 720, 1280, 2.0);
}

TEST(RenditionSet, SmallSourceGetsOnlyTheRenditionsItCanFill) {
  probe::TempDir dir;
  const auto out = render(config_for(dir.path(), 640, 360), 2.0);
  ASSERT_TRUE(out) << out.error().message;
  ASSERT_EQ(out->renditions.size(), 1u);
  EXPECT_EQ(out->renditions[0].label, 360);
  EXPECT_EQ(probe::parse_master(out->master_playlist).size(), 1u);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "720p"));
  expect_mp4_is_clip(out->mp4, 640, 360, 2.0);
}

TEST(RenditionSet, EitherOutputCanBeLeftOut) {
  probe::TempDir dir;
  auto hls_only = config_for(dir.path() / "hls", 640, 360);
  hls_only.write_mp4 = false;
  const auto a = render(hls_only, 1.0);
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_TRUE(a->mp4.empty());
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "hls" / "clip.mp4"));
  EXPECT_EQ(probe::parse_media(a->renditions.at(0).playlist).segments.size(), 1u);

  auto mp4_only = config_for(dir.path() / "mp4", 640, 360);
  mp4_only.hls_heights.clear();
  const auto b = render(mp4_only, 1.0);
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_TRUE(b->master_playlist.empty());
  EXPECT_TRUE(b->renditions.empty());
  expect_mp4_is_clip(b->mp4, 640, 360, 1.0);
}

TEST(RenditionSet, UnwritableOutputIsStorageError) {
  probe::TempDir dir;
  std::ofstream(dir.path() / "file") << "x";
  const auto set = RenditionSet::open(config_for(dir.path() / "file" / "out", 640, 360));
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error().code, ErrorCode::storage) << set.error().message;
}

TEST(RenditionSet, AWriteFailureMidwayStopsTheSetWithoutAPlaylist) {
  probe::TempDir dir;
  auto set = RenditionSet::open(config_for(dir.path(), 640, 360));
  ASSERT_TRUE(set) << set.error().message;
  // The rendition folder turns into a file: its first segment cannot be written.
  std::filesystem::remove_all(dir.path() / "360p");
  std::ofstream(dir.path() / "360p") << "x";
  const auto fed = feed_clip(*set, 640, 360, 6.0);
  const auto done = fed ? set->finish() : Result<RenditionSet::Outputs>(fail(fed.error()));
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().code, ErrorCode::storage) << done.error().message;
  EXPECT_FALSE(set->finish());
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "master.m3u8"));
}

TEST(RenditionSet, DestroyingAnUnfinishedSetLeavesNoPlaylist) {
  probe::TempDir dir;
  {
    auto set = RenditionSet::open(config_for(dir.path(), 1280, 720));
    ASSERT_TRUE(set) << set.error().message;
    ASSERT_TRUE(feed_clip(*set, 1280, 720, 5.0));
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "master.m3u8"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "360p" / "index.m3u8"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "720p" / "index.m3u8"));
}

TEST(RenditionSet, RejectsBadConfigAndBadInput) {
  probe::TempDir dir;
  const auto refused = [&](auto edit) {
    auto c = config_for(dir.path(), 640, 360);
    edit(c);
    const auto set = RenditionSet::open(c);
    return !set && set.error().code == ErrorCode::invalid_argument;
  };
  EXPECT_TRUE(refused([](RenditionSetConfig& c) { c.width = 641; }));
  EXPECT_TRUE(refused([](RenditionSetConfig& c) { c.fps = 0; }));
  EXPECT_TRUE(refused([](RenditionSetConfig& c) { c.hls_segment_seconds = 5; }));
  EXPECT_TRUE(refused([](RenditionSetConfig& c) { c.hls_heights = {361}; }));
  EXPECT_TRUE(refused([](RenditionSetConfig& c) {
    c.write_mp4 = false;
    c.hls_heights.clear();
  }));

  auto set = RenditionSet::open(config_for(dir.path(), 160, 90));
  ASSERT_TRUE(set) << set.error().message;
  std::vector<std::uint32_t> px(160 * 90, 0xFF202020u);
  EXPECT_EQ(set->add_video_frame(nullptr, 640).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(set->add_video_frame(reinterpret_cast<const std::uint8_t*>(px.data()), 100).error().code,
            ErrorCode::invalid_argument);
  const float three[] = {0.f, 0.f, 0.f};
  EXPECT_EQ(set->add_audio(three).error().code, ErrorCode::invalid_argument);
  // Bad input is refused without breaking the set; finishing with no picture is not.
  const auto empty = set->finish();
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace syncreel::media
