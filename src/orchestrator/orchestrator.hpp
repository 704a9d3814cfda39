// Orchestrator: the worker pool that moves jobs through the pipeline, and the
// JobService the API and CLI use to create, read, cancel and watch jobs.
//
// Workers claim jobs from the JobStore under leases, so any number of processes may
// share one store; jobs survive a crash of any of them. start() first releases leases a
// previous run of this instance left behind (a kill -9), then starts the workers.
// Thread-safe; stop() (or the destructor) lets running stages hand their jobs back.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "blob/blob_store.hpp"
#include "core/clock.hpp"
#include "obs/json_log.hpp"
#include "obs/metrics.hpp"
#include "orchestrator/event_hub.hpp"
#include "orchestrator/job_observer.hpp"
#include "orchestrator/job_runner.hpp"
#include "orchestrator/job_service.hpp"
#include "orchestrator/orchestrator_config.hpp"
#include "orchestrator/provider_gates.hpp"
#include "providers/provider_set.hpp"
#include "store/job_store.hpp"

namespace syncreel {

class Orchestrator final : public JobService {
 public:
  // All references (and `processor`, when given) must outlive the orchestrator. Without
  // a processor, remote providers' clips are published as fetched.
  Orchestrator(OrchestratorConfig config, JobStore& store, BlobStore& blobs, const ProviderSet& providers,
               obs::JsonLog& log, obs::MetricsRegistry& metrics, const Clock& clock,
               ClipProcessor* processor = nullptr);
  ~Orchestrator() override;
  Orchestrator(const Orchestrator&) = delete;
  Orchestrator& operator=(const Orchestrator&) = delete;

  // Recovers leases of this instance's previous run, counts the remote tasks still live
  // against their providers' concurrency caps, and starts the workers.
  // Errors: storage (the store is unusable).
  Result<void> start();

  // A provider said remote task `task_id` changed (an unsigned callback): only a hint, so
  // the job waiting on it is polled now rather than at its scheduled time. Unknown ids and
  // jobs already being worked on are ignored.
  void poke_task(std::string_view task_id);

  // Stops claiming, asks running stages to stop, and joins the workers. Idempotent.
  void stop();

  // Also invalid_argument (detail "provider") for a provider this service does not have,
  // and unavailable (detail "provider_unavailable", retry_after set) while the provider
  // refuses new work (its circuit breaker is open).
  Result<CreateOutcome> create(const UserId& user, const JobSpec& spec, const std::string& idempotency_key,
                               const std::string& request_fingerprint) override;
  Result<Job> get(const UserId& user, const JobId& id, bool any_user) override;
  Result<std::vector<Job>> list(const UserId& user, const std::optional<JobId>& before_id, int limit) override;
  Result<Job> cancel_or_delete(const UserId& user, const JobId& id) override;
  std::unique_ptr<Subscription> subscribe(const JobId& id, JobListener listener) override;

 private:
  void worker_loop(int index);
  void wait_for_work();
  void refresh_gauges();

  OrchestratorConfig config_;
  JobStore& store_;
  BlobStore& blobs_;
  const ProviderSet& providers_;
  ClipProcessor* const processor_;
  obs::MetricsRegistry& metrics_;
  const Clock& clock_;
  EventHub hub_;
  JobObserver observer_;
  std::counting_semaphore<> render_slots_;
  ProviderGates gates_;
  const std::string run_id_;  // see RunnerDeps::run_id

  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;                                       // guarded by mu_
  std::uint64_t work_signals_ = 0;                              // guarded by mu_; bumps on new work
  std::map<JobId, std::shared_ptr<RunControl>> running_;        // guarded by mu_
  std::vector<std::thread> workers_;
};

}  // namespace syncreel
