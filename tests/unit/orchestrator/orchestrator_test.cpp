// The orchestrator over the real SQLite store and filesystem blob store, with test
// providers: the pipeline's states, outputs, polling, retries, cancellation, failures
// and recovery.
#include "orchestrator/orchestrator.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "blob/fs/fs_blob_store.hpp"
#include "orchestrator/scripted_provider.hpp"
#include "store/sqlite/sqlite_job_store.hpp"

namespace syncreel {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

fs::path make_temp_dir() {
  std::string tmpl = (fs::temp_directory_path() / "syncreel-orch-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) std::abort();
  return tmpl;
}

JobSpec spec_for(std::string provider) {
  JobSpec s;
  s.prompt = "A lighthouse at dawn";
  s.provider = std::move(provider);
  s.consent = true;
  return s;
}

class OrchestratorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    store_ = std::move(*SqliteJobStore::open(dir_ / "jobs.db"));
    blobs_ = std::move(*FsBlobStore::create(dir_ / "blobs"));
    auto local = std::make_unique<testing::InProcessTestProvider>();
    auto remote = std::make_unique<testing::ScriptedRemoteProvider>();
    local_ = local.get();
    remote_ = remote.get();
    providers_.add(std::move(local));
    providers_.add(std::move(remote));
    config_.workers = 2;
    config_.idle_wait = 5ms;
    config_.progress_interval = 0ms;
    config_.scratch_root = dir_ / "scratch";
  }
  void TearDown() override {
    orch_.reset();
    fs::remove_all(dir_);
  }

  Orchestrator& start(BlobStore* blobs = nullptr) {
    orch_ = std::make_unique<Orchestrator>(config_, *store_, blobs ? *blobs : *blobs_, providers_, log_, metrics_,
                                           clock_);
    EXPECT_TRUE(orch_->start());
    return *orch_;
  }

  // Waits (in real time, bounded) until the job satisfies `pred`.
  Job wait_for(const JobId& id, const std::function<bool(const Job&)>& pred) {
    for (int i = 0; i < 2000; ++i) {
      auto job = store_->get(id);
      if (job && pred(*job)) return *job;
      std::this_thread::sleep_for(5ms);
    }
    ADD_FAILURE() << "timed out waiting for job " << id;
    return *store_->get(id);
  }
  Job wait_terminal(const JobId& id) {
    return wait_for(id, [](const Job& j) { return is_terminal(j.state); });
  }

  fs::path dir_;
  std::unique_ptr<SqliteJobStore> store_;
  std::unique_ptr<FsBlobStore> blobs_;
  ProviderSet providers_;
  testing::InProcessTestProvider* local_ = nullptr;
  testing::ScriptedRemoteProvider* remote_ = nullptr;
  OrchestratorConfig config_;
  obs::JsonLog log_{nullptr};
  obs::MetricsRegistry metrics_;
  ManualClock clock_;
  std::unique_ptr<Orchestrator> orch_;
};

TEST_F(OrchestratorTest, InProcessJobIsPublishedWithItsOutputsInBlobStorage) {
  auto& orch = start();
  std::vector<JobState> seen;
  std::mutex mu;
  auto created = orch.create("usr_a", spec_for("local"), "", "");
  ASSERT_TRUE(created);
  auto sub = orch.subscribe(created->job.id, [&](const Job& j) {
    std::lock_guard lock(mu);
    if (seen.empty() || seen.back() != j.state) seen.push_back(j.state);
  });
  const Job job = wait_terminal(created->job.id);
  ASSERT_EQ(job.state, JobState::published) << (job.error ? job.error->message : "");
  EXPECT_EQ(job.outputs.mp4, "jobs/" + job.id + "/clip.mp4");
  EXPECT_TRUE(blobs_->stat(job.outputs.mp4));
  EXPECT_TRUE(blobs_->stat(job.outputs.poster));
  EXPECT_EQ(job.moderation->decision, "allow");
  EXPECT_EQ(job.provider_task_id, "local-" + job.id);
  std::vector<std::string> stages;
  for (const auto& s : job.stages) stages.push_back(s.name);
  EXPECT_EQ(stages, (std::vector<std::string>{"queued", "submitted", "generating", "moderating", "published"}));
  EXPECT_FALSE(fs::exists(config_.scratch_root / job.id)) << "scratch folder left behind";
  const std::string text = metrics_.expose();
  EXPECT_NE(text.find("generation_latency_ms_count 1"), std::string::npos) << text;
  EXPECT_NE(text.find("jobs{state=\"published\"} 1"), std::string::npos) << text;
}

TEST_F(OrchestratorTest, RemoteJobIsPolledOnScheduleUntilItSucceeds) {
  remote_->polls_script = {TaskPoll{TaskStatus::queued}, TaskPoll{TaskStatus::running, 40},
                           TaskPoll{TaskStatus::running, 80}};
  auto& orch = start();
  auto created = orch.create("usr_a", spec_for("remote"), "", "");
  ASSERT_TRUE(created);
  // After the submission and after each unfinished poll the job waits; only moving
  // the clock makes it runnable.
  wait_for(created->job.id, [](const Job& j) { return j.state == JobState::submitted; });
  for (int poll = 1; poll <= 4; ++poll) {
    std::this_thread::sleep_for(30ms);
    {
      std::lock_guard lock(remote_->mu_);
      EXPECT_EQ(remote_->polls, poll - 1) << "polled before its time";
    }
    clock_.advance(31s);
    wait_for(created->job.id, [&](const Job&) {
      std::lock_guard lock(remote_->mu_);
      return remote_->polls == poll;
    });
  }
  const Job job = wait_terminal(created->job.id);
  EXPECT_EQ(job.state, JobState::published);
  EXPECT_EQ(remote_->submits, 1);
  EXPECT_EQ(job.model_version, "remote-model-1");
  std::vector<std::string> stages;
  for (const auto& s : job.stages) stages.push_back(s.name);
  EXPECT_EQ(stages, (std::vector<std::string>{"queued", "submitted", "generating", "processing", "moderating",
                                              "published"}));
}

