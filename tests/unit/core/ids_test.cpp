#include "core/ids.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <set>

namespace syncreel {
namespace {

TEST(Ids, JobIdsSortByCreationTime) {
  ManualClock clock;
  const JobId a = new_job_id(clock.now());
  clock.advance(std::chrono::milliseconds(1));
  const JobId b = new_job_id(clock.now());
  EXPECT_LT(a, b);
  EXPECT_TRUE(is_valid_job_id(a));
  EXPECT_TRUE(is_valid_job_id(b));
}

TEST(Ids, JobIdsAreUniqueWithinAMillisecond) {
  ManualClock clock;
  std::set<JobId> ids;
  for (int i = 0; i < 1000; ++i) ids.insert(new_job_id(clock.now()));
  EXPECT_EQ(ids.size(), 1000u);
}

TEST(Ids, RejectsJunk) {
  EXPECT_FALSE(is_valid_job_id(""));
  EXPECT_FALSE(is_valid_job_id("job_../../etc/passwd"));
  EXPECT_FALSE(is_valid_job_id("job_01HZZZZZZZZZZZZZZZZZZZZZZU"));  // U is not Crockford
  EXPECT_EQ(random_hex(16).size(), 32u);
}

}  // namespace
}  // namespace syncreel
