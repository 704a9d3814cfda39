// join_clips against clips made by the ffmpeg CLI, checked with ffprobe and by decoding
// the joined sound with ffmpeg: the duration is the sum of the inputs', and the sound
// runs through each seam without a gap.
#include "media/clip_join.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "probe.hpp"

namespace syncreel::media {
namespace {

namespace fs = std::filesystem;

constexpr int kFps = 24;
constexpr double kFrame = 1.0 / kFps;

fs::path make_temp_dir() {
  std::string tmpl = (fs::temp_directory_path() / "syncreel-join-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) std::abort();
  return tmpl;
}

// A clip of `seconds` with a moving test picture and a steady tone of `hz`.
fs::path make_clip(const fs::path& dir, const std::string& name, int seconds, int hz) {
  const fs::path out = dir / name;
  const std::string d = std::to_string(seconds);
  const auto made = probe::run_capture(
      {"ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=320x240:r=24:d=" + d, "-f",
       "lavfi", "-i", "sine=f=" + std::to_string(hz) + ":d=" + d, "-c:v", "libx264", "-preset", "ultrafast",
       "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", out.string()});
  EXPECT_TRUE(made) << "ffmpeg could not make " << name;
  return out;
}

// The whole sound of `file`, mono, decoded by the ffmpeg CLI at 48 kHz.
std::vector<float> decode_mono(const fs::path& file) {
  const auto raw = probe::run_capture(
      {"ffmpeg", "-v", "error", "-i", file.string(), "-vn", "-ac", "1", "-ar", "48000", "-f", "f32le", "-"});
  std::vector<float> out;
  if (!raw) return out;
  out.resize(raw->size() / sizeof(float));
  std::memcpy(out.data(), raw->data(), out.size() * sizeof(float));
  return out;
}

double rms(const std::vector<float>& s, std::size_t from, std::size_t count) {
  double sum = 0;
  for (std::size_t i = from; i < from + count && i < s.size(); ++i) sum += double{s[i]} * s[i];
  return std::sqrt(sum / static_cast<double>(count));
}

class ClipJoinTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = make_temp_dir(); }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(ClipJoinTest, JoinedClipLastsTheSumAndItsSoundHasNoGapAtTheSeam) {
  JoinRequest request;
  request.inputs = {make_clip(dir_, "a.mp4", 3, 440), make_clip(dir_, "b.mp4", 2, 660)};
  request.output = dir_ / "joined.mp4";
  double last_progress = -1;
  bool monotonic = true;
  request.progress = [&](double p) {
    monotonic = monotonic && p >= last_progress;
    last_progress = p;
  };
  auto joined = join_clips(request);
  ASSERT_TRUE(joined) << joined.error().message;
  EXPECT_EQ(joined->frames, 5 * kFps);
  EXPECT_EQ(joined->width, 320);
  EXPECT_EQ(joined->height, 240);
  EXPECT_TRUE(monotonic);

  const auto info = probe::ffprobe(request.output);
  const auto video = probe::stream_of(info, "video");
  const auto audio = probe::stream_of(info, "audio");
  ASSERT_FALSE(video.is_null());
  ASSERT_FALSE(audio.is_null());
  EXPECT_NEAR(probe::json_number(video, "duration"), 5.0, kFrame);
  EXPECT_NEAR(probe::json_number(info["format"], "duration"), 5.0, kFrame);
  EXPECT_NEAR(probe::json_number(audio, "duration"), 5.0, kFrame);

  // 10 ms windows across the seam at 3 s: none may fall silent. The tones' own level is
  // the reference (ffmpeg's sine source is 1/8 full scale).
  const std::vector<float> sound = decode_mono(request.output);
  ASSERT_GT(sound.size(), 48000u * 4);
  const double steady = rms(sound, 48000, 48000);
  ASSERT_GT(steady, 0.05);
  constexpr std::size_t kWindow = 480;
  double quietest = steady;
  for (std::size_t at = 48000 * 3 - 48000 * 3 / 10; at < 48000 * 3 + 48000 * 3 / 10; at += kWindow) {
    quietest = std::min(quietest, rms(sound, at, kWindow));
  }
  EXPECT_GT(quietest, 0.5 * steady) << "the sound dips towards silence at the seam";
  // And the second tone is really there after the seam: the seam is not just the first
  // clip's sound continued.
  const double after = rms(sound, 48000 * 4, 48000);
  EXPECT_NEAR(after, steady, 0.2 * steady);
}

TEST_F(ClipJoinTest, LaterInputOfAnotherSizeIsScaledToTheFirst) {
  JoinRequest request;
  request.inputs = {make_clip(dir_, "a.mp4", 2, 440), dir_ / "b.mp4"};
  ASSERT_TRUE(probe::run_capture({"ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                                  "testsrc2=s=160x120:r=24:d=2", "-f", "lavfi", "-i", "sine=f=550:d=2", "-c:v",
                                  "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
                                  "-shortest", request.inputs[1].string()}));
  request.output = dir_ / "joined.mp4";
  auto joined = join_clips(request);
  ASSERT_TRUE(joined) << joined.error().message;
  const auto video = probe::stream_of(probe::ffprobe(request.output), "video");
  EXPECT_EQ(video.value("width", 0), 320);
  EXPECT_EQ(video.value("height", 0), 240);
  EXPECT_EQ(joined->frames, 4 * kFps);
}

TEST_F(ClipJoinTest, NothingToJoinOrAnUnreadableInputIsRefused) {
  JoinRequest none;
  none.output = dir_ / "none.mp4";
  EXPECT_EQ(join_clips(none).error().code, ErrorCode::invalid_argument);

  JoinRequest broken;
  const fs::path junk = dir_ / "junk.mp4";
  probe::run_capture({"sh", "-c", "head -c 4096 /dev/urandom > " + junk.string()});
  broken.inputs = {make_clip(dir_, "a.mp4", 2, 440), junk};
  broken.output = dir_ / "broken.mp4";
  EXPECT_FALSE(join_clips(broken));
}

}  // namespace
}  // namespace syncreel::media
