// Job: one generation request and everything syncreel learned while running it.
//
// A Job is a snapshot read from a JobStore; changing it means asking the store for a
// transition. Plain value type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/job_spec.hpp"
#include "core/job_state.hpp"

namespace syncreel {

// One stage of the pipeline as it ran: named after the state it ran in.
struct StageTiming {
  std::string name;  // "queued", "generating", ...
  TimePoint started_at{};
  std::optional<TimePoint> ended_at;
};

// Blob keys of the finished media; empty when not produced.
struct JobOutputs {
  std::string mp4;       // e.g. "jobs/<id>/clip.mp4"
  std::string poster;    // JPEG
  std::string hls;       // master playlist
  std::string captions;  // WebVTT
  bool empty() const { return mp4.empty() && poster.empty() && hls.empty() && captions.empty(); }
};

struct ModerationResult {
  std::string decision;  // allow | review | block
  std::string severity;  // low | medium | high
  std::vector<std::string> categories;
};

// Why a job failed or was cancelled, as shown to its owner.
struct JobError {
  std::string code;  // stable machine-readable code, e.g. "storage_unavailable"
  std::string message;
};

// One remote task of a job. A job the provider makes in consecutive segments (clips
// longer than one task can be) has one per segment, in order; the last one is the
// segment in progress. Its entry is stored before the create is sent (task_id empty)
// and again with the id once the provider answered, so a restart knows whether a create
// may have been lost and never creates a segment twice.
struct ProviderTask {
  int segment = 0;  // 0-based
  int duration_sec = 0;
  std::string task_id;  // empty: the create started at create_started_at, no answer stored
  TimePoint create_started_at{};
  // The process run that sent the create. Another run finding the task id still empty
  // cannot know whether that create made a task, so it asks the provider to look.
  std::string create_run;
  bool succeeded = false;
  std::string last_frame_url;  // the provider's last picture of a succeeded segment
  bool chained = false;        // started from the previous segment's last picture
  std::int64_t tokens_used = 0;
};

struct Job {
  JobId id;
  UserId user_id;
  JobSpec spec;
  JobState state = JobState::queued;
  int progress = 0;  // 0-100 within the current stage's work
  TimePoint created_at{};
  TimePoint updated_at{};
  std::optional<TimePoint> published_at;
  std::vector<StageTiming> stages;
  JobOutputs outputs;
  std::optional<ModerationResult> moderation;
  std::optional<JobError> error;

  // Set by the submitting worker before anything else happens; a job that has one is
  // never submitted again (resuming means polling this task).
  std::string provider_task_id;  // the current segment's task
  std::vector<ProviderTask> provider_tasks;  // remote providers: one per segment so far
  std::string model_version;
  std::int64_t tokens_used = 0;
  double cost_usd = 0.0;

  bool cancel_requested = false;  // the owner asked to cancel; the worker acts on it
  bool deleted = false;           // outputs erased at the owner's request
  int attempts = 0;               // claims so far; bounds crash loops
  // Transient provider errors in a row; reset by the next call that succeeds.
  int transient_failures = 0;
  // What the owner should know about how the clip was made (e.g. a fallback taken).
  std::vector<std::string> notes;
  // QC figures of the delivered clip (the JSON object of `syncreel probe`), for clips a
  // remote provider made; empty when not measured.
  std::string qc_json;

  std::string idempotency_key;  // empty when the client sent none
};

}  // namespace syncreel
