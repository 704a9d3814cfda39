// Error and Result: how failures cross module boundaries in syncreel.
//
// Every fallible operation that can fail for a *likely* reason (bad input, disk,
// network, provider) returns Result<T> = std::expected<T, Error>. Broken invariants
// are bugs and abort instead. Error is a plain value type; copying it is cheap enough
// for the error path and it is safe to pass between threads.
#pragma once

#include <chrono>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace syncreel {

// What went wrong, coarse enough for a caller to decide what to do (retry, show the
// user, map to an HTTP status). The API maps each code to one status in one place.
enum class ErrorCode {
  invalid_argument,   // the caller's input is malformed or out of range (400/422)
  unauthorized,       // missing or unknown credentials (401)
  forbidden,          // known credentials, not allowed (403)
  not_found,          // no such thing, or not visible to the caller (404)
  conflict,           // state or idempotency conflict (409)
  too_large,          // input exceeds a size limit (413)
  rate_limited,       // slow down; may carry a retry hint (429)
  unavailable,        // a dependency is down or overloaded; retry later (503)
  timeout,            // an operation ran out of time
  cancelled,          // the operation was cancelled on purpose
  storage,            // disk or blob storage failed (full, unwritable, corrupt)
  provider,           // the generation provider failed the task
  internal,           // a bug or an unexpected library failure
};

std::string_view to_string(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::internal;
  // Human-readable, safe to show the caller: never contains secrets or prompts.
  std::string message;
  // Optional machine-readable detail, e.g. the offending field ("duration_sec") or a
  // provider error code ("OutputVideoSensitiveContentDetected").
  std::string detail = {};
  // For rate_limited / unavailable: when asking again makes sense (the API sends it as
  // Retry-After). Absent when nobody knows.
  std::optional<std::chrono::seconds> retry_after = {};

  static Error invalid(std::string msg, std::string field = {}) {
    return {ErrorCode::invalid_argument, std::move(msg), std::move(field)};
  }
  static Error not_found(std::string msg) { return {ErrorCode::not_found, std::move(msg)}; }
  static Error conflict(std::string msg) { return {ErrorCode::conflict, std::move(msg)}; }
  static Error unauthorized(std::string msg) { return {ErrorCode::unauthorized, std::move(msg)}; }
  static Error forbidden(std::string msg) { return {ErrorCode::forbidden, std::move(msg)}; }
  static Error too_large(std::string msg) { return {ErrorCode::too_large, std::move(msg)}; }
  static Error unavailable(std::string msg) { return {ErrorCode::unavailable, std::move(msg)}; }
  static Error timeout(std::string msg) { return {ErrorCode::timeout, std::move(msg)}; }
  static Error cancelled(std::string msg) { return {ErrorCode::cancelled, std::move(msg)}; }
  static Error storage(std::string msg) { return {ErrorCode::storage, std::move(msg)}; }
  static Error provider(std::string msg, std::string provider_code = {}) {
    return {ErrorCode::provider, std::move(msg), std::move(provider_code)};
  }
  static Error internal(std::string msg) { return {ErrorCode::internal, std::move(msg)}; }
};

template <class T>
using Result = std::expected<T, Error>;

// Shorthand for returning an error from a function returning Result<T>.
inline std::unexpected<Error> fail(Error e) { return std::unexpected<Error>(std::move(e)); }

}  // namespace syncreel
