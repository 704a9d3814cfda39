#include "core/job_state.hpp"

#include <array>

namespace syncreel {
namespace {

constexpr std::array kStates = {
    JobState::queued,    JobState::submitted, JobState::generating, JobState::processing,
    JobState::moderating, JobState::published, JobState::in_review, JobState::blocked,
    JobState::failed,    JobState::cancelled,
};

}  // namespace

std::string_view to_string(JobState s) {
  switch (s) {
    case JobState::queued: return "queued";
    case JobState::submitted: return "submitted";
    case JobState::generating: return "generating";
    case JobState::processing: return "processing";
    case JobState::moderating: return "moderating";
    case JobState::published: return "published";
    case JobState::in_review: return "in_review";
    case JobState::blocked: return "blocked";
    case JobState::failed: return "failed";
    case JobState::cancelled: return "cancelled";
  }
  return "failed";
}

std::optional<JobState> job_state_from_string(std::string_view s) {
  for (JobState st : kStates) {
    if (to_string(st) == s) return st;
  }
  return std::nullopt;
}

std::span<const JobState> all_job_states() { return kStates; }

bool is_terminal(JobState s) {
  return s == JobState::published || s == JobState::blocked || s == JobState::failed ||
         s == JobState::cancelled;
}

bool is_claimable(JobState s) { return !is_terminal(s) && s != JobState::in_review; }

bool can_transition(JobState from, JobState to) {
  using S = JobState;
  // Any running stage can fail for good or be cancelled by its owner.
  if (is_claimable(from) && (to == S::failed || to == S::cancelled)) return true;
  switch (from) {
    case S::queued: return to == S::submitted;
    // A provider may report success on the very first poll, skipping `generating`.
    case S::submitted: return to == S::generating || to == S::processing;
    // The offline engine renders the final renditions while generating, so it goes
    // straight to moderation with no separate processing stage.
    case S::generating: return to == S::processing || to == S::moderating;
    case S::processing: return to == S::moderating;
    case S::moderating: return to == S::published || to == S::in_review || to == S::blocked;
    case S::in_review: return to == S::published || to == S::blocked;
    case S::published:
    case S::blocked:
    case S::failed:
    case S::cancelled: return false;
  }
  return false;
}

}  // namespace syncreel
