// RequestMetrics: http_requests_total{route,code} and http_request_duration_ms{route}.
//
// The registry lookup (a mutex and a label map) happens once per (route, status) pair;
// afterwards a request costs two atomic updates. Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "obs/metrics.hpp"

namespace syncreel::api {

class RequestMetrics {
 public:
  // One label per route index, as Router::labels() lists them. `registry` is not owned.
  RequestMetrics(obs::MetricsRegistry& registry, std::vector<std::string> route_labels);

  // Records one finished request. An out-of-range route counts as the last label.
  void record(std::size_t route, unsigned status, double duration_ms);

 private:
  static constexpr unsigned kMinStatus = 100;
  static constexpr unsigned kMaxStatus = 599;
  struct PerRoute {
    obs::Histogram* duration = nullptr;
    std::array<std::atomic<obs::Counter*>, kMaxStatus - kMinStatus + 1> by_status{};
  };

  obs::MetricsRegistry& registry_;
  std::vector<std::string> labels_;
  std::vector<std::unique_ptr<PerRoute>> routes_;
};

}  // namespace syncreel::api
