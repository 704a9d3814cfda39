// POST /v1/generate, transport-free: body -> JobSpec + request fingerprint, plus the
// header checks that belong to it. Pure functions, safe from any thread.
//
// Error classes (the bad-input catalogue in the tests pins them down):
//  - 400 invalid_json: not UTF-8, not JSON;
//  - 400 invalid_request (+field): not an object, unknown field, wrong JSON type,
//    missing required field (prompt, style, duration_sec, consent);
//  - 422 invalid_value (+field): well-typed but out of range or not in its enum,
//    including consent: false (core `validate` has the final word).
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "api/errors.hpp"
#include "core/job_spec.hpp"

namespace syncreel::api {

struct GenerateRequest {
  JobSpec spec;             // validated
  std::string fingerprint;  // hex SHA-256 of the canonical (sorted, re-serialised) body
};

// `default_provider` fills in `provider` when the body has none.
std::expected<GenerateRequest, ApiError> parse_generate_request(std::string_view body,
                                                                std::string_view default_provider = "local");

// Content-Type must be application/json (parameters such as charset=utf-8 allowed).
// Error: unsupported_media_type.
std::expected<void, ApiError> check_json_content_type(std::string_view content_type);

// An Idempotency-Key is 1-255 printable ASCII characters; an absent header (empty
// view with `present` false) is fine. Error: invalid_request naming the header.
std::expected<void, ApiError> check_idempotency_key(std::string_view key, bool present);

}  // namespace syncreel::api
