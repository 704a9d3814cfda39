#include "api/event_feed.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace syncreel::api {
namespace {

Job at(JobState s, int progress) {
  Job j;
  j.id = "job_x";
  j.state = s;
  j.progress = progress;
  return j;
}

TEST(EventFeed, KeepsTransitionsCoalescesTicks) {
  EventFeed feed(4);
  feed.push(at(JobState::generating, 0));
  for (int p = 1; p <= 50; ++p) feed.push(at(JobState::generating, p));
  feed.push(at(JobState::processing, 0));
  feed.push(at(JobState::moderating, 0));
  feed.push(at(JobState::published, 100));
  const auto items = feed.take();
  ASSERT_EQ(items.size(), 5u);
  EXPECT_EQ(items[0].state, JobState::generating);
  EXPECT_EQ(items[1].progress, 50) << "only the newest tick is kept";
  EXPECT_EQ(items[2].state, JobState::processing);
  EXPECT_EQ(items[4].state, JobState::published);
  EXPECT_EQ(feed.dropped(), 49u);
  EXPECT_TRUE(feed.take().empty());
}

TEST(EventFeed, NeverDropsTransitionsWhenFull) {
  EventFeed feed(2);
  const JobState path[] = {JobState::queued, JobState::submitted, JobState::generating, JobState::processing,
                           JobState::moderating, JobState::published};
  for (JobState s : path) feed.push(at(s, 0));
  EXPECT_EQ(feed.take().size(), 6u);
}

TEST(EventFeed, NotifiesAndStopsAfterClose) {
  EventFeed feed;
  feed.push(at(JobState::queued, 0));
  int calls = 0;
  feed.set_notify([&] { ++calls; });
  EXPECT_EQ(calls, 1) << "pending items notify at once";
  feed.push(at(JobState::submitted, 0));
  feed.wake();
  EXPECT_EQ(calls, 3);
  feed.close();
  feed.push(at(JobState::generating, 0));
  feed.wake();
  EXPECT_EQ(calls, 3);
  EXPECT_TRUE(feed.take().empty());
}

TEST(EventFeed, ConcurrentProducers) {
  EventFeed feed(8);
  std::atomic<int> notified{0};
  feed.set_notify([&] { ++notified; });
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) feed.push(at(JobState::generating, i % 100));
    });
  }
  std::size_t taken = 0;
  for (int i = 0; i < 100; ++i) taken += feed.take().size();
  for (auto& t : threads) t.join();
  taken += feed.take().size();
  EXPECT_GE(taken, 1u);
  EXPECT_LE(taken, 4000u);
  EXPECT_GT(notified.load(), 0);
}

}  // namespace
}  // namespace syncreel::api
