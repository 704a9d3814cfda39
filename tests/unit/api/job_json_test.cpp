#include "api/job_json.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/time_format.hpp"

namespace syncreel::api {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

class JobJsonTest : public ::testing::Test {
 protected:
  JobJsonTest() {
    job_.id = "job_01J00000000000000000000000";
    job_.user_id = "usr_owner";
    job_.spec.prompt = "Une femme dit « Bonjour »\n\"quoted\"";
    job_.spec.consent = true;
    job_.spec.seed = 42;
    job_.state = JobState::published;
    job_.progress = 100;
    job_.created_at = from_unix_ms(1'790'000'000'123);
    job_.updated_at = from_unix_ms(1'790'000'100'000);
    job_.published_at = job_.updated_at;
    job_.stages = {{"queued", job_.created_at, from_unix_ms(1'790'000'001'000)},
                   {"published", job_.updated_at, std::nullopt}};
    job_.outputs = {"jobs/x/clip.mp4", "jobs/x/poster.jpg", "", "jobs/x/captions.vtt"};
    job_.moderation = ModerationResult{"allow", "low", {"none"}};
    job_.cost_usd = 0.25;
    job_.model_version = "engine-1";
    job_.provider_task_id = "task-secret";
    job_.idempotency_key = "idem";
  }

  json render(bool privileged = false) {
    const std::string text = renderer_.render(job_, privileged);
    const json j = json::parse(text, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << text;
    return j;
  }

  ManualClock clock_{TimePoint{std::chrono::seconds{1'790'000'000}}};
  MediaSigner signer_{"k"};
  JobRenderer renderer_{signer_, clock_, "https://api.example.com/", std::chrono::seconds{600}};
  Job job_;
};

TEST_F(JobJsonTest, Document) {
  const json j = render();
  EXPECT_EQ(j["id"], job_.id);
  EXPECT_EQ(j["status"], "published");
  EXPECT_EQ(j["progress"], 100);
  EXPECT_EQ(j["spec"]["prompt"], job_.spec.prompt);
  EXPECT_EQ(j["spec"]["style"], "cinematic");
  EXPECT_EQ(j["spec"]["aspect_ratio"], "16:9");
  EXPECT_EQ(j["spec"]["resolution"], "720p");
  EXPECT_EQ(j["spec"]["seed"], 42);
  EXPECT_EQ(j["spec"]["consent"], true);
  EXPECT_FALSE(j["spec"].contains("voice"));
  EXPECT_EQ(j["created_at"], "2026-09-21T14:13:20.123Z");
  EXPECT_EQ(j["published_at"], "2026-09-21T14:15:00.000Z");
  ASSERT_EQ(j["stages"].size(), 2u);
  EXPECT_EQ(j["stages"][0]["ended_at"], "2026-09-21T14:13:21.000Z");
  EXPECT_TRUE(j["stages"][1]["ended_at"].is_null());
  EXPECT_EQ(j["moderation"]["decision"], "allow");
  EXPECT_EQ(j["moderation"]["categories"], json::array({"none"}));
  EXPECT_EQ(j["cost_usd"], 0.25);
  EXPECT_EQ(j["model_version"], "engine-1");
  EXPECT_FALSE(j.contains("error"));
  // Internal bookkeeping stays inside.
  for (const char* hidden : {"user_id", "provider_task_id", "idempotency_key", "attempts", "deleted"}) {
    EXPECT_FALSE(j.contains(hidden)) << hidden;
  }
}

TEST_F(JobJsonTest, OutputsAreSignedAbsoluteUrls) {
  const json j = render();
  ASSERT_TRUE(j.contains("outputs"));
  EXPECT_FALSE(j["outputs"].contains("hls"));  // not produced
  const std::string mp4 = j["outputs"]["mp4"];
  EXPECT_TRUE(mp4.starts_with("https://api.example.com/media/jobs/x/clip.mp4?exp=")) << mp4;
  const auto exp_at = mp4.find("exp=") + 4;
  const std::string exp = mp4.substr(exp_at, mp4.find('&') - exp_at);
  const std::string sig = mp4.substr(mp4.find("sig=") + 4);
  EXPECT_TRUE(signer_.verify("jobs/x/clip.mp4", exp, sig, clock_.now()).has_value());
  EXPECT_GE(std::stoll(exp), 1'790'000'600);
  EXPECT_LT(std::stoll(exp), 1'790'000'660);
}

TEST_F(JobJsonTest, OutputsOnlyWhenVisible) {
  job_.state = JobState::in_review;
  EXPECT_FALSE(render(false).contains("outputs")) << "owners see media only once published";
  EXPECT_TRUE(render(true).contains("outputs")) << "moderators review unpublished media";
  job_.state = JobState::published;
  job_.deleted = true;
  EXPECT_FALSE(render(true).contains("outputs"));
  job_.deleted = false;
  job_.outputs = {};
  EXPECT_FALSE(render(true).contains("outputs"));
}

TEST_F(JobJsonTest, ErrorAndInvalidBytes) {
  job_.state = JobState::failed;
  job_.published_at.reset();
  job_.error = JobError{"provider_failed", "bad bytes \xff\xfe here"};
  const json j = render();
  EXPECT_EQ(j["error"]["code"], "provider_failed");
  EXPECT_EQ(j["error"]["message"], "bad bytes \xEF\xBF\xBD\xEF\xBF\xBD here");
  EXPECT_FALSE(j.contains("published_at"));
}

TEST_F(JobJsonTest, RelativeLinksWithoutBaseUrl) {
  const JobRenderer relative(signer_, clock_, "", std::chrono::seconds{60});
  EXPECT_EQ(relative.link("/v1/jobs/x"), "/v1/jobs/x");
  const json j = json::parse(relative.render(job_, false));
  EXPECT_TRUE(j["outputs"]["mp4"].get<std::string>().starts_with("/media/jobs/x/clip.mp4?exp="));
}

TEST(TimeFormat, Spellings) {
  EXPECT_EQ(rfc3339_ms(from_unix_ms(0)), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(rfc3339_ms(from_unix_ms(951'782'400'007)), "2000-02-29T00:00:00.007Z");
  EXPECT_EQ(http_date(from_unix_ms(784'111'777'999)), "Sun, 06 Nov 1994 08:49:37 GMT");
}

}  // namespace
}  // namespace syncreel::api
