#include "obs/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include <fmt/format.h>

namespace syncreel::obs {
namespace {

enum FamilyType { kCounter = 0, kGauge = 1, kHistogram = 2 };

constexpr const char* kTypeNames[] = {"counter", "gauge", "histogram"};

// Atomic add for doubles without C++20's fetch_add on floating atomics in all libstdc++.
void atomic_add(std::atomic<double>& a, double by) {
  double cur = a.load(std::memory_order_relaxed);
  while (!a.compare_exchange_weak(cur, cur + by, std::memory_order_relaxed)) {
  }
}

std::string escape_label_value(const std::string& v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string format_labels(const Labels& labels, const std::string& extra_key = {},
                          const std::string& extra_value = {}) {
  if (labels.empty() && extra_key.empty()) return {};
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : labels) {
    if (!first) out += ',';
    first = false;
    out += fmt::format("{}=\"{}\"", k, escape_label_value(v));
  }
  if (!extra_key.empty()) {
    if (!first) out += ',';
    out += fmt::format("{}=\"{}\"", extra_key, extra_value);
  }
  out += '}';
  return out;
}

std::string format_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", v);
}

}  // namespace

void Counter::inc(double by) { atomic_add(value_, by); }
void Gauge::add(double by) { atomic_add(value_, by); }

Histogram::Histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {
  std::sort(bounds_.begin(), bounds_.end());
}

void Histogram::observe(double v) {
  const auto it = std::lower_bound(bounds_.begin(), bounds_.end(), v);
  buckets_[static_cast<std::size_t>(it - bounds_.begin())].fetch_add(1, std::memory_order_relaxed);
  atomic_add(sum_, v);
  count_.fetch_add(1, std::memory_order_relaxed);
}

std::vector<std::uint64_t> Histogram::cumulative_counts() const {
  std::vector<std::uint64_t> out(bounds_.size() + 1);
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    out[i] = running;
  }
  return out;
}

struct MetricsRegistry::Family {
  std::string help;
  int type = kCounter;
  // One child per label set. unique_ptr keeps references stable as the maps grow.
  std::map<Labels, std::unique_ptr<Counter>> counters;
  std::map<Labels, std::unique_ptr<Gauge>> gauges;
  std::map<Labels, std::unique_ptr<Histogram>> histograms;
};

MetricsRegistry::MetricsRegistry() = default;
MetricsRegistry::~MetricsRegistry() = default;

MetricsRegistry::Family& MetricsRegistry::family(const std::string& name, const std::string& help,
                                                 int type) {
  auto& slot = families_[name];
  if (!slot) {
    slot = std::make_unique<Family>();
    slot->help = help;
    slot->type = type;
  }
  if (slot->type != type) std::abort();  // one name, one type: a programming error
  return *slot;
}

Counter& MetricsRegistry::counter(const std::string& name, const std::string& help, const Labels& labels) {
  std::lock_guard lock(mu_);
  auto& child = family(name, help, kCounter).counters[labels];
  if (!child) child = std::make_unique<Counter>();
  return *child;
}

Gauge& MetricsRegistry::gauge(const std::string& name, const std::string& help, const Labels& labels) {
  std::lock_guard lock(mu_);
  auto& child = family(name, help, kGauge).gauges[labels];
  if (!child) child = std::make_unique<Gauge>();
  return *child;
}

Histogram& MetricsRegistry::histogram(const std::string& name, const std::string& help,
                                      const std::vector<double>& upper_bounds, const Labels& labels) {
  std::lock_guard lock(mu_);
  auto& child = family(name, help, kHistogram).histograms[labels];
  if (!child) child = std::make_unique<Histogram>(upper_bounds);
  return *child;
}

void MetricsRegistry::add_collector(std::function<void()> collect) {
  std::lock_guard lock(mu_);
  collectors_.push_back(std::move(collect));
}

std::string MetricsRegistry::expose() {
  std::vector<std::function<void()>> collectors;
  {
    std::lock_guard lock(mu_);
    collectors = collectors_;
  }
  for (const auto& collect : collectors) collect();

  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& [name, fam] : families_) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, fam->help, name, kTypeNames[fam->type]);
    for (const auto& [labels, c] : fam->counters) {
      out += fmt::format("{}{} {}\n", name, format_labels(labels), format_value(c->value()));
    }
    for (const auto& [labels, g] : fam->gauges) {
      out += fmt::format("{}{} {}\n", name, format_labels(labels), format_value(g->value()));
    }
    for (const auto& [labels, h] : fam->histograms) {
      const auto counts = h->cumulative_counts();
      for (std::size_t i = 0; i < h->bounds().size(); ++i) {
        out += fmt::format("{}_bucket{} {}\n", name, format_labels(labels, "le", format_value(h->bounds()[i])),
                           counts[i]);
      }
      out += fmt::format("{}_bucket{} {}\n", name, format_labels(labels, "le", "+Inf"), counts.back());
      out += fmt::format("{}_sum{} {}\n", name, format_labels(labels), format_value(h->sum()));
      out += fmt::format("{}_count{} {}\n", name, format_labels(labels), h->count());
    }
  }
  return out;
}

}  // namespace syncreel::obs
