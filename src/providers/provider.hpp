// Provider: a generator of clips, either a remote task API (Seedance) or the offline
// engine that renders in this process.
//
// Remote providers follow submit -> poll ... -> fetch. The orchestrator stores the task
// id returned by submit *before* doing anything else, so a task is never created twice
// for one job; after a crash it resumes by polling that id.
//
// In-process providers (renders_in_process() == true) accept a submit that only
// reserves a task id, then do all their work in fetch(), while the job is in the
// `generating` state, producing the final renditions directly.
//
// Implementations are thread-safe: many workers call one instance concurrently.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/job.hpp"
#include "core/job_spec.hpp"

namespace syncreel {

struct Submission {
  std::string task_id;
  std::string model_version;
  // The segment starts from the previous segment's last picture (SegmentRequest).
  bool chained = false;
  // A fallback the provider took that the job's owner should know about; empty: none.
  std::string note;
};

// One task of a job. A job is one task unless its provider cannot make its duration at
// once (Provider::segment_durations): then it is made as consecutive tasks, each asked
// to start from the last picture of the one before, and their clips are joined.
struct SegmentRequest {
  int index = 0;  // 0-based
  int count = 1;
  int duration_sec = 0;
  // The previous segment's last picture, as a URL the provider can read; empty: the
  // segment is made from the prompt alone.
  std::string first_frame_url;
  // A create for this segment may have been sent at or after this time without its
  // answer being stored (the process died): find that task before creating another.
  std::optional<TimePoint> unconfirmed_create_since;
};

enum class TaskStatus { queued, running, succeeded, failed, cancelled, expired };

struct TaskPoll {
  TaskStatus status = TaskStatus::queued;
  int progress = 0;  // 0-100 when the provider reports it
  std::optional<std::chrono::milliseconds> retry_after;  // the provider asked for a pause
  std::optional<JobError> error;  // for failed / expired
  std::int64_t tokens_used = 0;
  std::string model_version;
  // A succeeded task's last picture, when the provider returns it (see SegmentRequest).
  std::string last_frame_url;
};

// What fetch needs from the orchestrator. Callbacks are called on the worker's thread.
struct FetchContext {
  JobId job_id;
  JobSpec spec;
  std::string task_id;
  // Every segment's task in order when the job was made as several (task_id is then the
  // last); empty for a job made as one task.
  std::vector<std::string> segment_task_ids;
  // A private scratch folder for this job, removed by the caller afterwards.
  std::filesystem::path scratch_dir;
  // Reports progress 0-100; cheap to call often (the caller throttles writes).
  std::function<void(int)> on_progress;
  // Becomes true when the job is cancelled or its lease is lost: stop soon, return
  // Error::cancelled.
  const std::atomic<bool>* stop = nullptr;
};

// Files fetch produced inside scratch_dir; the orchestrator moves them to blob storage.
struct Artifacts {
  std::filesystem::path mp4;
  std::filesystem::path poster;    // JPEG, may be empty
  std::filesystem::path hls_dir;   // folder with master.m3u8, may be empty
  std::filesystem::path captions;  // WebVTT, may be empty
  double duration_sec = 0.0;
  std::int64_t tokens_used = 0;
  std::string model_version;
  // Set by the processing stage (ClipProcessor): the clip's QC figures as the JSON object
  // of `syncreel probe`, and one line per QC check it failed (empty: it passed).
  std::string qc_json;
  std::vector<std::string> qc_failures;
};

class Provider {
 public:
  virtual ~Provider() = default;

  virtual std::string_view name() const = 0;
  virtual bool renders_in_process() const = 0;

  // Creates the task. Errors: invalid_argument (the provider refused the spec),
  // rate_limited / unavailable / timeout (retry later), provider.
  virtual Result<Submission> submit(const JobId& job_id, const JobSpec& spec) = 0;

  // How long each task of a job lasts, in order: one task of the whole duration unless the
  // provider makes clips this long only in several.
  virtual std::vector<int> segment_durations(const JobSpec& spec) const { return {spec.duration_sec}; }

  // Creates the task of one segment (see SegmentRequest). Providers that make every job
  // as one task need not override it. Errors as for submit.
  virtual Result<Submission> submit_segment(const JobId& job_id, const JobSpec& spec,
                                            const SegmentRequest& /*one segment of the whole duration*/) {
    return submit(job_id, spec);
  }

  // Asks for the task's status. Errors as for submit.
  virtual Result<TaskPoll> poll(const std::string& task_id) = 0;

  // Cancels the task if it still can be; a task past that point is not an error.
  virtual Result<void> cancel(const std::string& task_id) = 0;

  // Produces the clip of a succeeded task (remote: downloads it; in-process: renders it).
  // Errors: cancelled, storage, provider, timeout.
  virtual Result<Artifacts> fetch(const FetchContext& ctx) = 0;

  // Whether new jobs should be queued for this provider now. Errors: unavailable (with
  // retry_after) while the provider refuses every call, e.g. its circuit breaker is open:
  // the API answers 503 rather than queue work that cannot start.
  virtual Result<void> admits_new_jobs() const { return {}; }

  // What `tokens` of this provider's output cost in USD; 0 when free or the price is unknown.
  virtual double cost_usd(std::int64_t /*tokens*/) const { return 0.0; }
};

}  // namespace syncreel
