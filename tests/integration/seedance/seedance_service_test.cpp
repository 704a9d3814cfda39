// The real `syncreel serve` with the Seedance provider against the fake Ark server: jobs
// publish through it, survive its faults or fail with the right code, the circuit breaker
// and the concurrency cap shape what the service does, callbacks and deadlines work, a
// kill -9 never costs a second task, and the API key shows up nowhere.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "fake_ark_process.hpp"
#include "test_support.hpp"

namespace syncreel::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kModel = "dreamina-seedance-2-0-260128";
constexpr const char* kFastPolls = "first_poll_ms = 100\nmax_poll_ms = 300\n";

json seedance_job(const std::string& prompt) {
  return {{"prompt", prompt},        {"style", "cinematic"}, {"duration_sec", 5},
          {"resolution", "360p"},    {"provider", "seedance"}, {"consent", true}};
}

class SeedanceServiceTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (service_) {
      // Whatever the test did, the key is in neither the logs nor the metrics.
      const auto metrics = http_request(service_->port(), "GET", "/metrics");
      texts_.push_back(metrics.body);
      service_->stop();
      texts_.push_back(service_->log_text());
      for (const std::string& text : texts_) {
        EXPECT_EQ(text.find(kFakeArkKey), std::string::npos) << "the API key leaked into: " << text.substr(0, 400);
      }
    }
    unsetenv("SEEDANCE_API_KEY");
    unsetenv("SEEDANCE_BASE_URL");
  }

  // Starts the fake (quick tasks unless told otherwise) and the service pointed at it,
  // with `workers` as its [workers] table (fast polls by default), then `extra` tables.
  void start(std::vector<std::string> fake_args = {"--queued-ms", "50", "--running-ms", "300"},
             const std::string& workers = kFastPolls, const std::string& extra = "", bool with_key = true) {
    fake_ = std::make_unique<FakeArkProcess>(std::move(fake_args));
    ASSERT_TRUE(fake_->start()) << fake_->log();
    if (with_key) {
      setenv("SEEDANCE_API_KEY", kFakeArkKey, 1);
      setenv("SEEDANCE_BASE_URL", fake_->base_url().c_str(), 1);
    }
    const auto config = dir_.path() / "syncreel.toml";
    std::ofstream(config) << "[workers]\n" << workers << "\n" << extra
                          << "\n[providers.seedance]\nusd_per_million_tokens = 10\nbreaker_cool_down_ms = 4000\n"
                             "request_timeout_ms = 3000\ndownload_timeout_ms = 5000\nconcurrency = 2\n";
    service_ = std::make_unique<ServiceProcess>(dir_.path(), std::vector<std::string>{"--config", config.string()});
    ASSERT_TRUE(service_->start()) << service_->log_text();
    key_ = create_key(dir_.path());
    ASSERT_FALSE(key_.empty());
  }

  HttpResponse post_job(const json& body) {
    auto res = http_request(service_->port(), "POST", "/v1/generate", body.dump(), bearer(key_));
    texts_.push_back(res.body);
    return res;
  }
  std::string submit(const std::string& prompt) {
    const auto res = post_job(seedance_job(prompt));
    EXPECT_EQ(res.status, 202) << res.body;
    return json::parse(res.body, nullptr, false).value("id", "");
  }
  json wait(const std::string& id, std::chrono::seconds timeout = 120s) {
    json job = wait_until_terminal(service_->port(), key_, id, timeout);
    texts_.push_back(job.dump());
    return job;
  }
  json get_job(const std::string& id) {
    const auto res = http_request(service_->port(), "GET", "/v1/jobs/" + id, "", bearer(key_));
    return json::parse(res.body, nullptr, false);
  }
  int creates() { return fake_->stats().value("creates", -1); }

  TempDir dir_;
  std::unique_ptr<FakeArkProcess> fake_;
  std::unique_ptr<ServiceProcess> service_;
  std::string key_;
  std::vector<std::string> texts_;  // every body a test saw, checked for the key
};

