#include "api/request_metrics.hpp"

#include <algorithm>

namespace syncreel::api {

RequestMetrics::RequestMetrics(obs::MetricsRegistry& registry, std::vector<std::string> route_labels)
    : registry_(registry), labels_(std::move(route_labels)) {
  if (labels_.empty()) labels_.emplace_back("unmatched");
  for (const std::string& label : labels_) {
    auto per = std::make_unique<PerRoute>();
    per->duration = &registry_.histogram("http_request_duration_ms", "HTTP request latency in milliseconds",
                                         {1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000},
                                         {{"route", label}});
    routes_.push_back(std::move(per));
  }
}

void RequestMetrics::record(std::size_t route, unsigned status, double duration_ms) {
  route = std::min(route, routes_.size() - 1);
  PerRoute& per = *routes_[route];
  per.duration->observe(duration_ms);
  status = std::clamp(status, kMinStatus, kMaxStatus);
  auto& slot = per.by_status[status - kMinStatus];
  obs::Counter* counter = slot.load(std::memory_order_acquire);
  if (counter == nullptr) {
    // Racing threads get the same Counter from the registry; either store is fine.
    counter = &registry_.counter("http_requests_total", "HTTP requests by route and status code",
                                 {{"route", labels_[route]}, {"code", std::to_string(status)}});
    slot.store(counter, std::memory_order_release);
  }
  counter->inc();
}

}  // namespace syncreel::api
