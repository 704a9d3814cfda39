#include "orchestrator/job_observer.hpp"

#include <chrono>

#include "core/sha256.hpp"

namespace syncreel {
namespace {

// Buckets for generation_latency_ms: from a fast local render to a slow remote task.
const std::vector<double> kLatencyBucketsMs = {500,   1000,  2000,   5000,   10000,  20000,
                                               30000, 60000, 120000, 300000, 600000, 1800000};

std::int64_t latency_ms(const Job& job) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(*job.published_at - job.created_at).count();
}

}  // namespace

JobObserver::JobObserver(obs::JsonLog& log, obs::MetricsRegistry& metrics, EventHub& hub)
    : log_(log),
      metrics_(metrics),
      hub_(hub),
      latency_(metrics.histogram("generation_latency_ms",
                                 "Time from job creation to publication, in milliseconds",
                                 kLatencyBucketsMs)) {}

void JobObserver::on_created(const Job& job) {
  log_transition("", job);
  hub_.publish(job);
}

void JobObserver::on_change(JobState before, const Job& after) {
  if (before != after.state) {
    log_transition(to_string(before), after);
    if (after.state == JobState::published && after.published_at) {
      latency_.observe(static_cast<double>(latency_ms(after)));
    }
  }
  hub_.publish(after);
}

void JobObserver::log_transition(std::string_view from, const Job& after) {
  metrics_
      .counter("job_transitions_total", "Job state transitions", {{"to", std::string(to_string(after.state))}})
      .inc();
  nlohmann::json line = {
      {"job_id", after.id},
      {"user_id", after.user_id},
      // The prompt itself is personal data: logs carry only its hash.
      {"prompt_hash", sha256_hex(after.spec.prompt).substr(0, 16)},
      {"from", from},
      {"to", to_string(after.state)},
      {"provider", after.spec.provider},
      {"model_version", after.model_version},
      {"duration_sec", after.spec.duration_sec},
      {"tokens_used", after.tokens_used},
      {"attempts", after.attempts},
  };
  if (after.published_at) line["generation_latency_ms"] = latency_ms(after);
  if (after.error) line["error_code"] = after.error->code;
  log_.write("job_transition", std::move(line));
}

}  // namespace syncreel
