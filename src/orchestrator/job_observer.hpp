// JobObserver: everything that must happen after a job changed in the store — the JSON
// log line, metrics, and the events listeners wait for. Thread-safe.
#pragma once

#include "core/job.hpp"
#include "obs/json_log.hpp"
#include "obs/metrics.hpp"
#include "orchestrator/event_hub.hpp"

namespace syncreel {

class JobObserver {
 public:
  JobObserver(obs::JsonLog& log, obs::MetricsRegistry& metrics, EventHub& hub);

  void on_created(const Job& job);
  // `before` is the state the job left (equal to after.state for progress ticks).
  void on_change(JobState before, const Job& after);

 private:
  void log_transition(std::string_view from, const Job& after);

  obs::JsonLog& log_;
  obs::MetricsRegistry& metrics_;
  EventHub& hub_;
  obs::Histogram& latency_;
};

}  // namespace syncreel
