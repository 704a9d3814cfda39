#include "providers/seedance/seedance_provider.hpp"

#include <algorithm>

#include "providers/seedance/ark_errors.hpp"
#include "providers/seedance/seedance_mapping.hpp"

namespace syncreel {
namespace {

using seedance::ArkError;

// Prompts shorter than this are not scrubbed from messages: a two-letter prompt would
// blank random words.
constexpr std::size_t kMinRedactedPrompt = 8;

// Error messages are shown to owners and logged; the service may echo the prompt in a
// refusal, and prompts never go to logs.
Error without_prompt(Error e, const std::string& prompt) {
  if (prompt.size() >= kMinRedactedPrompt) e.message = seedance::redact(std::move(e.message), prompt);
  return e;
}

seedance::ArkClientConfig client_config(const SeedanceConfig& c) {
  seedance::ArkClientConfig out;
  out.base_url = c.base_url;
  out.api_key = c.api_key;
  out.connect_timeout = c.connect_timeout;
  out.request_timeout = c.request_timeout;
  out.download_timeout = c.download_timeout;
  out.max_download_bytes = c.max_download_bytes;
  out.download_attempts = c.download_attempts;
  return out;
}

// Seedance's input moderation refused an image of the request (the face gate's code is
// InputImageSensitiveContentDetected.PrivacyInformation).
bool is_image_refusal(const Error& e) {
  return e.code == ErrorCode::invalid_argument && e.detail.starts_with("InputImageSensitiveContentDetected");
}

}  // namespace

SeedanceProvider::SeedanceProvider(SeedanceConfig config, const Clock& clock)
    : config_(std::move(config)),
      clock_(clock),
      client_(client_config(config_), clock),
      breaker_(config_.circuit_breaker, clock) {}

Result<std::unique_ptr<SeedanceProvider>> SeedanceProvider::create(SeedanceConfig config, const Clock& clock) {
  while (config.base_url.ends_with('/')) config.base_url.pop_back();
  if (auto ok = validate(config); !ok) return fail(ok.error());
  return std::unique_ptr<SeedanceProvider>(new SeedanceProvider(std::move(config), clock));
}

Result<Submission> SeedanceProvider::submit(const JobId& job_id, const JobSpec& spec) {
  SegmentRequest whole;
  whole.duration_sec = spec.duration_sec;
  return submit_segment(job_id, spec, whole);
}

std::vector<int> SeedanceProvider::segment_durations(const JobSpec& spec) const {
  return seedance::split_duration(spec.duration_sec);
}

Result<Submission> SeedanceProvider::submit_segment(const JobId& job_id, const JobSpec& spec,
                                                    const SegmentRequest& segment) {
  auto request = seedance::build_create_request(spec, config_, segment);
  if (!request) return fail(request.error());
  auto created = create_segment(job_id, spec, segment, *request);
  if (created || request->first_frame_url.empty() || !is_image_refusal(created.error())) {
    if (created) created->chained = !request->first_frame_url.empty();
    return created;
  }
  // The face gate refused the previous segment's last picture (a real or photoreal
  // face): continue from the prompt alone; the seam becomes a cut instead of a
  // continuous shot. Nothing was made, so no lost create can be pending.
  const std::string refusal = created.error().detail;
  request->first_frame_url.clear();
  auto fallback = create_segment(job_id, spec, segment, *request);
  if (!fallback) return fallback;
  fallback->note = "segment " + std::to_string(segment.index + 1) + " of " + std::to_string(segment.count) +
                   " could not start from the previous segment's last picture (Seedance refused the image: " +
                   refusal + "); it was made from the prompt alone and joined with a cut";
  return fallback;
}

Result<Submission> SeedanceProvider::create_segment(const JobId& job_id, const JobSpec& spec,
                                                    const SegmentRequest& segment,
                                                    const seedance::CreateTaskRequest& request) {
  const PendingKey key{job_id, segment.index};
  // An earlier create for this segment lost its answer, in this process or before a
  // restart: look for its task before making one.
  std::optional<TimePoint> since = pending_since(key);
  if (!since) since = segment.unconfirmed_create_since;
  if (since) {
    auto found = find_task_created_by(spec, segment, *since);
    if (!found) return fail(without_prompt(found.error(), spec.prompt));
    forget_pending(key);
    if (*found) return Submission{**found, request.model};
  }

  const TimePoint started = clock_.now();
  auto created = guarded<std::string>([&] { return client_.create_task(request); });
  if (created) return Submission{std::move(*created), request.model};
  ArkError lost = std::move(created.error());
  if (!lost.maybe_processed) return fail(without_prompt(std::move(lost.error), spec.prompt));

  // The request reached Seedance but its answer did not reach us: a task may exist.
  remember_pending(key, started);
  auto found = find_task_created_by(spec, segment, started);
  if (found && *found) {
    forget_pending(key);
    return Submission{**found, request.model};
  }
  // Not listed (yet), or the list failed: the segment stays remembered, so the retry the
  // orchestrator schedules looks once more before creating again.
  Error e = std::move(lost.error);
  e.message += found ? "; no task from this request is listed yet, the retry checks again before creating one"
                     : "; the task list could not be checked (" + found.error().message + ")";
  return fail(without_prompt(std::move(e), spec.prompt));
}

Result<TaskPoll> SeedanceProvider::poll(const std::string& task_id) {
  auto task = guarded<seedance::ArkTask>([&] { return client_.get_task(task_id); });
  if (!task) return fail(std::move(task.error().error));
  return seedance::to_task_poll(*task);
}

Result<void> SeedanceProvider::cancel(const std::string& task_id) {
  auto deleted = guarded<void>([&] { return client_.delete_task(task_id); });
  if (deleted) return {};
  const ArkError& refusal = deleted.error();
  if (refusal.http_status == 404) return {};  // already gone: nothing left to stop
  // Seedance refuses to delete a running task (the status and code of that refusal are
  // not documented): ask the task itself whether it is past the point of cancelling.
  const long s = refusal.http_status;
  if (s >= 400 && s < 500 && s != 401 && s != 403 && s != 429) {
    auto task = guarded<seedance::ArkTask>([&] { return client_.get_task(task_id); });
    if (task && task->status != "queued") return {};
    if (!task && task.error().http_status == 404) return {};
  }
  return fail(refusal.error);
}

double SeedanceProvider::cost_usd(std::int64_t tokens) const {
  return static_cast<double>(tokens) * config_.usd_per_million_tokens / 1e6;
}

}  // namespace syncreel
