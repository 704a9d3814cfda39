// Metrics: counters, gauges and histograms, exposed in the Prometheus text format.
//
// A MetricsRegistry owns its metrics; the references it hands out stay valid for its
// lifetime. Registering and updating are thread-safe; updates are lock-free atomics.
// Collectors run right before each exposition to refresh gauges that mirror state held
// elsewhere (e.g. jobs by state, read from the JobStore).
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace syncreel::obs {

// Label set, e.g. {{"state", "queued"}}. Ordered so one set has one spelling.
using Labels = std::map<std::string, std::string>;

class Counter {
 public:
  void inc(double by = 1.0);
  double value() const { return value_.load(); }

 private:
  std::atomic<double> value_{0.0};
};

class Gauge {
 public:
  void set(double v) { value_.store(v); }
  void add(double by);
  double value() const { return value_.load(); }

 private:
  std::atomic<double> value_{0.0};
};

class Histogram {
 public:
  explicit Histogram(std::vector<double> upper_bounds);
  void observe(double v);
  const std::vector<double>& bounds() const { return bounds_; }
  // Cumulative count for each bound, then +Inf; and the sum of observations.
  std::vector<std::uint64_t> cumulative_counts() const;
  double sum() const { return sum_.load(); }
  std::uint64_t count() const { return count_.load(); }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // per bound, plus +Inf
  std::atomic<double> sum_{0.0};
  std::atomic<std::uint64_t> count_{0};
};

class MetricsRegistry {
 public:
  MetricsRegistry();
  ~MetricsRegistry();
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  // Returns the metric with this name and labels, creating it on first use. A name is
  // registered with one type; asking for it as another type is a bug and aborts.
  Counter& counter(const std::string& name, const std::string& help, const Labels& labels = {});
  Gauge& gauge(const std::string& name, const std::string& help, const Labels& labels = {});
  Histogram& histogram(const std::string& name, const std::string& help,
                       const std::vector<double>& upper_bounds, const Labels& labels = {});

  // `collect` runs (under no registry lock) before every exposition.
  void add_collector(std::function<void()> collect);

  // Prometheus text exposition format 0.0.4, one HELP and TYPE line per family.
  std::string expose();

 private:
  struct Family;
  Family& family(const std::string& name, const std::string& help, int type);
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<Family>> families_;  // guarded by mu_
  std::vector<std::function<void()>> collectors_;             // guarded by mu_
};

}  // namespace syncreel::obs