TEST_F(SeedanceServiceTest, JobPublishesAClipWithPosterCostAndModel) {
  ASSERT_NO_FATAL_FAILURE(start());
  const json job = wait(submit("A lighthouse at dawn, waves breaking on the rocks"));
  ASSERT_EQ(job.value("status", ""), "published") << job.dump();
  EXPECT_EQ(job.value("model_version", ""), kModel);
  // 480p 16:9 for 5 s: 864 x 496 x (24 x 5 + 1) / 1024 tokens at $10 per million.
  EXPECT_NEAR(job.value("cost_usd", 0.0), 864.0 * 496 * 121 / 1024 * 10 / 1e6, 1e-4);
  EXPECT_EQ(creates(), 1);

  const auto clip = http_request(service_->port(), "GET", job["outputs"]["mp4"]);
  ASSERT_EQ(clip.status, 200);
  const auto file = dir_.path() / "clip.mp4";
  std::ofstream(file, std::ios::binary) << clip.body;
  const json probe = ffprobe(file);
  ASSERT_TRUE(probe.is_object());
  EXPECT_EQ(probe["streams"].size(), 2u) << "picture and sound";
  EXPECT_NEAR(std::stod(probe["format"]["duration"].get<std::string>()), 5.0, 0.1);
  const auto poster = http_request(service_->port(), "GET", job["outputs"]["poster"]);
  ASSERT_EQ(poster.status, 200);
  EXPECT_EQ(poster.body.substr(0, 3), "\xFF\xD8\xFF") << "a JPEG";

  // The processing stage packaged it for streaming and measured it.
  const auto master = http_request(service_->port(), "GET", job["outputs"]["hls"]);
  ASSERT_EQ(master.status, 200);
  EXPECT_EQ(master.body.substr(0, 7), "#EXTM3U");
  ASSERT_TRUE(job.contains("qc") && job["qc"].is_object()) << job.dump();
  EXPECT_EQ(job["qc"].value("faststart", false), true);
  EXPECT_NEAR(job["qc"].value("duration_video_s", 0.0), 5.0, 0.1);
}

TEST_F(SeedanceServiceTest, ProcessingTablesOfTheConfigReachTheProcessingStage) {
  // A loudness target the pipeline's -14 LUFS output cannot meet: the published clip's
  // QC verdict is judged against the configured threshold, not the default one.
  ASSERT_NO_FATAL_FAILURE(start({"--queued-ms", "50", "--running-ms", "300"}, kFastPolls,
                                "[processing]\nx264_preset = \"veryfast\"\n"
                                "[processing.watermark]\ntext = \"Studio\"\nposition = \"top_left\"\n"
                                "[processing.qc]\ntarget_lufs = -30\nlufs_tolerance = 0.5\n"));
  const json job = wait(submit("A paper boat drifts down a rain gutter"));
  ASSERT_EQ(job.value("status", ""), "published") << job.dump();
  ASSERT_TRUE(job.contains("qc") && job["qc"].is_object()) << job.dump();
  std::string loudness;
  for (const json& f : job["qc"].value("failures", json::array())) {
    if (f.value("check", "") == "loudness") loudness = f.value("message", "");
  }
  EXPECT_NE(loudness.find("(target -30.0 +- 0.5)"), std::string::npos) << job["qc"].dump();
}

TEST_F(SeedanceServiceTest, KilledWhileProcessingPublishesOnceFromTheSameTask) {
  ASSERT_NO_FATAL_FAILURE(start({"--queued-ms", "50", "--running-ms", "200"}));
  // A slow download keeps the job in `processing` long enough to be killed there.
  ASSERT_TRUE(fake_->set_faults({{"video_slow_ms", 1500}}));
  const std::string id = submit("A fishing boat leaves the harbour at first light");
  bool processing = false;
  for (int i = 0; i < 1500 && !processing; ++i) {
    processing = get_job(id).value("status", "") == "processing";
    if (!processing) std::this_thread::sleep_for(10ms);
  }
  ASSERT_TRUE(processing) << get_job(id).dump();
  service_->kill_hard();
  ASSERT_TRUE(service_->start()) << service_->log_text();
  const json job = wait(id);
  ASSERT_EQ(job.value("status", ""), "published") << job.dump();
  EXPECT_EQ(creates(), 1) << "the restarted service processed the task it had";
  const auto clip = http_request(service_->port(), "GET", job["outputs"]["mp4"]);
  ASSERT_EQ(clip.status, 200);
  const auto file = dir_.path() / "clip.mp4";
  std::ofstream(file, std::ios::binary) << clip.body;
  const json probe = ffprobe(file);
  ASSERT_TRUE(probe.is_object()) << "the served clip is whole";
  EXPECT_EQ(probe["streams"].size(), 2u);
}

