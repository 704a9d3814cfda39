// JobRunner: drives one claimed job through as many stages as it can right now, then
// lets go of it (finished, waiting for the next poll, or handed back on shutdown).
//
// One JobRunner per claim, used by one worker thread only. Every change goes through
// JobStore::update under the worker's lease, so a runner whose lease was lost (the job
// moved on elsewhere) stops touching the job at its next write.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <semaphore>
#include <string>

#include "blob/blob_store.hpp"
#include "core/clock.hpp"
#include "core/job.hpp"
#include "orchestrator/clip_processor.hpp"
#include "orchestrator/job_observer.hpp"
#include "orchestrator/orchestrator_config.hpp"
#include "orchestrator/provider_gates.hpp"
#include "providers/provider_set.hpp"
#include "store/job_store.hpp"

namespace syncreel {

// Flags another thread raises to make a runner stop early.
struct RunControl {
  std::atomic<bool> cancel{false};  // the owner cancelled: end the job as cancelled
  std::atomic<bool> stop{false};    // stop working now (cancel, shutdown or lost lease)
};

struct RunnerDeps {
  JobStore& store;
  std::counting_semaphore<>& render_slots;
  BlobStore& blobs;
  const ProviderSet& providers;
  JobObserver& observer;
  const Clock& clock;
  const OrchestratorConfig& config;
  const ProviderGates& gates;
  // Unique to this process run: marks the provider creates it sent (ProviderTask::create_run).
  const std::string& run_id;
  // The processing stage's work on remote clips; nullptr publishes fetched files as they are.
  ClipProcessor* processor = nullptr;
};

class JobRunner {
 public:
  JobRunner(RunnerDeps deps, WorkerId worker, Job claimed, RunControl& control);

  // Runs stages until the job is terminal, waits for something outside (a remote poll,
  // a reviewer), or the control flags say stop. Never throws.
  void run();

 private:
  enum class Next { proceed, yield };

  Next step();
  Next submit(Provider& provider);
  // Remote jobs, one task per segment (job_runner_segments.cpp). start_segment appends
  // the next segment's create to `tasks` (the job's, as they are to be stored) and
  // records it with `with` in one write before sending it;
  // create_segment sends the recorded create, reconciling one a previous run may have
  // sent, and stores the task id before anything else.
  Next start_segment(Provider& provider, std::vector<ProviderTask> tasks, JobUpdate with);
  Next create_segment(Provider& provider);
  // The succeeded current segment: starts the next one, or moves the job to processing.
  Next segment_succeeded(Provider& provider, const TaskPoll& polled, JobUpdate u);
  std::int64_t tokens_of_finished_segments() const;
  Next poll(Provider& provider);
  Next render(Provider& provider);
  // Waits for a render slot, renewing the lease meanwhile. False: stop (run() decides why).
  bool acquire_render_slot();
  // The processing stage's work on a remote clip, under a render slot. An error result
  // is the Next to return.
  std::expected<Artifacts, Next> process_remote_clip(const Artifacts& fetched, const FetchContext& ctx);
  Next produce(Provider& provider, JobState next_state);
  Next moderate();
  // A remote job older than the configured deadline: cancels its task (best effort) and
  // fails it. nullopt when the job is within its time.
  std::optional<Next> enforce_deadline(Provider& provider);
  Next wait_for_slot();

  // Writes `update`; on success `job_` is the stored result. False when the lease is
  // gone or the store failed: the job is no longer ours to touch.
  bool apply(JobUpdate update);
  Next finish_failed(std::string code, std::string message);
  Next finish_cancelled();
  // Hands the job back after a transient error, to run again after the error's
  // retry_after or the poll schedule's next delay; fails it once retries are used up.
  Next retry_later(const Error& error);
  // A provider call succeeded: the count of transient failures in a row starts over.
  void reset_transient_failures(JobUpdate& u) const;
  Next release_for_shutdown();
  Result<JobOutputs> upload(const Artifacts& artifacts);
  void report_progress(int progress);
  // A 0-100 progress callback for one part of a stage, reported as from..to of it.
  std::function<void(int)> progress_between(int from, int to);

  RunnerDeps deps_;
  WorkerId worker_;
  Job job_;
  RunControl& control_;
  bool lease_lost_ = false;
  std::chrono::steady_clock::time_point last_progress_write_{};
  std::chrono::steady_clock::time_point last_renew_{};
};

}  // namespace syncreel
