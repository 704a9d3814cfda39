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
#include "orchestrator/clip_processor.hpp"
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

  Orchestrator& start(BlobStore* blobs = nullptr, ClipProcessor* processor = nullptr) {
    orch_ = std::make_unique<Orchestrator>(config_, *store_, blobs ? *blobs : *blobs_, providers_, log_, metrics_,
                                           clock_, processor);
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

TEST_F(OrchestratorTest, CostOfTheTaskTokensIsRecorded) {
  TaskPoll done{TaskStatus::succeeded, 100};
  done.tokens_used = 108'900;
  remote_->polls_script = {done};
  auto& orch = start();
  auto created = orch.create("usr_a", spec_for("remote"), "", "");
  wait_for(created->job.id, [](const Job& j) { return j.state == JobState::submitted; });
  clock_.advance(3s);
  const Job job = wait_terminal(created->job.id);
  ASSERT_EQ(job.state, JobState::published);
  EXPECT_EQ(job.tokens_used, 108'900);
  EXPECT_DOUBLE_EQ(job.cost_usd, 1.089);
}

TEST_F(OrchestratorTest, ConcurrencyCapKeepsExtraJobsQueuedUntilATaskEnds) {
  config_.provider_concurrency["remote"] = 1;
  config_.slot_wait = 1s;
  remote_->polls_script = {TaskPoll{TaskStatus::running}};
  auto& orch = start();
  auto first = orch.create("usr_a", spec_for("remote"), "", "");
  wait_for(first->job.id, [](const Job& j) { return j.state == JobState::submitted; });
  auto second = orch.create("usr_a", spec_for("remote"), "", "");
  // The second job finds the slot taken, again and again, without using up attempts.
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(20ms);
    clock_.advance(1s);
  }
  // A claim counts an attempt and the slot wait gives it back in the next write: read
  // the job once that write is done, not in between (a busy machine got there first).
  Job waiting = wait_for(second->job.id, [](const Job& j) { return j.attempts == 0; });
  EXPECT_EQ(waiting.state, JobState::queued);
  EXPECT_EQ(waiting.attempts, 0) << "waiting for a slot must not count as an attempt";
  {
    std::lock_guard lock(remote_->mu_);
    EXPECT_EQ(remote_->submits, 1);
  }
  // The first task runs, then succeeds: its slot goes to the second job.
  clock_.advance(3s);
  wait_for(first->job.id, [](const Job& j) { return j.state == JobState::generating; });
  clock_.advance(5s);
  EXPECT_EQ(wait_terminal(first->job.id).state, JobState::published);
  clock_.advance(1s);
  wait_for(second->job.id, [](const Job& j) { return j.state == JobState::submitted; });
  clock_.advance(3s);
  EXPECT_EQ(wait_terminal(second->job.id).state, JobState::published);
}

TEST_F(OrchestratorTest, RestartCountsLiveTasksAgainstTheCap) {
  config_.provider_concurrency["remote"] = 1;
  remote_->polls_script = {TaskPoll{TaskStatus::running}};
  auto created = start().create("usr_a", spec_for("remote"), "", "");
  wait_for(created->job.id, [](const Job& j) { return j.state == JobState::submitted; });
  orch_.reset();
  auto& orch = start();  // a new process: nothing in memory says a slot is taken
  auto second = orch.create("usr_a", spec_for("remote"), "", "");
  std::this_thread::sleep_for(50ms);
  clock_.advance(1s);
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(store_->get(second->job.id)->state, JobState::queued);
  std::lock_guard lock(remote_->mu_);
  EXPECT_EQ(remote_->submits, 1);
}

TEST_F(OrchestratorTest, JobPastItsDeadlineCancelsItsTaskAndFails) {
  config_.job_deadline = 60s;
  remote_->polls_script = {TaskPoll{TaskStatus::running}, TaskPoll{TaskStatus::running}};
  auto& orch = start();
  auto created = orch.create("usr_a", spec_for("remote"), "", "");
  wait_for(created->job.id, [](const Job& j) { return j.state == JobState::submitted; });
  clock_.advance(61s);
  const Job job = wait_terminal(created->job.id);
  EXPECT_EQ(job.state, JobState::failed);
  EXPECT_EQ(job.error->code, "deadline_exceeded");
  std::lock_guard lock(remote_->mu_);
  EXPECT_EQ(remote_->cancels, 1);
}

TEST_F(OrchestratorTest, ProviderCallbackMakesTheWaitingJobPollNow) {
  auto& orch = start();
  auto created = orch.create("usr_a", spec_for("remote"), "", "");
  const Job submitted = wait_for(created->job.id, [](const Job& j) { return j.state == JobState::submitted; });
  orch.poke_task("task-unknown");
  orch.poke_task(submitted.provider_task_id);
  // No clock movement: only the callback can have made it runnable.
  EXPECT_EQ(wait_terminal(created->job.id).state, JobState::published);
}

TEST_F(OrchestratorTest, ProviderRefusingNewWorkIsReportedAtCreation) {
  Error open = Error::unavailable("provider remote is unavailable (circuit open), retry after 12 s");
  open.retry_after = 12s;
  remote_->refusal = open;
  auto& orch = start();
  auto refused = orch.create("usr_a", spec_for("remote"), "", "");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::unavailable);
  EXPECT_EQ(refused.error().detail, "provider_unavailable");
  EXPECT_EQ(refused.error().retry_after, 12s);
  EXPECT_TRUE(orch.create("usr_a", spec_for("local"), "", "")) << "other providers are unaffected";
}

