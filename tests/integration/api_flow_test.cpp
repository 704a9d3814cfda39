// The real binary driven over HTTP, as a client would: generate -> SSE events ->
// published -> media with a Range request -> delete.
#include <gtest/gtest.h>

#include <fstream>
#include <vector>

#include "test_support.hpp"

namespace syncreel::testing {
namespace {

using nlohmann::json;

class ApiFlowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    service_ = std::make_unique<ServiceProcess>(dir_.path());
    ASSERT_TRUE(service_->start()) << service_->log_text();
    key_ = create_key(dir_.path());
    ASSERT_FALSE(key_.empty());
  }
  TempDir dir_;
  std::unique_ptr<ServiceProcess> service_;
  std::string key_;
};

TEST_F(ApiFlowTest, GenerateWatchPublishFetchDelete) {
  const auto port = service_->port();
  Headers headers = bearer(key_);
  headers["Idempotency-Key"] = "flow-1";
  const auto created = http_request(port, "POST", "/v1/generate", small_job_body().dump(), headers);
  ASSERT_EQ(created.status, 202) << created.body;
  const json body = json::parse(created.body);
  const std::string id = body["id"];
  EXPECT_EQ(created.header("location"), "/v1/jobs/" + id);
  EXPECT_EQ(body["status"], "queued");

  // Same key, same body: the same job. Same key, other body: a conflict.
  const auto replay = http_request(port, "POST", "/v1/generate", small_job_body().dump(), headers);
  EXPECT_EQ(replay.status, 202);
  EXPECT_EQ(json::parse(replay.body)["id"], id);
  const auto conflict = http_request(port, "POST", "/v1/generate", small_job_body("autre chose").dump(), headers);
  EXPECT_EQ(conflict.status, 409) << conflict.body;

  // Events until the job is published, in lifecycle order.
  SseStream events(port, "/v1/jobs/" + id + "/events", bearer(key_));
  ASSERT_EQ(events.status(), 200);
  std::vector<std::string> states;
  int progress_events = 0;
  json last;
  while (auto ev = events.next(std::chrono::seconds(120))) {
    last = json::parse(ev->data);
    const std::string status = last["status"];
    if (states.empty() || states.back() != status) states.push_back(status);
    if (ev->event == "progress") ++progress_events;
    if (is_terminal_status(status)) break;
  }
  ASSERT_FALSE(states.empty());
  EXPECT_EQ(states.back(), "published") << last.dump();
  const std::vector<std::string> order = {"queued", "submitted", "generating", "moderating", "published"};
  auto it = order.begin();
  for (const auto& s : states) {
    it = std::find(it, order.end(), s);
    EXPECT_NE(it, order.end()) << "state out of order: " << s;
  }
  EXPECT_GT(progress_events, 0);

  const auto got = http_request(port, "GET", "/v1/jobs/" + id, "", bearer(key_));
  ASSERT_EQ(got.status, 200);
  const json job = json::parse(got.body);
  EXPECT_EQ(job["status"], "published");
  EXPECT_EQ(job["progress"], 100);
  const std::string mp4_url = job["outputs"]["mp4"];
  ASSERT_FALSE(job["outputs"]["poster"].get<std::string>().empty());

  // The whole file, checked by ffprobe; then a Range request gives the same bytes.
  const auto full = http_request(port, "GET", mp4_url);
  ASSERT_EQ(full.status, 200);
  EXPECT_EQ(full.header("accept-ranges"), "bytes");
  EXPECT_FALSE(full.header("etag").empty());
  EXPECT_NE(full.header("cache-control").find("max-age"), std::string::npos);
  const auto clip = dir_.path() / "fetched.mp4";
  std::ofstream(clip, std::ios::binary) << full.body;
  const json probe = ffprobe(clip);
  ASSERT_TRUE(probe.is_object()) << "ffprobe could not read the clip";
  std::vector<std::string> codecs;
  for (const auto& s : probe["streams"]) codecs.push_back(s["codec_name"]);
  EXPECT_EQ(codecs, (std::vector<std::string>{"h264", "aac"}));

  const auto part = http_request(port, "GET", mp4_url, "", {{"Range", "bytes=100-1123"}});
  ASSERT_EQ(part.status, 206);
  EXPECT_EQ(part.body, full.body.substr(100, 1024));
  EXPECT_EQ(part.header("content-range"), "bytes 100-1123/" + std::to_string(full.body.size()));
  const auto cached = http_request(port, "GET", mp4_url, "", {{"If-None-Match", full.header("etag")}});
  EXPECT_EQ(cached.status, 304);

  // Another user sees nothing; the owner lists it.
  const std::string other = create_key(dir_.path());
  EXPECT_EQ(http_request(port, "GET", "/v1/jobs/" + id, "", bearer(other)).status, 404);
  const auto listed = http_request(port, "GET", "/v1/jobs?limit=10", "", bearer(key_));
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(json::parse(listed.body)["items"][0]["id"], id);

  // Delete erases the media.
  const auto deleted = http_request(port, "DELETE", "/v1/jobs/" + id, "", bearer(key_));
  EXPECT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(http_request(port, "GET", mp4_url).status, 404);
  const json after = json::parse(http_request(port, "GET", "/v1/jobs/" + id, "", bearer(key_)).body);
  EXPECT_FALSE(after.contains("outputs"));

  // The service logged one JSON line per transition, without the prompt.
  const std::string log = service_->log_text();
  EXPECT_NE(log.find("\"to\":\"published\""), std::string::npos);
  EXPECT_EQ(log.find("Bonjour"), std::string::npos) << "the prompt leaked into the log";
}

TEST_F(ApiFlowTest, MetricsAndProbes) {
  const auto port = service_->port();
  EXPECT_EQ(http_request(port, "GET", "/healthz").status, 200);
  EXPECT_EQ(http_request(port, "GET", "/readyz").status, 200);
  const auto metrics = http_request(port, "GET", "/metrics");
  ASSERT_EQ(metrics.status, 200);
  for (const char* name : {"generation_latency_ms_bucket", "job_error_rate_pct", "publish_rate_per_min",
                           "moderation_queue_count", "jobs{state=\"queued\"}"}) {
    EXPECT_NE(metrics.body.find(name), std::string::npos) << name;
  }
}

TEST_F(ApiFlowTest, CancelAQueuedOrRunningJob) {
  const auto port = service_->port();
  auto body = small_job_body();
  body["duration_sec"] = 30;
  const auto created = http_request(port, "POST", "/v1/generate", body.dump(), bearer(key_));
  ASSERT_EQ(created.status, 202);
  const std::string id = json::parse(created.body)["id"];
  const auto cancelled = http_request(port, "DELETE", "/v1/jobs/" + id, "", bearer(key_));
  EXPECT_EQ(cancelled.status, 200);
  const json job = wait_until_terminal(port, key_, id);
  EXPECT_EQ(job["status"], "cancelled");
  EXPECT_EQ(job["error"]["code"], "cancelled");
}

}  // namespace
}  // namespace syncreel::testing
