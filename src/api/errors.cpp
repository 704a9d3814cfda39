#include "api/errors.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <utility>

#include "api/json_text.hpp"

namespace syncreel::api {
namespace {

struct Entry {
  ApiErrorCode code;
  std::string_view name;
  http::status status;
};

constexpr std::array<Entry, 16> kTable{{
    {ApiErrorCode::invalid_json, "invalid_json", http::status::bad_request},
    {ApiErrorCode::invalid_request, "invalid_request", http::status::bad_request},
    {ApiErrorCode::unauthorized, "unauthorized", http::status::unauthorized},
    {ApiErrorCode::forbidden, "forbidden", http::status::forbidden},
    {ApiErrorCode::not_found, "not_found", http::status::not_found},
    {ApiErrorCode::method_not_allowed, "method_not_allowed", http::status::method_not_allowed},
    {ApiErrorCode::conflict, "conflict", http::status::conflict},
    {ApiErrorCode::body_too_large, "body_too_large", http::status::payload_too_large},
    {ApiErrorCode::unsupported_media_type, "unsupported_media_type", http::status::unsupported_media_type},
    {ApiErrorCode::range_not_satisfiable, "range_not_satisfiable", http::status::range_not_satisfiable},
    {ApiErrorCode::invalid_value, "invalid_value", http::status::unprocessable_entity},
    {ApiErrorCode::headers_too_large, "headers_too_large", http::status::request_header_fields_too_large},
    {ApiErrorCode::rate_limited, "rate_limited", http::status::too_many_requests},
    {ApiErrorCode::internal, "internal", http::status::internal_server_error},
    {ApiErrorCode::unavailable, "unavailable", http::status::service_unavailable},
    {ApiErrorCode::provider_unavailable, "provider_unavailable", http::status::service_unavailable},
}};

const Entry& entry(ApiErrorCode code) {
  for (const Entry& e : kTable) {
    if (e.code == code) return e;
  }
  return kTable[13];  // internal: unreachable while the table lists every code
}

bool is_seconds(std::string_view s) {
  unsigned seconds = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), seconds);
  return !s.empty() && ec == std::errc{} && end == s.data() + s.size();
}

}  // namespace

std::string_view to_string(ApiErrorCode code) { return entry(code).name; }

http::status http_status(ApiErrorCode code) { return entry(code).status; }

ApiErrorCode to_api_code(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_argument: return ApiErrorCode::invalid_value;
    case ErrorCode::unauthorized: return ApiErrorCode::unauthorized;
    case ErrorCode::forbidden: return ApiErrorCode::forbidden;
    case ErrorCode::not_found: return ApiErrorCode::not_found;
    case ErrorCode::conflict: return ApiErrorCode::conflict;
    case ErrorCode::too_large: return ApiErrorCode::body_too_large;
    case ErrorCode::rate_limited: return ApiErrorCode::rate_limited;
    case ErrorCode::unavailable:
    case ErrorCode::timeout:
    case ErrorCode::storage:
    case ErrorCode::provider: return ApiErrorCode::unavailable;
    case ErrorCode::cancelled:
    case ErrorCode::internal: return ApiErrorCode::internal;
  }
  return ApiErrorCode::internal;
}

ApiError to_api_error(const Error& error) {
  ApiError out{to_api_code(error.code), error.message, {}};
  if (error.code == ErrorCode::invalid_argument) out.field = error.detail;
  if (error.code == ErrorCode::rate_limited && is_seconds(error.detail)) out.retry_after = error.detail;
  if (error.code == ErrorCode::unavailable && error.detail == "provider_unavailable") {
    out.code = ApiErrorCode::provider_unavailable;
  }
  if (error.retry_after && (error.code == ErrorCode::rate_limited || error.code == ErrorCode::unavailable)) {
    out.retry_after = std::to_string(std::max<std::int64_t>(1, error.retry_after->count()));
  }
  if (out.code == ApiErrorCode::internal) out.message = "internal error";
  return out;
}

std::string error_body(const ApiError& error) {
  std::string body;
  body.reserve(64 + error.message.size() + error.field.size());
  body += R"({"error":{"code":)";
  append_json_string(body, to_string(error.code));
  body += R"(,"message":)";
  append_json_string(body, error.message);
  if (!error.field.empty()) {
    body += R"(,"field":)";
    append_json_string(body, error.field);
  }
  body += "}}";
  return body;
}

Response error_response(const ApiError& error) {
  Response res = json_response(http_status(error.code), error_body(error));
  if (error.code == ApiErrorCode::unauthorized) res.msg.set(http::field::www_authenticate, "Bearer");
  if (error.code == ApiErrorCode::rate_limited || error.code == ApiErrorCode::unavailable ||
      error.code == ApiErrorCode::provider_unavailable) {
    res.msg.set(http::field::retry_after, error.retry_after.empty() ? "1" : error.retry_after);
  }
  return res;
}

Response error_response(ApiErrorCode code, std::string message, std::string field) {
  return error_response(ApiError{code, std::move(message), std::move(field)});
}

Response json_response(http::status status, std::string body) {
  Response res;
  res.msg.result(status);
  res.msg.set(http::field::content_type, "application/json");
  res.msg.body() = std::move(body);
  return res;
}

}  // namespace syncreel::api
