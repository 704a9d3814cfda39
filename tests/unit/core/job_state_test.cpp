#include "core/job_state.hpp"

#include <gtest/gtest.h>

#include <set>
#include <utility>

namespace syncreel {
namespace {

using S = JobState;

// The legal moves, written out by hand from the lifecycle table: the test fails if the
// implementation allows anything else or refuses any of these.
const std::set<std::pair<S, S>> kLegal = {
    {S::queued, S::submitted},      {S::queued, S::failed},         {S::queued, S::cancelled},
    {S::submitted, S::generating},  {S::submitted, S::processing},  {S::submitted, S::failed},
    {S::submitted, S::cancelled},   {S::generating, S::processing}, {S::generating, S::moderating},
    {S::generating, S::failed},     {S::generating, S::cancelled},  {S::processing, S::moderating},
    {S::processing, S::failed},     {S::processing, S::cancelled},  {S::moderating, S::published},
    {S::moderating, S::in_review},  {S::moderating, S::blocked},    {S::moderating, S::failed},
    {S::moderating, S::cancelled},  {S::in_review, S::published},   {S::in_review, S::blocked},
};

TEST(JobState, EveryPairMatchesTheLifecycleTable) {
  int illegal = 0;
  for (S from : all_job_states()) {
    for (S to : all_job_states()) {
      const bool expected = kLegal.contains({from, to});
      EXPECT_EQ(can_transition(from, to), expected) << to_string(from) << " -> " << to_string(to);
      if (!expected) ++illegal;
    }
  }
  EXPECT_EQ(illegal, 100 - static_cast<int>(kLegal.size()));
}

TEST(JobState, TerminalStatesHaveNoWayOut) {
  for (S from : {S::published, S::blocked, S::failed, S::cancelled}) {
    EXPECT_TRUE(is_terminal(from));
    EXPECT_FALSE(is_claimable(from));
    for (S to : all_job_states()) EXPECT_FALSE(can_transition(from, to));
  }
}

TEST(JobState, InReviewWaitsForAPerson) {
  EXPECT_FALSE(is_terminal(S::in_review));
  EXPECT_FALSE(is_claimable(S::in_review));
}

TEST(JobState, NamesRoundTrip) {
  for (S s : all_job_states()) EXPECT_EQ(job_state_from_string(to_string(s)), s);
  EXPECT_EQ(job_state_from_string("done"), std::nullopt);
  EXPECT_EQ(job_state_from_string(""), std::nullopt);
}

}  // namespace
}  // namespace syncreel
