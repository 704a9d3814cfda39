#include "obs/metrics.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace syncreel::obs {
namespace {

TEST(Metrics, CountersAndGaugesExposeInTextFormat) {
  MetricsRegistry reg;
  reg.counter("jobs_total", "Jobs", {{"state", "published"}}).inc(3);
  reg.gauge("queue_depth", "Depth").set(7);
  const std::string text = reg.expose();
  EXPECT_NE(text.find("# TYPE jobs_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("jobs_total{state=\"published\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE queue_depth gauge\nqueue_depth 7\n"), std::string::npos);
}

TEST(Metrics, HistogramBucketsAreCumulative) {
  MetricsRegistry reg;
  auto& h = reg.histogram("latency_ms", "Latency", {10, 100});
  h.observe(5);
  h.observe(50);
  h.observe(500);
  const std::string text = reg.expose();
  EXPECT_NE(text.find("latency_ms_bucket{le=\"10\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("latency_ms_bucket{le=\"100\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("latency_ms_bucket{le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("latency_ms_sum 555\n"), std::string::npos);
  EXPECT_NE(text.find("latency_ms_count 3\n"), std::string::npos);
}

TEST(Metrics, LabelValuesAreEscaped) {
  MetricsRegistry reg;
  reg.counter("c", "help", {{"path", "a\"b\\c\nd"}}).inc();
  EXPECT_NE(reg.expose().find("c{path=\"a\\\"b\\\\c\\nd\"} 1"), std::string::npos);
}

TEST(Metrics, CollectorsRunBeforeExposition) {
  MetricsRegistry reg;
  int calls = 0;
  reg.add_collector([&] { reg.gauge("g", "g").set(++calls); });
  EXPECT_NE(reg.expose().find("g 1\n"), std::string::npos);
  EXPECT_NE(reg.expose().find("g 2\n"), std::string::npos);
}

TEST(Metrics, ConcurrentIncrementsAreNotLost) {
  MetricsRegistry reg;
  auto& c = reg.counter("n", "n");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) c.inc();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.value(), 40000);
}

}  // namespace
}  // namespace syncreel::obs
