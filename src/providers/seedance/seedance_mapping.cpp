#include "providers/seedance/seedance_mapping.hpp"

#include <array>
#include <cstdio>
#include <optional>
#include <utility>
#include <vector>

namespace syncreel::seedance {
namespace {

constexpr std::size_t kMaxQuotedChars = 200;

struct Shape {
  std::string_view ratio;
  std::string_view resolution;
  int width;
  int height;
};
// Seedance 2.0 output sizes for the ratios syncreel asks for.
constexpr std::array<Shape, 9> kShapes = {{
    {"16:9", "480p", 864, 496},
    {"16:9", "720p", 1280, 720},
    {"16:9", "1080p", 1920, 1080},
    {"9:16", "480p", 496, 864},
    {"9:16", "720p", 720, 1280},
    {"9:16", "1080p", 1080, 1920},
    {"1:1", "480p", 640, 640},
    {"1:1", "720p", 960, 960},
    {"1:1", "1080p", 1440, 1440},
}};

struct FailureText {
  std::string_view code_prefix;
  std::string_view what;
};
constexpr std::array<FailureText, 8> kFailures = {{
    {"OutputVideoSensitiveContentDetected",
     "Seedance's output moderation flagged the generated video (not billed); output checks vary between runs, so "
     "submitting again or rephrasing the prompt may pass"},
    {"OutputAudioSensitiveContentDetected",
     "Seedance's output moderation flagged the generated sound, often music resembling a copyrighted work (not "
     "billed); submit again or describe the sound differently"},
    {"InputTextSensitiveContentDetected", "Seedance's input moderation refused the prompt; change the prompt"},
    {"InputImageSensitiveContentDetected", "Seedance's input moderation refused a reference image"},
    {"InputVideoSensitiveContentDetected", "Seedance's input moderation refused a reference video"},
    {"InputAudioSensitiveContentDetected", "Seedance's input moderation refused a reference audio"},
    {"InvalidParameter", "Seedance refused the task's parameters after accepting it"},
    {"InternalServiceError", "Seedance failed internally while generating"},
}};

std::string quote(const std::string& ark_message) {
  if (ark_message.empty()) return {};
  return " (Seedance: " + ark_message.substr(0, kMaxQuotedChars) + ")";
}

std::uint32_t fnv1a(std::string_view s) {
  std::uint32_t h = 2166136261u;
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return h;
}

}  // namespace

std::string_view ark_ratio(AspectRatio aspect) {
  switch (aspect) {
    case AspectRatio::r16x9: return "16:9";
    case AspectRatio::r9x16: return "9:16";
    case AspectRatio::r1x1: return "1:1";
  }
  return "16:9";
}

std::string_view ark_resolution(Resolution resolution) {
  switch (resolution) {
    case Resolution::p360: return "480p";
    case Resolution::p720: return "720p";
    case Resolution::p1080: return "1080p";
  }
  return "720p";
}

std::string model_for(const JobSpec& spec, const SeedanceConfig& config) {
  if (!spec.model || spec.model->empty()) return config.model;
  if (*spec.model == "fast") return config.fast_model;
  return *spec.model;
}

std::int64_t seed_for(const JobSpec& spec) {
  // 31 bits keep the derived seed valid however the service reads integers.
  return spec.seed ? static_cast<std::int64_t>(*spec.seed)
                   : static_cast<std::int64_t>(fnv1a(spec.prompt) & 0x7fffffffu);
}

std::int64_t estimate_tokens(std::string_view ratio, std::string_view resolution, int duration_sec) {
  for (const Shape& s : kShapes) {
    if (s.ratio == ratio && s.resolution == resolution) {
      const std::int64_t padded_height = (s.height + 15) / 16 * 16;
      return std::int64_t{s.width} * padded_height * (24 * std::int64_t{duration_sec} + 1) / 1024;
    }
  }
  return 0;
}

Result<CreateTaskRequest> build_create_request(const JobSpec& spec, const SeedanceConfig& config,
                                               const SegmentRequest& segment) {
  const std::vector<int> segments = split_duration(spec.duration_sec);
  if (segments.empty()) {
    return fail(Error::invalid("seedance makes clips of at least " + std::to_string(kMinDurationSec) + " s",
                               "duration_sec"));
  }
  if (segment.duration_sec < kMinDurationSec || segment.duration_sec > kMaxDurationSec) {
    return fail(Error::invalid("seedance makes " + std::to_string(kMinDurationSec) + " to " +
                                   std::to_string(kMaxDurationSec) + " s per task, not " +
                                   std::to_string(segment.duration_sec) + " s",
                               "duration_sec"));
  }
  CreateTaskRequest r;
  r.model = model_for(spec, config);
  if (r.model.empty()) return fail(Error::invalid("no Seedance fast model is configured", "model"));
  r.prompt = spec.prompt;
  r.ratio = std::string(ark_ratio(spec.aspect_ratio));
  r.resolution = std::string(ark_resolution(spec.resolution));
  if (r.model == config.fast_model && r.resolution == "1080p") {
    return fail(Error::invalid("the Seedance fast model makes 480p and 720p only, not 1080p", "resolution"));
  }
  r.duration = segment.duration_sec;
  r.seed = segment_seed(seed_for(spec), segment.index);
  r.generate_audio = true;  // picture and sound are generated together: that is the point
  r.watermark = false;
  r.callback_url = config.callback_url;
  r.first_frame_url = segment.first_frame_url;
  r.return_last_frame = segment.index + 1 < segment.count;
  if (spec.max_cost_usd && config.usd_per_million_tokens > 0.0) {
    std::int64_t tokens = 0;
    for (const int d : segments) tokens += estimate_tokens(r.ratio, r.resolution, d);
    const double estimate = static_cast<double>(tokens) * config.usd_per_million_tokens / 1e6;
    if (estimate > *spec.max_cost_usd) {
      char text[64];
      std::snprintf(text, sizeof text, "%.2f above max_cost_usd %.2f", estimate, *spec.max_cost_usd);
      return fail(Error::invalid(std::string("the clip would cost about $") + text, "max_cost_usd"));
    }
  }
  return r;
}

Result<TaskPoll> to_task_poll(const ArkTask& task) {
  TaskPoll p;
  p.model_version = task.model;
  p.tokens_used = task.completion_tokens;
  const std::string& s = task.status;
  if (s == "queued") {
    p.status = TaskStatus::queued;
  } else if (s == "running") {
    p.status = TaskStatus::running;
  } else if (s == "succeeded") {
    p.status = TaskStatus::succeeded;
    p.progress = 100;
    p.last_frame_url = task.last_frame_url;
  } else if (s == "cancelled") {
    p.status = TaskStatus::cancelled;
  } else if (s == "failed" || s == "expired") {
    p.status = s == "failed" ? TaskStatus::failed : TaskStatus::expired;
    p.error = describe_failure(task);
  } else {
    return fail(Error::provider("seedance task " + task.id + " has an undocumented status '" + s.substr(0, 40) + "'"));
  }
  return p;
}

JobError describe_failure(const ArkTask& task) {
  constexpr std::string_view kNoRetry = "; syncreel does not resubmit a failed task on its own";
  if (task.status == "expired" && task.error_code.empty()) {
    return {"provider_expired", "the Seedance task waited in the queue past its expiry and never ran (not billed)" +
                                    std::string(kNoRetry) + ": submit again when the service is less busy"};
  }
  const std::string code = task.error_code.empty() ? "provider_failed" : task.error_code;
  std::string what = "Seedance failed the task";
  for (const FailureText& f : kFailures) {
    if (code.starts_with(f.code_prefix)) {
      what = std::string(f.what);
      break;
    }
  }
  return {code, what + quote(task.error_message) + std::string(kNoRetry)};
}

}  // namespace syncreel::seedance