TEST_F(SeedanceServiceTest, TransientFaultsStillPublishWithExactlyOneTask) {
  ASSERT_NO_FATAL_FAILURE(start());
  const std::vector<json> faults = {
      {{"rate_limit", {{"count", 2}, {"retry_after", 1}}}},
      {{"rate_limit", {{"count", 2}, {"retry_after", nullptr}}}},
      {{"server_error", {{"count", 2}, {"status", 500}}}},
      {{"server_error", {{"count", 2}, {"status", 502}}}},
      {{"server_error", {{"count", 2}, {"status", 503}}}},
      {{"reset", 2}},
      {{"malformed_json", 1}},
      {{"truncated_json", 1}},
      {{"lose_create_response", 1}},
      {{"video_truncate", 1}},
  };
  for (std::size_t i = 0; i < faults.size(); ++i) {
    SCOPED_TRACE(faults[i].dump());
    const int before = creates();
    ASSERT_TRUE(fake_->set_faults(faults[i]));
    const json job = wait(submit("A fox crossing a snowy field, take " + std::to_string(i)));
    EXPECT_EQ(job.value("status", ""), "published") << job.dump();
    EXPECT_EQ(creates() - before, 1) << "one remote task per job";
  }
}

TEST_F(SeedanceServiceTest, PermanentFailuresFailTheJobWithTheirCode) {
  ASSERT_NO_FATAL_FAILURE(start());
  struct Case {
    json faults;
    std::string code;
  };
  const std::vector<Case> cases = {
      {{{"fail_task", {{"count", 1}, {"code", "OutputVideoSensitiveContentDetected"}}}},
       "OutputVideoSensitiveContentDetected"},
      {{{"fail_task", {{"count", 1}, {"code", "OutputAudioSensitiveContentDetected"}}}},
       "OutputAudioSensitiveContentDetected"},
      {{{"fail_task", {{"count", 1}, {"code", "InternalServiceError"}}}}, "InternalServiceError"},
      {{{"error", {{"count", 1}, {"status", 400}, {"code", "InputTextSensitiveContentDetected"}}}},
       "provider_rejected"},
      {{{"error", {{"count", 1}, {"status", 400}, {"code", "InvalidParameter"}}}}, "provider_rejected"},
      {{{"error", {{"count", 1}, {"status", 429}, {"code", "SetLimitExceeded"}}}}, "provider_failed"},
      {{{"expire_task", 1}}, "provider_expired"},
      {{{"video_404", 1}}, "provider_failed"},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(cases[i].faults.dump());
    const int before = creates();
    ASSERT_TRUE(fake_->set_faults(cases[i].faults));
    const json job = wait(submit("A city street in the rain, take " + std::to_string(i)));
    ASSERT_EQ(job.value("status", ""), "failed") << job.dump();
    EXPECT_EQ(job["error"].value("code", ""), cases[i].code) << job.dump();
    EXPECT_FALSE(job["error"].value("message", "").empty());
    EXPECT_LE(creates() - before, 1) << "never resubmitted on its own";
  }
}

TEST_F(SeedanceServiceTest, OpenBreakerRefusesNewJobsWith503ThenCloses) {
  ASSERT_NO_FATAL_FAILURE(start());
  ASSERT_TRUE(fake_->set_faults({{"rate_limit", {{"count", 5}, {"retry_after", nullptr}}}}));
  const std::string first = submit("A paper boat on a stream");
  // The job's create meets five 429s in a row: the fifth opens the circuit.
  for (int i = 0; i < 600; ++i) {
    const auto [status, body] = http_exchange("GET", fake_->root() + "/_fake/faults");
    if (status == 200 && json::parse(body)["rate_limit"].value("count", -1) == 0) break;
    std::this_thread::sleep_for(20ms);
  }
  std::this_thread::sleep_for(200ms);  // the fifth 429 is on its way back to the service
  const auto refused = post_job(seedance_job("A second paper boat"));
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_FALSE(refused.header("retry-after").empty());
  const json body = json::parse(refused.body, nullptr, false);
  EXPECT_EQ(body["error"].value("code", ""), "provider_unavailable") << refused.body;
  EXPECT_NE(body["error"].value("message", "").find("circuit open"), std::string::npos) << refused.body;

  // Once the cool-down has passed the probe succeeds: the waiting job publishes and new
  // jobs are taken again.
  EXPECT_EQ(wait(first).value("status", ""), "published");
  const json later = wait(submit("A third paper boat"));
  EXPECT_EQ(later.value("status", ""), "published") << later.dump();
  EXPECT_EQ(creates(), 2);
}

