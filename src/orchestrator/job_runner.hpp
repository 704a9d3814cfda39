// JobRunner: drives one claimed job through as many stages as it can right now, then
// lets go of it (finished, waiting for the next poll, or handed back on shutdown).
//
// One JobRunner per claim, used by one worker thread only. Every change goes through
// JobStore::update under the worker's lease, so a runner whose lease was lost (the job
// moved on elsewhere) stops touching the job at its next write.
#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <semaphore>
#include <string>

#include "blob/blob_store.hpp"
#include "core/clock.hpp"
#include "core/job.hpp"
#include "orchestrator/job_observer.hpp"
#include "orchestrator/orchestrator_config.hpp"
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
  Next poll(Provider& provider);
  Next render(Provider& provider);
  Next produce(Provider& provider, JobState next_state);
  Next moderate();

  // Writes `update`; on success `job_` is the stored result. False when the lease is
  // gone or the store failed: the job is no longer ours to touch.
  bool apply(JobUpdate update);
  Next finish_failed(std::string code, std::string message);
  Next finish_cancelled();
  Next retry_later(const Error& error, std::optional<std::chrono::milliseconds> delay = {});
  Next release_for_shutdown();
  Result<JobOutputs> upload(const Artifacts& artifacts);
  void report_progress(int progress);

  RunnerDeps deps_;
  WorkerId worker_;
  Job job_;
  RunControl& control_;
  bool lease_lost_ = false;
  std::chrono::steady_clock::time_point last_progress_write_{};
  std::chrono::steady_clock::time_point last_renew_{};
};

}  // namespace syncreel
