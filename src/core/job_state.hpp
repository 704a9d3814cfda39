// JobState: where a job is in its life, and which moves between states are legal.
//
// The table in docs/architecture.md is the contract; `can_transition` is its only
// implementation, used by every JobStore before it writes a new state. Pure functions,
// safe from any thread.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace syncreel {

enum class JobState {
  queued,      // validated and durably stored; waiting for a worker
  submitted,   // the provider accepted the task; its task id is stored
  generating,  // the provider is working (progress 0-100 when known)
  processing,  // the provider's artifact is being post-processed
  moderating,  // renditions exist; output checks run
  published,   // visible to its owner, media served
  in_review,   // waiting for a human moderator
  blocked,     // kept private by moderation
  failed,      // a stage failed for good
  cancelled,   // the user cancelled it
};

std::string_view to_string(JobState s);
std::optional<JobState> job_state_from_string(std::string_view s);

// Every state, in lifecycle order (for metrics and tests).
std::span<const JobState> all_job_states();

// No worker ever touches a terminal job again.
bool is_terminal(JobState s);

// A worker may claim jobs in these states and drive them forward. `in_review` waits
// for a person and is neither terminal nor claimable.
bool is_claimable(JobState s);

// True when `from -> to` is a legal move. Staying in the same state is not a transition.
bool can_transition(JobState from, JobState to);

}  // namespace syncreel