TEST_F(SeedanceServiceTest, ConcurrencyCapHoldsAndEveryJobPublishesOnce) {
  ASSERT_NO_FATAL_FAILURE(start({"--queued-ms", "50", "--running-ms", "1500"}));
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(submit("Clouds over a mountain ridge, take " + std::to_string(i)));
  for (const auto& id : ids) EXPECT_EQ(wait(id).value("status", ""), "published") << id;
  const json stats = fake_->stats();
  EXPECT_EQ(stats.value("creates", -1), 5);
  EXPECT_EQ(stats.value("max_active", -1), 2) << "the cap (2) is both used and never exceeded";
}

TEST_F(SeedanceServiceTest, KilledWhileGeneratingFinishesFromTheSameTask) {
  ASSERT_NO_FATAL_FAILURE(start({"--queued-ms", "50", "--running-ms", "4000"}));
  const std::string id = submit("A hot-air balloon over a valley");
  bool generating = false;
  for (int i = 0; i < 600 && !generating; ++i) {
    generating = get_job(id).value("status", "") == "generating";
    if (!generating) std::this_thread::sleep_for(20ms);
  }
  ASSERT_TRUE(generating) << get_job(id).dump();
  service_->kill_hard();
  ASSERT_TRUE(service_->start()) << service_->log_text();
  const json job = wait(id);
  EXPECT_EQ(job.value("status", ""), "published") << job.dump();
  EXPECT_EQ(creates(), 1) << "the restarted service polled the task it had, it did not make another";
}

json long_job(const std::string& prompt, int seconds) {
  json job = seedance_job(prompt);
  job["duration_sec"] = seconds;
  return job;
}

// The fake's view of one of its tasks.
json fake_task(const FakeArkProcess& fake, const std::string& task_id) {
  const auto [status, body] = http_exchange("GET", fake.base_url() + "/contents/generations/tasks/" + task_id, "",
                                            {std::string("Authorization: Bearer ") + kFakeArkKey});
  EXPECT_EQ(status, 200) << body;
  return json::parse(body, nullptr, false);
}

// ffprobe's duration of the job's published clip.
double published_duration(const json& job, std::uint16_t port, const std::filesystem::path& dir) {
  const auto clip = http_request(port, "GET", job["outputs"]["mp4"]);
  EXPECT_EQ(clip.status, 200);
  const auto file = dir / "joined.mp4";
  std::ofstream(file, std::ios::binary) << clip.body;
  const json probe = ffprobe(file);
  EXPECT_TRUE(probe.is_object());
  EXPECT_EQ(probe["streams"].size(), 2u) << "picture and sound";
  return std::stod(probe["format"]["duration"].get<std::string>());
}

constexpr double kOneFrame = 1.0 / 24;

TEST_F(SeedanceServiceTest, LongJobPublishesOneClipFromTwoChainedTasks) {
  ASSERT_NO_FATAL_FAILURE(start());
  const auto res = post_job(long_job("A sailing boat leaving a harbour at dawn", 25));
  ASSERT_EQ(res.status, 202) << res.body;
  const json job = wait(json::parse(res.body).value("id", ""), 300s);
  ASSERT_EQ(job.value("status", ""), "published") << job.dump();
  EXPECT_FALSE(job.contains("notes")) << job.dump();

  const json stats = fake_->stats();
  EXPECT_EQ(stats.value("creates", -1), 2) << "13 s + 12 s, one task each";
  const auto ids = stats["created_ids"];
  const auto first_frames = stats["first_frame_urls"];
  ASSERT_EQ(ids.size(), 2u);
  ASSERT_EQ(first_frames.size(), 2u);
  EXPECT_EQ(first_frames[0], "") << "the first segment starts from the prompt alone";
  const json first = fake_task(*fake_, ids[0]);
  EXPECT_EQ(first.value("duration", 0), 13);
  const std::string last_frame = first["content"].value("last_frame_url", "");
  ASSERT_FALSE(last_frame.empty()) << "the first task was created with return_last_frame: " << first.dump();
  EXPECT_EQ(first_frames[1], last_frame) << "the second task starts from the first one's last picture";
  EXPECT_EQ(fake_task(*fake_, ids[1]).value("duration", 0), 12);

  EXPECT_NEAR(published_duration(job, service_->port(), dir_.path()), 25.0, kOneFrame);
  // Both tasks are billed: 480p 16:9, 13 s and 12 s, at $10 per million tokens.
  const double tokens = 864.0 * 496 * (24 * 13 + 1) / 1024 + 864.0 * 496 * (24 * 12 + 1) / 1024;
  EXPECT_NEAR(job.value("cost_usd", 0.0), tokens * 10 / 1e6, 1e-3);
}

