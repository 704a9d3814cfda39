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

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/job.hpp"
#include "core/job_spec.hpp"

namespace syncreel {

struct Submission {
  std::string task_id;
  std::string model_version;
};

enum class TaskStatus { queued, running, succeeded, failed, cancelled, expired };

struct TaskPoll {
  TaskStatus status = TaskStatus::queued;
  int progress = 0;  // 0-100 when the provider reports it
  std::optional<std::chrono::milliseconds> retry_after;  // the provider asked for a pause
  std::optional<JobError> error;  // for failed / expired
  std::int64_t tokens_used = 0;
  std::string model_version;
};

// What fetch needs from the orchestrator. Callbacks are called on the worker's thread.
struct FetchContext {
  JobId job_id;
  JobSpec spec;
  std::string task_id;
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
};

class Provider {
 public:
  virtual ~Provider() = default;

  virtual std::string_view name() const = 0;
  virtual bool renders_in_process() const = 0;

  // Creates the task. Errors: invalid_argument (the provider refused the spec),
  // rate_limited / unavailable / timeout (retry later), provider.
  virtual Result<Submission> submit(const JobId& job_id, const JobSpec& spec) = 0;

  // Asks for the task's status. Errors as for submit.
  virtual Result<TaskPoll> poll(const std::string& task_id) = 0;

  // Cancels the task if it still can be; a task past that point is not an error.
  virtual Result<void> cancel(const std::string& task_id) = 0;

  // Produces the clip of a succeeded task (remote: downloads it; in-process: renders it).
  // Errors: cancelled, storage, provider, timeout.
  virtual Result<Artifacts> fetch(const FetchContext& ctx) = 0;
};

}  // namespace syncreel
