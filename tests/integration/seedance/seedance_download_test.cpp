// Fetching the result video: expired URLs, dropped and slow transfers, size caps, stops.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "../../unit/media/probe.hpp"
#include "providers/seedance/ark_client.hpp"
#include "seedance_test_support.hpp"

namespace syncreel::testing {
namespace {

class SeedanceDownloads : public SeedanceTest {
 protected:
  void SetUp() override {
    SeedanceTest::SetUp();
    if (HasFatalFailure()) return;
    task_id_ = submit_and_finish(small_spec());
    ctx_.job_id = "job_01JDOWNLOAD0000000000000000";
    ctx_.spec = small_spec();
    ctx_.task_id = task_id_;
    ctx_.scratch_dir = scratch_.path();
  }

  std::string video_url() {
    seedance::ArkClientConfig c;
    c.base_url = fake_->base_url();
    c.api_key = fake_->api_key();
    const auto task = seedance::ArkClient(c, system_clock_).get_task(task_id_);
    return task ? task->video_url : std::string();
  }

  static std::string bytes_of(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  std::string task_id_;
  probe::TempDir scratch_;
  FetchContext ctx_;
};

TEST_F(SeedanceDownloads, AnExpiredUrlIsAClearProviderError) {
  ASSERT_TRUE(fake_->set_faults({{"video_404", 1}}));
  const Error e = error_of(provider().fetch(ctx_));
  EXPECT_EQ(e.code, ErrorCode::provider);
  EXPECT_EQ(e.detail, "video_url_expired");
  EXPECT_NE(e.message.find("expired"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("24 h"), std::string::npos) << e.message;
  EXPECT_EQ(e.message.find("X-Signature"), std::string::npos) << e.message;  // the URL's credential stays out
  EXPECT_FALSE(std::filesystem::exists(scratch_.path() / "clip.mp4"));
}

TEST_F(SeedanceDownloads, ATruncatedTransferIsResumedWithRangeAndTheFileIsWhole) {
  ASSERT_TRUE(fake_->set_faults({{"video_truncate", 1}}));
  const auto art = provider().fetch(ctx_);
  ASSERT_TRUE(art) << art.error().message;
  const auto s = stats();
  EXPECT_EQ(s["range_downloads"], 1);
  EXPECT_EQ(s["downloads"], 2);

  probe::TempDir other;
  seedance::ArkClientConfig c;
  c.base_url = fake_->base_url();
  const auto whole = seedance::ArkClient(c, system_clock_).download(video_url(), other.path() / "whole.mp4");
  ASSERT_TRUE(whole) << whole.error().error.message;
  EXPECT_EQ(whole->attempts, 1);
  EXPECT_EQ(bytes_of(art->mp4), bytes_of(other.path() / "whole.mp4"));
  const auto info = probe::ffprobe(art->mp4);
  EXPECT_EQ(probe::stream_of(info, "video").value("codec_name", ""), "h264");
  EXPECT_EQ(probe::stream_of(info, "audio").value("codec_name", ""), "aac");
}

TEST_F(SeedanceDownloads, DropsBeyondTheAttemptsAreUnavailable) {
  ASSERT_TRUE(fake_->set_faults({{"video_truncate", 10}}));
  const Error e = error_of(provider().fetch(ctx_));
  EXPECT_EQ(e.code, ErrorCode::unavailable);
  EXPECT_EQ(stats()["downloads"], 4);  // the default: one transfer and three resumes
  EXPECT_FALSE(std::filesystem::exists(scratch_.path() / "clip.mp4"));
}

TEST_F(SeedanceDownloads, ASlowTransferTimesOut) {
  SeedanceConfig slow = config_for(*fake_);
  slow.download_timeout = std::chrono::milliseconds(500);
  use_config(slow);
  ASSERT_TRUE(fake_->set_faults({{"video_slow_ms", 10000}}));
  const Error e = error_of(provider().fetch(ctx_));
  EXPECT_EQ(e.code, ErrorCode::timeout);
  EXPECT_FALSE(std::filesystem::exists(scratch_.path() / "clip.mp4"));
}

TEST_F(SeedanceDownloads, AVideoAboveTheSizeCapIsRefused) {
  SeedanceConfig capped = config_for(*fake_);
  capped.max_download_bytes = 64 * 1024;
  use_config(capped);
  const Error e = error_of(provider().fetch(ctx_));
  EXPECT_EQ(e.code, ErrorCode::too_large);
  EXPECT_FALSE(std::filesystem::exists(scratch_.path() / "clip.mp4"));
}

TEST_F(SeedanceDownloads, AStopRequestCancelsTheFetch) {
  std::atomic<bool> stop{true};
  ctx_.stop = &stop;
  EXPECT_EQ(error_of(provider().fetch(ctx_)).code, ErrorCode::cancelled);
  stop = false;
  ASSERT_TRUE(fake_->set_faults({{"video_slow_ms", 3000}}));
  ctx_.on_progress = [&](int percent) {
    if (percent > 0) stop = true;  // the owner cancels mid-download
  };
  EXPECT_EQ(error_of(provider().fetch(ctx_)).code, ErrorCode::cancelled);
  EXPECT_FALSE(std::filesystem::exists(scratch_.path() / "clip.mp4"));
}

TEST_F(SeedanceDownloads, TheKeyIsNeverSentToTheStorageHost) {
  // The fake refuses video requests that carry an Authorization header (400), so a
  // successful fetch proves the key stayed with the API.
  const auto art = provider().fetch(ctx_);
  ASSERT_TRUE(art) << art.error().message;
  EXPECT_EQ(http_exchange("GET", video_url(), {}, {std::string("Authorization: Bearer ") + kFakeArkKey}).first, 400);
}

}  // namespace
}  // namespace syncreel::testing