TEST_F(OrchestratorTest, IdempotentReplayIsAnsweredWhileTheProviderRefusesNewWork) {
  auto& orch = start();
  auto first = orch.create("usr_a", spec_for("remote"), "key-1", "fingerprint-1");
  ASSERT_TRUE(first);
  {
    std::lock_guard lock(remote_->mu_);
    remote_->refusal = Error::unavailable("provider remote is unavailable (circuit open)");
  }
  auto replay = orch.create("usr_a", spec_for("remote"), "key-1", "fingerprint-1");
  ASSERT_TRUE(replay) << replay.error().message;
  EXPECT_FALSE(replay->created);
  EXPECT_EQ(replay->job.id, first->job.id);
  auto other_request = orch.create("usr_a", spec_for("remote"), "key-1", "fingerprint-2");
  ASSERT_FALSE(other_request);
  EXPECT_EQ(other_request.error().code, ErrorCode::conflict);
  auto new_job = orch.create("usr_a", spec_for("remote"), "key-2", "fingerprint-1");
  ASSERT_FALSE(new_job) << "a new job is still refused while the provider admits none";
  EXPECT_EQ(new_job.error().detail, "provider_unavailable");
}

// Runs the clock forward poll after poll until the job is terminal. The clock jumps past
// every poll delay, so tests using it hold leases far longer than the jumps add up to:
// otherwise a jump would expire the lease of a worker in the middle of a step.
constexpr std::chrono::hours kLongLease{24 * 365};

Job drive_to_end(ManualClock& clock, JobStore& store, const JobId& id) {
  for (int i = 0; i < 100; ++i) {
    auto job = store.get(id);
    if (job && is_terminal(job->state)) return *job;
    clock.advance(31s);
    std::this_thread::sleep_for(10ms);
  }
  return *store.get(id);
}

TEST_F(OrchestratorTest, ManyPollsDoNotUseUpTheRetriesOfALaterTransientError) {
  config_.lease = kLongLease;
  config_.max_transient_retries = 2;
  for (int i = 0; i < 6; ++i) remote_->polls_script.push_back(TaskPoll{TaskStatus::running, 10 * i});
  remote_->poll_errors = {{7, Error::unavailable("503 from provider")}};
  auto& orch = start();
  auto created = orch.create("usr_a", spec_for("remote"), "", "");
  ASSERT_TRUE(created);
  const Job job = drive_to_end(clock_, *store_, created->job.id);
  ASSERT_EQ(job.state, JobState::published) << (job.error ? job.error->message : "");
  EXPECT_GT(job.attempts, config_.max_transient_retries + 1) << "the job was claimed more often than the budget";
  EXPECT_EQ(job.transient_failures, 0) << "the successful poll after the error starts the count over";
}

TEST_F(OrchestratorTest, TransientErrorsInARowBeyondTheBudgetFailTheJob) {
  config_.lease = kLongLease;
  config_.max_transient_retries = 2;
  remote_->polls_script = {TaskPoll{TaskStatus::running, 10}};
  remote_->poll_errors = {{2, Error::unavailable("503")}, {3, Error::unavailable("503")},
                          {4, Error::unavailable("503")}};
  auto& orch = start();
  auto created = orch.create("usr_a", spec_for("remote"), "", "");
  ASSERT_TRUE(created);
  const Job job = drive_to_end(clock_, *store_, created->job.id);
  EXPECT_EQ(job.state, JobState::failed);
  ASSERT_TRUE(job.error);
  EXPECT_EQ(job.error->code, "provider_unavailable");
  EXPECT_EQ(remote_->polls, 4) << "three failures in a row with a budget of two retries";
}

