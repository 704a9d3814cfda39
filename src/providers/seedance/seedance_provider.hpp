// SeedanceProvider: ByteDance Seedance 2.0 through the Ark video-generation tasks API.
//
// submit creates a task (text prompt, ratio, resolution, duration, seed, sound on,
// watermark off), poll retrieves it, cancel deletes it while it is queued, and fetch
// downloads the finished MP4 into the job's scratch folder.
//
// Clips longer than one task can make (15 s) are made as consecutive segments
// (segment_durations): each but the last is created with return_last_frame, and the next
// starts from that picture (a first_frame image). Seedance refuses input images showing
// real-person (or photoreal) faces; such a refusal of a chained create falls back to a
// text-only task, reported in Submission::note. fetch downloads every segment and joins
// them into one clip (media/clip_join.hpp). Every API call goes through
// one circuit breaker per account, so a failing service is given room instead of being
// hammered by every worker; its refusals are Error::unavailable like the service's own.
//
// Exactly once: a create whose answer was lost (connection reset, empty or garbled
// reply, timeout) may still have made a task. submit then looks for that task in the
// account's task list before reporting failure, and remembers the job's segment until it
// has, so a retried submit reconciles instead of creating a second billable task.
//
// Thread-safe: one instance per Ark account, shared by every worker. The clock must
// outlive it. Secrets: the API key never appears in an error, and the provider logs nothing.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "providers/provider.hpp"
#include "providers/resilience/circuit_breaker.hpp"
#include "providers/seedance/ark_client.hpp"
#include "providers/seedance/seedance_config.hpp"

namespace syncreel {

class SeedanceProvider final : public Provider {
 public:
  static constexpr std::string_view kName = "seedance";

  // Checks `config` (validate in seedance_config.hpp) and builds the provider; the caller
  // owns it. Errors: invalid_argument naming the bad setting.
  static Result<std::unique_ptr<SeedanceProvider>> create(SeedanceConfig config, const Clock& clock);

  std::string_view name() const override { return kName; }
  bool renders_in_process() const override { return false; }

  // Creates the task; Submission.model_version is the model it runs on. Errors:
  // invalid_argument (Seedance cannot make this clip, or refused the prompt or the
  // parameters; detail = the field or the Ark code), rate_limited (the message carries
  // the retry hint) / unavailable / timeout (retry later; a lost answer was reconciled
  // first), unauthorized / forbidden (key, region or account; not retried), provider,
  // conflict (several tasks in the list could be this job's lost create).
  Result<Submission> submit(const JobId& job_id, const JobSpec& spec) override;

  // Seedance makes 4-15 s per task: longer jobs are cut by seedance::split_duration.
  std::vector<int> segment_durations(const JobSpec& spec) const override;

  // Creates one segment's task (submit is segment 0 of 1). A chained create refused for
  // its image (Input*SensitiveContentDetected on the first_frame) is made again from the
  // prompt alone, with chained = false and a note saying so. Errors as for submit.
  Result<Submission> submit_segment(const JobId& job_id, const JobSpec& spec, const SegmentRequest& segment) override;

  // The task's status; failed and expired tasks carry a JobError whose code is the Ark
  // error code. tokens_used and model_version come from the task. Errors as for submit,
  // plus not_found for a task Seedance no longer knows (deleted, or older than 7 days).
  Result<TaskPoll> poll(const std::string& task_id) override;

  // Cancels a queued task. A task that is already running (Seedance refuses to stop it,
  // and it will be billed), finished or gone is not an error.
  Result<void> cancel(const std::string& task_id) override;

  // Downloads the succeeded task's video to ctx.scratch_dir / "clip.mp4" (size cap,
  // timeouts, Range resumes; see ArkClient::download), reporting progress and honouring
  // ctx.stop, and takes its first picture as ctx.scratch_dir / "poster.jpg". A job made
  // as several segments (ctx.segment_task_ids) has each downloaded and the clips joined
  // into that one clip.mp4. Artifacts carry tokens_used (all segments) and model_version. Errors: provider (the task
  // did not succeed, or its URL expired: Seedance keeps results 24 h), cancelled,
  // timeout, unavailable, too_large, storage.
  Result<Artifacts> fetch(const FetchContext& ctx) override;

  // The id of the task a lost create for `spec` made at or after `submitted_after`, found
  // in the task list by model, creation time and the echoed generation parameters (seed,
  // ratio, resolution, duration). nullopt when there is none. Errors: the list call's
  // (transient ones: try again later), or conflict when several tasks match.
  Result<std::optional<std::string>> find_task_created_by(const JobSpec& spec, TimePoint submitted_after);
  // The same for one segment of a chained job: its duration and its seed (segment_seed)
  // tell it from the job's other segments.
  Result<std::optional<std::string>> find_task_created_by(const JobSpec& spec, const SegmentRequest& segment,
                                                          TimePoint submitted_after);

  // Refused (unavailable, retry_after set) while the circuit breaker is open.
  Result<void> admits_new_jobs() const override { return breaker_.admits(); }

  // What `tokens` cost at the configured price; 0 when no price is configured.
  double cost_usd(std::int64_t tokens) const override;

  CircuitState circuit_state() const { return breaker_.state(); }
  const SeedanceConfig& config() const { return config_; }

 private:
  SeedanceProvider(SeedanceConfig config, const Clock& clock);

  // Runs one API call through the circuit breaker and reports its outcome.
  template <class T, class Call>
  seedance::ArkResult<T> guarded(Call&& call) {
    if (auto allowed = breaker_.allow(); !allowed) return seedance::ark_fail(seedance::ArkError{allowed.error()});
    seedance::ArkResult<T> result = call();
    if (result) {
      breaker_.record(CallOutcome::healthy);
    } else {
      breaker_.record(outcome_of(result.error().error), result.error().retry_after);
    }
    return result;
  }

  // A job's segment whose create may have made a task we never heard of.
  using PendingKey = std::pair<JobId, int>;

  // One create attempt, with the lost-answer reconciliation around it.
  Result<Submission> create_segment(const JobId& job_id, const JobSpec& spec, const SegmentRequest& segment,
                                    const seedance::CreateTaskRequest& request);
  // Downloads one succeeded task's video to `dest`; progress is reported from `from` to
  // `to` percent of the whole fetch.
  Result<seedance::ArkTask> download_task(const FetchContext& ctx, const std::string& task_id,
                                          const std::filesystem::path& dest, int from, int to);

  std::optional<TimePoint> pending_since(const PendingKey& key) const;
  void remember_pending(const PendingKey& key, TimePoint since);
  void forget_pending(const PendingKey& key);

  const SeedanceConfig config_;
  const Clock& clock_;
  const seedance::ArkClient client_;
  CircuitBreaker breaker_;
  mutable std::mutex pending_mutex_;
  // Segments whose create may have made a task we never heard of -> when that create began.
  std::map<PendingKey, TimePoint> pending_creates_;  // guarded by pending_mutex_
};

}  // namespace syncreel
