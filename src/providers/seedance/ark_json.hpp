// The JSON boundary of the Ark API: request bodies out, task objects and error envelopes
// in. nlohmann exceptions stop here; every parser returns the reason a body was unusable
// ("truncated JSON ...", "malformed JSON ...", "field 'id' is missing") instead.
// Pure functions, safe from any thread.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "providers/seedance/ark_types.hpp"

namespace syncreel::seedance {

template <class T>
using Parsed = std::expected<T, std::string>;  // the error is a short, key-free reason

std::string create_body_json(const CreateTaskRequest& request);

// {"id": "cgt-..."} -> the id.
Parsed<std::string> parse_create_reply(std::string_view body);

Parsed<ArkTask> parse_task(std::string_view body);

// {"total": N, "items": [task, ...]}
Parsed<TaskPage> parse_task_page(std::string_view body);

struct ErrorEnvelope {
  std::string code;
  std::string message;
  std::string type;
};
// {"error": {"code", "message", "type"}}; nullopt when the body is not one (an HTML
// page from a gateway, an empty body).
std::optional<ErrorEnvelope> parse_error_envelope(std::string_view body);

}  // namespace syncreel::seedance
