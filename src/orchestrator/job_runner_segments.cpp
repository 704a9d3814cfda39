// JobRunner's remote tasks: one per segment of the job (a clip longer than the provider
// makes in one task is made as consecutive ones), each created exactly once across
// crashes. See ProviderTask in core/job.hpp for what is stored.
#include <numeric>

#include "orchestrator/job_runner.hpp"
#include "orchestrator/runner_helpers.hpp"

namespace syncreel {

JobRunner::Next JobRunner::start_segment(Provider& provider, std::vector<ProviderTask> tasks, JobUpdate with) {
  const std::vector<int> plan = provider.segment_durations(job_.spec);
  const std::size_t index = tasks.size();
  if (index >= plan.size()) {
    return finish_failed("provider_rejected", "provider " + std::string(provider.name()) + " cannot make a clip of " +
                                                  std::to_string(job_.spec.duration_sec) + " s");
  }
  // Recorded before the create is sent: if the process dies before the task id is
  // stored, the next run knows a task may exist and has the provider look for it.
  ProviderTask next;
  next.segment = static_cast<int>(index);
  next.duration_sec = plan[index];
  next.create_started_at = deps_.clock.now();
  next.create_run = deps_.run_id;
  tasks.push_back(std::move(next));
  with.provider_tasks = std::move(tasks);
  if (!apply(std::move(with))) return Next::yield;
  return create_segment(provider);
}

JobRunner::Next JobRunner::create_segment(Provider& provider) {
  const std::vector<int> plan = provider.segment_durations(job_.spec);
  std::vector<ProviderTask> tasks = job_.provider_tasks;
  ProviderTask& current = tasks.back();
  SegmentRequest segment;
  segment.index = current.segment;
  segment.count = static_cast<int>(plan.size());
  segment.duration_sec = current.duration_sec;
  if (current.segment > 0) segment.first_frame_url = tasks[tasks.size() - 2].last_frame_url;
  // This run's own lost creates are remembered by the provider; one sent by a previous
  // run may have made a task nobody here has heard of.
  if (current.create_run != deps_.run_id) segment.unconfirmed_create_since = current.create_started_at;

  auto submitted = provider.submit_segment(job_.id, job_.spec, segment);
  if (!submitted) {
    if (runner::is_transient(submitted.error())) return retry_later(submitted.error());
    return finish_failed(runner::job_error_code(submitted.error()), submitted.error().message);
  }
  // The task id is stored before anything else happens: from here on this segment only
  // ever polls this task, even after a crash.
  current.task_id = submitted->task_id;
  current.chained = submitted->chained;
  JobUpdate u;
  if (job_.state == JobState::queued) u.state = JobState::submitted;
  u.provider_task_id = submitted->task_id;
  u.provider_tasks = std::move(tasks);
  u.model_version = submitted->model_version;
  if (!submitted->note.empty()) u.add_note = submitted->note;
  reset_transient_failures(u);
  // A remote task is first polled after the policy's first delay, not at once.
  u.release_lease = true;
  u.run_after = deps_.clock.now() + next_poll_delay(deps_.config.poll, 0, runner::unit_random());
  apply(std::move(u));
  return Next::yield;
}

JobRunner::Next JobRunner::segment_succeeded(Provider& provider, const TaskPoll& polled, JobUpdate u) {
  const std::size_t planned = provider.segment_durations(job_.spec).size();
  // Jobs stored before segments were recorded have no entries: they are one task.
  if (job_.provider_tasks.empty() || job_.provider_tasks.size() >= planned) {
    u.state = JobState::processing;
    u.progress = 0;
    if (!job_.provider_tasks.empty()) {
      u.provider_tasks = job_.provider_tasks;
      u.provider_tasks->back().succeeded = true;
      u.provider_tasks->back().tokens_used = polled.tokens_used;
    }
    return apply(std::move(u)) ? Next::proceed : Next::yield;
  }
  // Another segment follows: this one's result (and the picture the next starts from)
  // is stored in the same write that records the next create.
  std::vector<ProviderTask> tasks = job_.provider_tasks;
  tasks.back().succeeded = true;
  tasks.back().tokens_used = polled.tokens_used;
  tasks.back().last_frame_url = polled.last_frame_url;
  if (job_.state == JobState::submitted) u.state = JobState::generating;
  u.progress = static_cast<int>(tasks.size() * 100 / planned);
  return start_segment(provider, std::move(tasks), std::move(u));
}

std::int64_t JobRunner::tokens_of_finished_segments() const {
  if (job_.provider_tasks.empty()) return 0;
  return std::accumulate(job_.provider_tasks.begin(), job_.provider_tasks.end() - 1, std::int64_t{0},
                         [](std::int64_t sum, const ProviderTask& t) { return sum + t.tokens_used; });
}

}  // namespace syncreel