TEST_F(OrchestratorTest, TransientSubmitErrorsAreRetriedThenPermanentOnesFail) {
  remote_->submit_errors = {Error::unavailable("503 from provider")};
  auto& orch = start();
  auto created = orch.create("usr_a", spec_for("remote"), "", "");
  wait_for(created->job.id, [&](const Job& j) {
    std::lock_guard lock(remote_->mu_);
    return j.attempts >= 1 && remote_->submits >= 1;
  });
  // Resubmitted after the back-off, then polled once (success) after the first delay.
  clock_.advance(10s);
  wait_for(created->job.id, [](const Job& j) { return j.state == JobState::submitted; });
  clock_.advance(10s);
  EXPECT_EQ(wait_terminal(created->job.id).state, JobState::published);

  {
    std::lock_guard lock(remote_->mu_);
    remote_->submit_errors = {Error::invalid("prompt refused by provider")};
  }
  auto refused = orch.create("usr_a", spec_for("remote"), "", "");
  const Job job = wait_terminal(refused->job.id);
  EXPECT_EQ(job.state, JobState::failed);
  EXPECT_EQ(job.error->code, "provider_rejected");
}

TEST_F(OrchestratorTest, FailedTaskCarriesTheProvidersError) {
  TaskPoll failed{TaskStatus::failed};
  failed.error = JobError{"OutputVideoSensitiveContentDetected", "the output was flagged"};
  remote_->polls_script = {failed};
  auto& orch = start();
  auto created = orch.create("usr_a", spec_for("remote"), "", "");
  wait_for(created->job.id, [&](const Job& j) { return j.state == JobState::submitted; });
  clock_.advance(3s);
  const Job job = wait_terminal(created->job.id);
  EXPECT_EQ(job.state, JobState::failed);
  EXPECT_EQ(job.error->code, "OutputVideoSensitiveContentDetected");
}

TEST_F(OrchestratorTest, CancellingARunningRenderStopsIt) {
  local_->block_until_stopped = true;
  auto& orch = start();
  auto created = orch.create("usr_a", spec_for("local"), "", "");
  wait_for(created->job.id, [](const Job& j) { return j.state == JobState::generating; });
  ASSERT_TRUE(orch.cancel_or_delete("usr_a", created->job.id));
  const Job job = wait_terminal(created->job.id);
  EXPECT_EQ(job.state, JobState::cancelled);
  EXPECT_EQ(job.error->code, "cancelled");
}

TEST_F(OrchestratorTest, AnotherUsersJobIsNotFound) {
  auto& orch = start();
  auto created = orch.create("usr_a", spec_for("local"), "", "");
  EXPECT_EQ(orch.get("usr_b", created->job.id, false).error().code, ErrorCode::not_found);
  EXPECT_EQ(orch.cancel_or_delete("usr_b", created->job.id).error().code, ErrorCode::not_found);
  EXPECT_TRUE(orch.get("usr_b", created->job.id, true));
}

TEST_F(OrchestratorTest, DeletingAFinishedJobErasesItsMedia) {
  auto& orch = start();
  auto created = orch.create("usr_a", spec_for("local"), "", "");
  const Job job = wait_terminal(created->job.id);
  ASSERT_TRUE(orch.cancel_or_delete("usr_a", job.id));
  EXPECT_EQ(blobs_->stat(job.outputs.mp4).error().code, ErrorCode::not_found);
  const Job after = *store_->get(job.id);
  EXPECT_TRUE(after.deleted);
  EXPECT_TRUE(after.outputs.empty());
}

TEST_F(OrchestratorTest, UnknownProviderFailsTheJobClearly) {
  auto& orch = start();
  auto created = orch.create("usr_a", spec_for("nowhere"), "", "");
  const Job job = wait_terminal(created->job.id);
  EXPECT_EQ(job.state, JobState::failed);
  EXPECT_EQ(job.error->code, "unknown_provider");
}

TEST_F(OrchestratorTest, UnwritableBlobStoreFailsTheJobNotTheProcess) {
  // A blob root that is a regular file: every write fails, even for root.
  const fs::path not_a_dir = dir_ / "file-root";
  auto good = FsBlobStore::create(not_a_dir);
  ASSERT_TRUE(good);
  fs::remove_all(not_a_dir);
  std::ofstream(not_a_dir) << "x";
  auto& orch = start(good->get());
  auto created = orch.create("usr_a", spec_for("local"), "", "");
  const Job job = wait_terminal(created->job.id);
  EXPECT_EQ(job.state, JobState::failed);
  EXPECT_EQ(job.error->code, "storage_unavailable");
  EXPECT_FALSE(job.error->message.empty());
  // The orchestrator keeps serving.
  EXPECT_TRUE(orch.create("usr_a", spec_for("local"), "", ""));
}

TEST_F(OrchestratorTest, LeasesOfAPreviousRunAreReleasedAtStart) {
  // A previous run of instance "local" claimed a job and died (no release, long lease).
  auto created = store_->create(NewJob{new_job_id(clock_.now()), "usr_a", spec_for("local"), clock_.now(), "", ""});
  ASSERT_TRUE(created);
  ASSERT_TRUE(store_->claim("local/w0", clock_.now(), std::chrono::hours(1)));
  start();
  EXPECT_EQ(wait_terminal(created->job.id).state, JobState::published);
}

}  // namespace
}  // namespace syncreel
