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
  std::string provider_task_id;
  std::string model_version;
  std::int64_t tokens_used = 0;
  double cost_usd = 0.0;

  bool cancel_requested = false;  // the owner asked to cancel; the worker acts on it
  bool deleted = false;           // outputs erased at the owner's request
  int attempts = 0;               // claims so far; bounds crash loops

  std::string idempotency_key;  // empty when the client sent none
};

}  // namespace syncreel
