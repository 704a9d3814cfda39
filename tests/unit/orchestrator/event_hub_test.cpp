#include "orchestrator/event_hub.hpp"

#include <gtest/gtest.h>

namespace syncreel {
namespace {

TEST(EventHub, DeliversOnlyToTheJobsListenersWhileSubscribed) {
  EventHub hub;
  int a_calls = 0;
  int b_calls = 0;
  auto sub_a = hub.subscribe("job_a", [&](const Job&) { ++a_calls; });
  auto sub_b = hub.subscribe("job_b", [&](const Job&) { ++b_calls; });
  Job job;
  job.id = "job_a";
  hub.publish(job);
  EXPECT_EQ(a_calls, 1);
  EXPECT_EQ(b_calls, 0);
  sub_a.reset();
  hub.publish(job);
  EXPECT_EQ(a_calls, 1);
}

TEST(EventHub, ListenerMayUnsubscribeItself) {
  EventHub hub;
  std::unique_ptr<Subscription> sub;
  int calls = 0;
  sub = hub.subscribe("job_a", [&](const Job&) {
    ++calls;
    sub.reset();
  });
  Job job;
  job.id = "job_a";
  hub.publish(job);
  hub.publish(job);
  EXPECT_EQ(calls, 1);
}

TEST(EventHub, SubscriptionMayOutliveTheHub) {
  std::unique_ptr<Subscription> sub;
  {
    EventHub hub;
    sub = hub.subscribe("job_a", [](const Job&) {});
  }
  sub.reset();  // must not touch freed memory (ASan checks this)
}

}  // namespace
}  // namespace syncreel
