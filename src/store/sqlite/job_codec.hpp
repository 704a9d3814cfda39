// JSON forms of the structured columns of the `jobs` table (spec, outputs, moderation,
// error, provider_tasks, notes). Writing never fails: invalid UTF-8 is replaced, not thrown. Reading never
// throws: a malformed document is an Error::storage whose message names the field but
// never repeats stored content (a prompt must not leak into an error). Pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/job.hpp"
#include "core/job_spec.hpp"

namespace syncreel {

// Every JobSpec field; optional fields are omitted when absent.
std::string spec_to_json(const JobSpec& spec);
Result<JobSpec> spec_from_json(std::string_view text);

std::string outputs_to_json(const JobOutputs& outputs);
Result<JobOutputs> outputs_from_json(std::string_view text);

std::string moderation_to_json(const ModerationResult& moderation);
Result<ModerationResult> moderation_from_json(std::string_view text);

std::string job_error_to_json(const JobError& error);
Result<JobError> job_error_from_json(std::string_view text);

std::string provider_tasks_to_json(const std::vector<ProviderTask>& tasks);
Result<std::vector<ProviderTask>> provider_tasks_from_json(std::string_view text);

std::string notes_to_json(const std::vector<std::string>& notes);
Result<std::vector<std::string>> notes_from_json(std::string_view text);

// Ok when `text` is one JSON object (a column stored and served verbatim, such as qc).
Result<void> check_json_object(std::string_view text);

}  // namespace syncreel
