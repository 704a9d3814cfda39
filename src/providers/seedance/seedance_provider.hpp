// SeedanceProvider: ByteDance Seedance 2.0 through the Ark video-generation tasks API.
//
// submit creates a task (text prompt, ratio, resolution, duration, seed, sound on,
// watermark off), poll retrieves it, cancel deletes it while it is queued, and fetch
// downloads the finished MP4 into the job's scratch folder. Every API call goes through
// one circuit breaker per account, so a failing service is given room instead of being
// hammered by every worker; its refusals are Error::unavailable like the service's own.
//
// Exactly once: a create whose answer was lost (connection reset, empty or garbled
// reply, timeout) may still have made a task. submit then looks for that task in the
// account's task list before reporting failure, and remembers the job until it has, so a
// retried submit of the same job reconciles instead of creating a second billable task.
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

  // The task's status; failed and expired tasks carry a JobError whose code is the Ark
  // error code. tokens_used and model_version come from the task. Errors as for submit,
  // plus not_found for a task Seedance no longer knows (deleted, or older than 7 days).
  Result<TaskPoll> poll(const std::string& task_id) override;

  // Cancels a queued task. A task that is already running (Seedance refuses to stop it,
  // and it will be billed), finished or gone is not an error.
  Result<void> cancel(const std::string& task_id) override;

  // Downloads the succeeded task's video to ctx.scratch_dir / "clip.mp4" (size cap,
  // timeouts, Range resumes; see ArkClient::download), reporting progress and honouring
  // ctx.stop. Artifacts carry tokens_used and model_version. Errors: provider (the task
  // did not succeed, or its URL expired: Seedance keeps results 24 h), cancelled,
  // timeout, unavailable, too_large, storage.
  Result<Artifacts> fetch(const FetchContext& ctx) override;

  // The id of the task a lost create for `spec` made at or after `submitted_after`, found
  // in the task list by model, creation time and the echoed generation parameters (seed,
  // ratio, resolution, duration). nullopt when there is none. Errors: the list call's
  // (transient ones: try again later), or conflict when several tasks match.
  Result<std::optional<std::string>> find_task_created_by(const JobSpec& spec, TimePoint submitted_after);

  // What `tokens` cost at the configured price; 0 when no price is configured.
  double cost_usd(std::int64_t tokens) const;

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

  std::optional<TimePoint> pending_since(const JobId& job_id) const;
  void remember_pending(const JobId& job_id, TimePoint since);
  void forget_pending(const JobId& job_id);

  const SeedanceConfig config_;
  const Clock& clock_;
  const seedance::ArkClient client_;
  CircuitBreaker breaker_;
  mutable std::mutex pending_mutex_;
  // Jobs whose create may have made a task we never heard of -> when that create began.
  std::map<JobId, TimePoint> pending_creates_;  // guarded by pending_mutex_
};

}  // namespace syncreel