TEST_F(SeedanceServiceTest, FaceGateRefusingTheChainedTaskFallsBackToACutWithANote) {
  ASSERT_NO_FATAL_FAILURE(start());
  ASSERT_TRUE(fake_->set_faults({{"face_gate", 1}}));
  const auto res = post_job(long_job("A portrait of a fisherman mending nets", 20));
  ASSERT_EQ(res.status, 202) << res.body;
  const json job = wait(json::parse(res.body).value("id", ""), 300s);
  ASSERT_EQ(job.value("status", ""), "published") << job.dump();

  const json stats = fake_->stats();
  EXPECT_EQ(stats.value("face_gate_refusals", -1), 1);
  EXPECT_EQ(stats.value("creates", -1), 2) << "the refused create made no task; the fallback made one";
  ASSERT_EQ(stats["first_frame_urls"].size(), 2u);
  EXPECT_EQ(stats["first_frame_urls"][1], "") << "the fallback is text only";
  ASSERT_TRUE(job.contains("notes")) << job.dump();
  ASSERT_EQ(job["notes"].size(), 1u);
  const std::string note = job["notes"][0];
  EXPECT_NE(note.find("InputImageSensitiveContentDetected"), std::string::npos) << note;
  EXPECT_NE(note.find("cut"), std::string::npos) << note;
  EXPECT_NEAR(published_duration(job, service_->port(), dir_.path()), 20.0, kOneFrame);
}

TEST_F(SeedanceServiceTest, KilledBetweenSegmentsFinishesWithOneTaskPerSegment) {
  ASSERT_NO_FATAL_FAILURE(start({"--queued-ms", "50", "--running-ms", "3000"}));
  const auto res = post_job(long_job("A train crossing a viaduct in the snow", 20));
  ASSERT_EQ(res.status, 202) << res.body;
  const std::string id = json::parse(res.body).value("id", "");
  // Segment 1 succeeded and segment 2 was created: kill while it generates.
  bool second_created = false;
  for (int i = 0; i < 1500 && !second_created; ++i) {
    second_created = fake_->stats()["created_ids"].size() == 2;
    if (!second_created) std::this_thread::sleep_for(20ms);
  }
  ASSERT_TRUE(second_created) << get_job(id).dump();
  ASSERT_EQ(get_job(id).value("status", ""), "generating");
  service_->kill_hard();
  ASSERT_TRUE(service_->start()) << service_->log_text();
  const json job = wait(id, 300s);
  EXPECT_EQ(job.value("status", ""), "published") << job.dump();
  EXPECT_EQ(creates(), 2) << "the restart resumed segment 2's task and never recreated segment 1";
  EXPECT_NEAR(published_duration(job, service_->port(), dir_.path()), 20.0, kOneFrame);
}

TEST_F(SeedanceServiceTest, ReplayWhileTheBreakerIsOpenReturnsTheExistingJob) {
  ASSERT_NO_FATAL_FAILURE(start());
  const json body = seedance_job("A paper lantern rising at night");
  Headers headers = bearer(key_);
  headers["Idempotency-Key"] = "lantern-1";
  const auto first = http_request(service_->port(), "POST", "/v1/generate", body.dump(), headers);
  ASSERT_EQ(first.status, 202) << first.body;
  const std::string id = json::parse(first.body).value("id", "");
  EXPECT_EQ(wait(id).value("status", ""), "published");

  // Five 429s in a row open the circuit; the next job meets them.
  ASSERT_TRUE(fake_->set_faults({{"rate_limit", {{"count", 5}, {"retry_after", nullptr}}}}));
  submit("A second paper lantern");
  bool open = false;
  for (int i = 0; i < 1500 && !open; ++i) {
    open = post_job(seedance_job("A probe lantern")).status == 503;
    if (!open) std::this_thread::sleep_for(20ms);
  }
  ASSERT_TRUE(open) << "the breaker never opened";
  const auto replay = http_request(service_->port(), "POST", "/v1/generate", body.dump(), headers);
  texts_.push_back(replay.body);
  EXPECT_NE(replay.status, 503) << replay.body;
  EXPECT_EQ(json::parse(replay.body, nullptr, false).value("id", ""), id) << replay.body;
  EXPECT_EQ(replay.header("idempotent-replayed"), "true");
}

