// The uniform error reply: {"error": {"code": "...", "message": "...", "field"?: "..."}}
// and the one table that gives each wire error code its HTTP status.
//
// Core errors (ErrorCode) reach the wire through `to_api_code`; errors found by the API
// itself (malformed JSON, wrong method...) name an ApiErrorCode directly. Either way the
// status comes from `http_status`, so a code never appears with two statuses.
// Pure functions, safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "api/http_types.hpp"
#include "core/error.hpp"

namespace syncreel::api {

enum class ApiErrorCode {
  invalid_json,            // 400: the body is not JSON or not UTF-8
  invalid_request,         // 400: wrong shape: type, unknown or missing field, bad header/query
  unauthorized,            // 401
  forbidden,               // 403
  not_found,               // 404
  method_not_allowed,      // 405
  conflict,                // 409
  body_too_large,          // 413
  unsupported_media_type,  // 415
  range_not_satisfiable,   // 416
  invalid_value,           // 422: well-formed but out of range or not in its enum
  headers_too_large,       // 431
  rate_limited,            // 429 (+ Retry-After)
  internal,                // 500
  unavailable,             // 503
  provider_unavailable,    // 503 (+ Retry-After): the job's provider refuses new work for now
};

// The wire spelling, e.g. "invalid_json".
std::string_view to_string(ApiErrorCode code);

// The HTTP status of each wire code: the single source of truth.
http::status http_status(ApiErrorCode code);

// How a core error code is reported: invalid_argument -> invalid_value (422), storage,
// provider, timeout and unavailable -> unavailable (503), internal and cancelled (a
// service should never hand it to the API) -> internal (500), the rest by name.
ApiErrorCode to_api_code(ErrorCode code);

// Convenience for the mapping as a whole: http_status(to_api_code(code)).
inline http::status http_status(ErrorCode code) { return http_status(to_api_code(code)); }

// An error as the API reports it.
struct ApiError {
  ApiErrorCode code = ApiErrorCode::internal;
  std::string message;
  std::string field;        // empty when no single field is at fault
  std::string retry_after;  // seconds, for 429/503; empty = the default of 1
};

// Invalid-argument errors keep their field (Error::detail), rate-limited ones their retry
// hint (a number of seconds in Error::detail, or Error::retry_after); an unavailable
// error whose detail is "provider_unavailable" becomes that code, with its retry_after;
// 500s hide the message, which may describe internals.
ApiError to_api_error(const Error& error);

// The JSON envelope alone.
std::string error_body(const ApiError& error);

// A complete response: status, envelope, and the headers some codes require
// (WWW-Authenticate on 401, Retry-After on 429 and 503).
Response error_response(const ApiError& error);
inline Response error_response(const Error& error) { return error_response(to_api_error(error)); }
Response error_response(ApiErrorCode code, std::string message, std::string field = {});

}  // namespace syncreel::api
