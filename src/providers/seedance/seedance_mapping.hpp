// How syncreel's job specs and task states map onto Seedance's. Pure functions, safe from
// any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/job.hpp"
#include "core/job_spec.hpp"
#include "providers/provider.hpp"
#include "providers/seedance/ark_types.hpp"
#include "providers/seedance/seedance_config.hpp"
#include "providers/seedance/seedance_segments.hpp"

namespace syncreel::seedance {

std::string_view ark_ratio(AspectRatio aspect);  // "16:9", "9:16", "1:1"

// Seedance's smallest output is 480p, so syncreel's 360p asks for 480p.
std::string_view ark_resolution(Resolution resolution);

// The model a job runs on: its own `model` ("fast" means config.fast_model), else
// config.model.
std::string model_for(const JobSpec& spec, const SeedanceConfig& config);

// The seed sent with a job: its own, or one derived from the prompt, so that the same
// prompt renders alike (as with the local provider) and a task whose create answer was
// lost can be recognised in the task list, which does not echo prompts.
std::int64_t seed_for(const JobSpec& spec);

// Output tokens Seedance bills for a clip: W x H x (24 d + 1) / 1024, the height padded to
// a multiple of 16 (matches published counts: 720p 5 s = 108,900). 0 for unknown shapes.
std::int64_t estimate_tokens(std::string_view ratio, std::string_view resolution, int duration_sec);

// The create request for one segment of a job (SegmentRequest; a job of up to 15 s is
// one segment of its whole duration): the segment's duration and seed (segment_seed),
// its first picture when it continues the previous segment, and return_last_frame when
// another segment follows. Errors: invalid_argument (detail = the JobSpec field) when
// Seedance cannot make the clip: shorter than 4 s, a segment outside 4-15 s, 1080p on a
// fast model, or an estimated cost of the whole job above its max_cost_usd.
Result<CreateTaskRequest> build_create_request(const JobSpec& spec, const SeedanceConfig& config,
                                               const SegmentRequest& segment);

// The poll answer for a retrieved task. Errors: provider for a status Seedance does not
// document.
Result<TaskPoll> to_task_poll(const ArkTask& task);

// Why a failed or expired task ended, for the job's owner: code is the Ark error code
// ("provider_expired" for an expiry without one); the message says what happened and
// that syncreel does not resubmit on its own.
JobError describe_failure(const ArkTask& task);

}  // namespace syncreel::seedance