TEST_F(SeedanceServiceTest, CallbackMakesTheJobPollNow) {
  // Polls are an hour apart: only the callback can make this job finish in time.
  ASSERT_NO_FATAL_FAILURE(start({"--queued-ms", "50", "--running-ms", "100"},
                                "first_poll_ms = 600000\nmax_poll_ms = 600000\n",
                                "[server]\npublic_base_url = \"http://127.0.0.1:9\"\n"));
  const std::string id = submit("A kite on a windy beach");
  json last_body;
  for (int i = 0; i < 600 && !last_body.is_object(); ++i) {
    last_body = fake_->stats()["last_create_body"];
    if (!last_body.is_object()) std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(last_body.value("callback_url", ""), "http://127.0.0.1:9/v1/provider-callbacks/seedance");
  const auto [status, list] = http_exchange("GET", fake_->base_url() + "/contents/generations/tasks", "",
                                            {std::string("Authorization: Bearer ") + kFakeArkKey});
  ASSERT_EQ(status, 200) << list;
  const std::string task_id = json::parse(list)["items"][0]["id"];
  std::this_thread::sleep_for(300ms);  // the task is done at the fake; the job waits for its poll

  const auto junk = http_request(service_->port(), "POST", "/v1/provider-callbacks/seedance", "{\"id\": \"../x\"}",
                                 {{"Content-Type", "application/json"}});
  EXPECT_EQ(junk.status, 400);
  const auto ack = http_request(service_->port(), "POST", "/v1/provider-callbacks/seedance",
                                json{{"id", task_id}, {"status", "succeeded"}}.dump(),
                                {{"Content-Type", "application/json"}});
  EXPECT_EQ(ack.status, 200) << ack.body;
  EXPECT_EQ(wait(id, 60s).value("status", ""), "published");
}

TEST_F(SeedanceServiceTest, JobPastItsDeadlineCancelsTheQueuedTaskAndFails) {
  ASSERT_NO_FATAL_FAILURE(
      start({"--queued-ms", "600000"}, std::string(kFastPolls) + "job_deadline_sec = 10\n"));
  const std::string id = submit("A snail crossing a garden path");
  const json job = wait(id, 90s);
  ASSERT_EQ(job.value("status", ""), "failed") << job.dump();
  EXPECT_EQ(job["error"].value("code", ""), "deadline_exceeded");
  const auto [status, list] = http_exchange("GET", fake_->base_url() + "/contents/generations/tasks", "",
                                            {std::string("Authorization: Bearer ") + kFakeArkKey});
  ASSERT_EQ(status, 200);
  EXPECT_EQ(json::parse(list)["items"][0].value("status", ""), "cancelled") << list;
}

TEST_F(SeedanceServiceTest, WithoutAKeyTheProviderIsAbsentAndJobsAreRefused) {
  ASSERT_NO_FATAL_FAILURE(start({}, kFastPolls, "", /*with_key=*/false));
  const auto res = post_job(seedance_job("A lighthouse at dawn"));
  EXPECT_EQ(res.status, 422) << res.body;
  const json body = json::parse(res.body, nullptr, false);
  EXPECT_EQ(body["error"].value("field", ""), "provider") << res.body;
  EXPECT_NE(body["error"].value("message", "").find("seedance"), std::string::npos) << res.body;
  EXPECT_EQ(creates(), 0);
}

TEST_F(SeedanceServiceTest, AuthenticationFailureSaysWhatToCheckWithoutTheKey) {
  ASSERT_NO_FATAL_FAILURE(start());
  setenv("SEEDANCE_API_KEY", "sk-wrong-key", 1);  // the restarted service uses another key
  service_->stop();
  ASSERT_TRUE(service_->start()) << service_->log_text();
  setenv("SEEDANCE_API_KEY", kFakeArkKey, 1);
  const json job = wait(submit("A lighthouse at dawn"));
  ASSERT_EQ(job.value("status", ""), "failed") << job.dump();
  const std::string message = job["error"].value("message", "");
  EXPECT_NE(message.find("SEEDANCE_API_KEY"), std::string::npos) << message;
  EXPECT_EQ(message.find("sk-wrong-key"), std::string::npos) << message;
  EXPECT_EQ(service_->log_text().find("sk-wrong-key"), std::string::npos);
}

}  // namespace
}  // namespace syncreel::testing