TEST_F(OrchestratorTest, LongJobIsMadeAsChainedSegmentsEachCreatedOnce) {
  config_.lease = kLongLease;
  remote_->segments = {13, 12};
  auto& orch = start();
  JobSpec spec = spec_for("remote");
  spec.duration_sec = 25;
  auto created = orch.create("usr_a", spec, "", "");
  ASSERT_TRUE(created);
  const Job job = drive_to_end(clock_, *store_, created->job.id);
  ASSERT_EQ(job.state, JobState::published) << (job.error ? job.error->message : "");
  std::lock_guard lock(remote_->mu_);
  EXPECT_EQ(remote_->submits, 2);
  ASSERT_EQ(remote_->segment_requests.size(), 2u);
  const SegmentRequest& first = remote_->segment_requests[0];
  const SegmentRequest& second = remote_->segment_requests[1];
  EXPECT_EQ(first.index, 0);
  EXPECT_EQ(first.count, 2);
  EXPECT_EQ(first.duration_sec, 13);
  EXPECT_TRUE(first.first_frame_url.empty());
  EXPECT_EQ(second.index, 1);
  EXPECT_EQ(second.duration_sec, 12);
  EXPECT_EQ(second.first_frame_url, "https://frames.example/task-" + job.id + ".png");
  EXPECT_FALSE(first.unconfirmed_create_since) << "this run sent no earlier create";
  EXPECT_FALSE(second.unconfirmed_create_since);

  ASSERT_EQ(job.provider_tasks.size(), 2u);
  EXPECT_EQ(job.provider_tasks[0].task_id, "task-" + job.id);
  EXPECT_EQ(job.provider_tasks[1].task_id, "task-" + job.id + "-1");
  EXPECT_TRUE(job.provider_tasks[0].succeeded);
  EXPECT_TRUE(job.provider_tasks[1].succeeded);
  EXPECT_EQ(job.provider_task_id, job.provider_tasks[1].task_id);
  EXPECT_EQ(remote_->fetched_segments,
            (std::vector<std::string>{job.provider_tasks[0].task_id, job.provider_tasks[1].task_id}));
}

// A processor that reports its progress as the media pipeline does (0-100 of its own
// work) and passes the fetched files through.
class ProgressReportingProcessor final : public ClipProcessor {
 public:
  Result<Artifacts> process(const Artifacts& fetched, const FetchContext& ctx) override {
    for (int p : {0, 50, 100}) ctx.on_progress(p);
    return fetched;
  }
};

TEST_F(OrchestratorTest, ProcessingProgressRisesOnceAcrossDownloadAndProcessing) {
  config_.lease = kLongLease;
  ProgressReportingProcessor processor;
  auto& orch = start(nullptr, &processor);
  auto created = orch.create("usr_a", spec_for("remote"), "", "");
  ASSERT_TRUE(created);
  const Job job = drive_to_end(clock_, *store_, created->job.id);
  ASSERT_EQ(job.state, JobState::published) << (job.error ? job.error->message : "");
  auto events = store_->events(job.id, 0);
  ASSERT_TRUE(events);
  std::vector<int> processing;
  for (const JobEvent& e : *events) {
    if (e.state == JobState::processing) processing.push_back(e.progress);
  }
  // The download (50, 100 of it) fills the first 30 %, the processing (0, 50, 100 of
  // it) the rest: one rising bar, with the processing's ticks visible.
  EXPECT_EQ(processing, (std::vector<int>{0, 15, 30, 65, 100}));
}

TEST_F(OrchestratorTest, CreateRecordedByAPreviousRunIsReconciledNotBlindlyRepeated) {
  config_.lease = kLongLease;
  // A run recorded segment 0's create, then died before storing the task id.
  auto& orch = start();
  {
    std::lock_guard lock(remote_->mu_);
    remote_->submit_errors = {Error::unavailable("connection reset")};
  }
  auto created = orch.create("usr_a", spec_for("remote"), "", "");
  ASSERT_TRUE(created);
  wait_for(created->job.id, [](const Job& j) { return !j.provider_tasks.empty() && j.transient_failures == 1; });
  orch_.reset();  // the next run has another run id
  const Job recorded = *store_->get(created->job.id);
  ASSERT_EQ(recorded.provider_tasks.size(), 1u);
  EXPECT_TRUE(recorded.provider_tasks[0].task_id.empty());

  start();
  const Job job = drive_to_end(clock_, *store_, created->job.id);
  ASSERT_EQ(job.state, JobState::published);
  std::lock_guard lock(remote_->mu_);
  ASSERT_EQ(remote_->segment_requests.size(), 2u);
  EXPECT_FALSE(remote_->segment_requests[0].unconfirmed_create_since);
  ASSERT_TRUE(remote_->segment_requests[1].unconfirmed_create_since) << "the restart must ask the provider to look";
  EXPECT_EQ(*remote_->segment_requests[1].unconfirmed_create_since, recorded.provider_tasks[0].create_started_at);
  EXPECT_EQ(job.provider_tasks.size(), 1u);
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

TEST_F(OrchestratorTest, UnknownProviderIsRefusedAtCreation) {
  auto& orch = start();
  auto created = orch.create("usr_a", spec_for("nowhere"), "", "");
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(created.error().detail, "provider");
}

TEST_F(OrchestratorTest, StoredJobOfAProviderNoLongerConfiguredFailsClearly) {
  // Stored while another configuration (e.g. one with a Seedance key) was running.
  NewJob stored;
  stored.now = clock_.now();
  stored.id = new_job_id(stored.now);
  stored.user_id = "usr_a";
  stored.spec = spec_for("nowhere");
  ASSERT_TRUE(store_->create(stored));
  start();
  const Job job = wait_terminal(stored.id);
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
