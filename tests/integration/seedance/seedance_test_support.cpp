#include "seedance_test_support.hpp"

#include <thread>

namespace syncreel::testing {
namespace {

bool is_final(TaskStatus s) { return s != TaskStatus::queued && s != TaskStatus::running; }

}  // namespace

JobSpec small_spec(std::string prompt) {
  JobSpec s;
  s.prompt = std::move(prompt);
  s.duration_sec = 5;
  s.aspect_ratio = AspectRatio::r16x9;
  s.resolution = Resolution::p360;
  s.provider = "seedance";
  s.consent = true;
  return s;
}

SeedanceConfig config_for(const FakeArkProcess& fake) {
  SeedanceConfig c;
  c.base_url = fake.base_url();
  c.api_key = fake.api_key();
  c.connect_timeout = std::chrono::milliseconds(2000);
  c.request_timeout = std::chrono::milliseconds(5000);
  c.download_timeout = std::chrono::milliseconds(30000);
  return c;
}

void SeedanceTest::SetUp() {
  fake_ = std::make_unique<FakeArkProcess>(fake_args());
  ASSERT_TRUE(fake_->start()) << fake_->log();
  use_config(config_for(*fake_));
}

void SeedanceTest::TearDown() {
  // Whatever a test provoked, no error text may carry the key.
  for (const auto& text : texts_) EXPECT_EQ(text.find(kFakeArkKey), std::string::npos) << text;
  provider_.reset();
  fake_.reset();
}

SeedanceProvider& SeedanceTest::use_config(SeedanceConfig config, const Clock* clock) {
  auto made = SeedanceProvider::create(std::move(config), clock != nullptr ? *clock : system_clock_);
  if (!made) {
    ADD_FAILURE() << made.error().message;
    std::abort();  // every test needs a provider; a config error here is a test bug
  }
  provider_ = std::move(*made);
  return *provider_;
}

TaskPoll SeedanceTest::poll_until(const std::string& task_id, const std::function<bool(const TaskPoll&)>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  TaskPoll last;
  while (std::chrono::steady_clock::now() < deadline) {
    auto polled = provider_->poll(task_id);
    if (!polled) {
      record(polled.error());
      ADD_FAILURE() << "poll failed: " << polled.error().message;
      return last;
    }
    last = *polled;
    if (done ? done(last) : is_final(last.status)) return last;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << "task " << task_id << " did not get there in time";
  return last;
}

std::string SeedanceTest::submit_and_finish(const JobSpec& spec) {
  auto sub = provider_->submit("job_01JSEEDANCE000000000000000", spec);
  if (!sub) {
    record(sub.error());
    ADD_FAILURE() << "submit failed: " << sub.error().message;
    return {};
  }
  const TaskPoll p = poll_until(sub->task_id);
  EXPECT_EQ(p.status, TaskStatus::succeeded);
  return sub->task_id;
}

}  // namespace syncreel::testing
