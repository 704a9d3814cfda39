// MediaReader against valid and hostile files: each refusal carries its ingest_error code.
#include "media/ingest/media_reader.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <random>
#include <string>

#include "media/ingest/ingest_error.hpp"
#include "probe.hpp"

namespace syncreel::media {
namespace {

namespace ie = ingest_error;

class MediaReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("syncreel-ingest-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path make(const std::string& name, std::vector<std::string> args) {
    const auto out = dir_ / name;
    std::vector<std::string> argv = {"ffmpeg", "-v", "error", "-y"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back(out.string());
    EXPECT_TRUE(probe::run_capture(argv).has_value()) << name;
    return out;
  }
  std::filesystem::path valid_clip() {
    return make("valid.mp4", {"-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=2", "-f", "lavfi", "-i",
                              "sine=f=440:r=48000:d=2", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac",
                              "-movflags", "+faststart"});
  }
  std::filesystem::path write(const std::string& name, const std::string& bytes) {
    const auto out = dir_ / name;
    std::ofstream(out, std::ios::binary) << bytes;
    return out;
  }
  static std::string read(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  // Opens and decodes to the end; the first error, or none.
  static std::optional<Error> ingest(const std::filesystem::path& p, const IngestLimits& limits = {},
                                     const std::atomic<bool>* stop = nullptr) {
    auto reader = MediaReader::open(p, limits, stop);
    if (!reader) return reader.error();
    while (true) {
      auto next = reader->next();
      if (!next) return next.error();
      if (!*next) return std::nullopt;
    }
  }

  std::filesystem::path dir_;
};

TEST_F(MediaReaderTest, AValidClipDecodesEveryFrameOfBothStreams) {
  auto reader = MediaReader::open(valid_clip(), {});
  ASSERT_TRUE(reader.has_value()) << reader.error().message;
  EXPECT_EQ(reader->info().video_codec, "h264");
  EXPECT_EQ(reader->info().width, 320);
  EXPECT_EQ(reader->info().height, 240);
  EXPECT_DOUBLE_EQ(reader->info().fps, 25.0);
  EXPECT_TRUE(reader->info().has_audio);
  EXPECT_EQ(reader->info().sample_rate, 48000);
  int pictures = 0, audio_frames = 0;
  while (true) {
    auto next = reader->next();
    ASSERT_TRUE(next.has_value()) << next.error().message;
    if (!*next) break;
    ((*next)->kind == DecodedFrame::Kind::video ? pictures : audio_frames)++;
  }
  EXPECT_EQ(pictures, 50);
  EXPECT_GT(audio_frames, 90);  // 2 s of 1024-sample AAC frames
}

TEST_F(MediaReaderTest, AZeroByteFileIsEmpty) {
  auto e = ingest(write("empty.mp4", ""));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->detail, ie::kEmpty);
}

TEST_F(MediaReaderTest, GarbageIsUnrecognised) {
  std::mt19937 rng(7);
  std::string bytes(64 * 1024, '\0');
  for (auto& c : bytes) c = static_cast<char>(rng());
  auto e = ingest(write("garbage.mp4", bytes));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->detail, ie::kUnrecognised);
}

TEST_F(MediaReaderTest, AFaststartFileCutInHalfIsTruncated) {
  const std::string whole = read(valid_clip());
  auto e = ingest(write("half.mp4", whole.substr(0, whole.size() / 2)));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->detail, ie::kTruncated) << e->message;
}

TEST_F(MediaReaderTest, AFileCutBeforeItsIndexIsMalformed) {
  const auto clip = make("moov-last.mp4", {"-f", "lavfi", "-i", "testsrc2=s=160x120:r=25:d=2", "-c:v", "libx264",
                                           "-preset", "ultrafast"});
  const std::string whole = read(clip);
  auto e = ingest(write("cut.mp4", whole.substr(0, whole.size() * 3 / 4)));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->detail, ie::kMalformed) << e->message;
}

TEST_F(MediaReaderTest, SoundWithoutPictureHasNoVideo) {
  auto e = ingest(make("sound.m4a", {"-f", "lavfi", "-i", "sine=r=48000:d=1", "-c:a", "aac"}));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->detail, ie::kNoVideo);
}

TEST_F(MediaReaderTest, APictureWiderThanTheLimitIsRefusedBeforeDecoding) {
  auto e = ingest(make("wide.mp4", {"-f", "lavfi", "-i", "color=s=4200x64:r=1:d=1", "-c:v", "libx264", "-preset",
                                    "ultrafast"}));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, ErrorCode::too_large);
  EXPECT_EQ(e->detail, ie::kPictureTooLarge);
}

TEST_F(MediaReaderTest, AHeaderClaimingDaysIsTooLong) {
  // The movie header (mvhd, version 0) of a real clip rewritten to claim ~4e9 ticks.
  std::string bytes = read(valid_clip());
  const std::size_t at = bytes.find("mvhd");
  ASSERT_NE(at, std::string::npos);
  ASSERT_EQ(bytes[at + 4], 0) << "mvhd version 0 expected";
  for (std::size_t i = 0; i < 4; ++i) bytes[at + 20 + i] = static_cast<char>(0xEE);
  auto e = ingest(write("days.mp4", bytes));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->detail, ie::kTooLong) << e->message;
}

TEST_F(MediaReaderTest, AClipLongerThanTheLimitIsTooLong) {
  IngestLimits limits;
  limits.max_duration_seconds = 1.0;
  auto e = ingest(valid_clip(), limits);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, ErrorCode::too_large);
  EXPECT_EQ(e->detail, ie::kTooLong);
}

TEST_F(MediaReaderTest, AFileOverTheByteLimitIsNotOpened) {
  IngestLimits limits;
  limits.max_file_bytes = 1000;
  auto e = ingest(valid_clip(), limits);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->detail, ie::kFileTooLarge);
}

TEST_F(MediaReaderTest, AnExhaustedTimeBudgetEndsReadingAsTimeout) {
  IngestLimits limits;
  limits.time_budget = std::chrono::milliseconds(0);
  auto e = ingest(valid_clip(), limits);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, ErrorCode::timeout);
  EXPECT_EQ(e->detail, ie::kTimeout);
}

TEST_F(MediaReaderTest, TheStopFlagCancels) {
  const auto clip = valid_clip();
  std::atomic<bool> stop{true};
  auto e = ingest(clip, {}, &stop);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, ErrorCode::cancelled);
}

TEST_F(MediaReaderTest, AFolderIsNotAFile) {
  auto e = ingest(dir_);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->detail, ie::kNotAFile);
}

}  // namespace
}  // namespace syncreel::media
