// kill -9 of the real service while jobs are queued, rendering and finishing; after a
// restart every job reaches a terminal state, none twice, none lost, and every served
// file is whole.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "test_support.hpp"

namespace syncreel::testing {
namespace {

using nlohmann::json;

// job id -> how many times the logs say it entered `state`.
std::map<std::string, int> entries_into(const std::string& log, const std::string& state) {
  std::map<std::string, int> out;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    const json j = json::parse(line, nullptr, false);
    if (j.is_object() && j.value("event", "") == "job_transition" && j.value("to", "") == state) {
      ++out[j.value("job_id", "")];
    }
  }
  return out;
}

TEST(CrashRecovery, KilledServiceFinishesEveryJobExactlyOnceAfterRestart) {
  TempDir dir;
  ServiceProcess service(dir.path());
  ASSERT_TRUE(service.start()) << service.log_text();
  const std::string key = create_key(dir.path());

  constexpr int kJobs = 6;
  std::vector<std::string> ids;
  for (int i = 0; i < kJobs; ++i) {
    auto body = small_job_body("Un homme dit « Salut » dans une forêt, prise " + std::to_string(i));
    const auto res = http_request(service.port(), "POST", "/v1/generate", body.dump(), bearer(key));
    ASSERT_EQ(res.status, 202) << res.body;
    ids.push_back(json::parse(res.body)["id"]);
  }

  // Kill once some job is mid-render and others still wait in the queue.
  bool rendering = false;
  for (int i = 0; i < 600 && !rendering; ++i) {
    for (const auto& id : ids) {
      const auto res = http_request(service.port(), "GET", "/v1/jobs/" + id, "", bearer(key));
      const json job = json::parse(res.body, nullptr, false);
      if (job.is_object() && job.value("status", "") == "generating" && job.value("progress", 0) > 0) {
        rendering = true;
      }
    }
    if (!rendering) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(rendering) << "no job started rendering";
  service.kill_hard();

  ASSERT_TRUE(service.start()) << service.log_text();
  for (const auto& id : ids) {
    const json job = wait_until_terminal(service.port(), key, id);
    ASSERT_EQ(job.value("status", ""), "published") << id << ": " << job.dump();

    // The published clip is whole: the served bytes parse, with both streams.
    const auto clip = http_request(service.port(), "GET", job["outputs"]["mp4"]);
    ASSERT_EQ(clip.status, 200);
    const auto file = dir.path() / (id + ".mp4");
    std::ofstream(file, std::ios::binary) << clip.body;
    const json probe = ffprobe(file);
    ASSERT_TRUE(probe.is_object()) << id << " is not a valid MP4";
    EXPECT_EQ(probe["streams"].size(), 2u) << id;
    EXPECT_NEAR(std::stod(probe["format"]["duration"].get<std::string>()), 5.0, 0.1) << id;
  }

  // Exactly once: across both runs each job was submitted and published one time.
  const std::string log = service.log_text();
  const auto published = entries_into(log, "published");
  for (const auto& id : ids) {
    EXPECT_EQ(published.count(id) ? published.at(id) : 0, 1) << id;
  }
  EXPECT_EQ(published.size(), ids.size()) << "an unknown job was published";
}

}  // namespace
}  // namespace syncreel::testing
