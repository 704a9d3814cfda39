// OrchestratorConfig: how many workers run jobs, and how they hold and pace them.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>

#include "orchestrator/poll_policy.hpp"

namespace syncreel {

struct OrchestratorConfig {
  // Worker threads claiming jobs. Most of a worker's time is spent waiting (on the
  // store's fsync, on a provider), so there are more workers than cores; CPU-bound
  // in-process renders are limited separately by render_slots.
  int workers = 8;
  // In-process renders running at once (0: one per core). A worker holding a job
  // waits for a slot, renewing its lease meanwhile.
  int render_slots = 0;
  // Names this process's workers ("<instance_id>/w<n>"). A restart with the same id
  // releases the leases its previous run still held, instead of waiting them out.
  // Replicas sharing one store must each have their own id.
  std::string instance_id = "local";
  // How long a claim lasts without renewal; a dead worker's jobs wait this long.
  std::chrono::milliseconds lease{30'000};
  // Longest sleep of an idle worker between claim attempts (new jobs wake it at once).
  std::chrono::milliseconds idle_wait{1'000};
  PollPolicyConfig poll;
  // Per-job scratch folders live here (render outputs before they go to blob storage).
  std::filesystem::path scratch_root = "data/scratch";
  // A job whose in-process render was interrupted this many times fails instead of
  // crashing the service in a loop.
  int max_render_attempts = 3;
  // A job retried after transient provider errors this many times fails.
  int max_transient_retries = 20;
  // Minimum interval between two stored progress ticks of one job.
  std::chrono::milliseconds progress_interval{250};
  // Tasks each remote provider may have in flight at once (provider name -> limit), e.g.
  // the account's concurrent-task limit. A job over the limit stays queued and asks again
  // every `slot_wait`; providers not named here are not capped.
  std::map<std::string, std::size_t> provider_concurrency;
  std::chrono::milliseconds slot_wait{1000};
  // Longest a remote job may take from its creation until its media are made. Past it the
  // remote task is cancelled if it still can be and the job fails with deadline_exceeded.
  std::chrono::milliseconds job_deadline{std::chrono::hours(1)};
};

}  // namespace syncreel
