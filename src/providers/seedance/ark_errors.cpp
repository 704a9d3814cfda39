#include "providers/seedance/ark_errors.hpp"

#include <algorithm>
#include <initializer_list>
#include <optional>

#include "providers/resilience/backoff.hpp"
#include "providers/seedance/ark_json.hpp"

namespace syncreel::seedance {
namespace {

constexpr std::size_t kMaxQuotedChars = 300;

std::string header(const HttpReply& reply, const std::string& name) {
  const auto it = reply.headers.find(name);
  return it == reply.headers.end() ? std::string() : it->second;
}

// "(HTTP 429 RateLimitExceeded: <Ark's message>)": what Ark said, bounded in size.
std::string wire_context(long status, const std::optional<ErrorEnvelope>& env, const std::string& request_id) {
  std::string out = "(HTTP " + std::to_string(status);
  if (env && !env->code.empty()) out += " " + env->code;
  if (env && !env->message.empty()) out += ": " + env->message.substr(0, kMaxQuotedChars);
  if (!request_id.empty() && (!env || env->message.find(request_id) == std::string::npos)) {
    out += "; request id " + request_id;
  }
  return out + ")";
}

std::string seconds_text(std::chrono::milliseconds ms) {
  return std::to_string(std::max<std::int64_t>(0, std::chrono::ceil<std::chrono::seconds>(ms).count())) + " s";
}

bool starts_with_any(std::string_view code, std::initializer_list<std::string_view> prefixes) {
  for (const auto p : prefixes) {
    if (code.starts_with(p)) return true;
  }
  return false;
}

Error classify_status(std::string_view op, long status, const std::string& code, const std::string& ctx,
                      const std::optional<std::chrono::milliseconds>& retry_after) {
  const std::string head = "seedance " + std::string(op) + ": ";
  const std::string retry = retry_after ? "; retry after " + seconds_text(*retry_after) : "; retry later";
  Error e;
  if (status == 401) {
    e = Error::unauthorized(head + "the API key was refused " + ctx +
                            ": it is wrong or revoked, or it belongs to another region (Ark keys are "
                            "region-bound: check SEEDANCE_API_KEY / ARK_API_KEY against SEEDANCE_BASE_URL); "
                            "not retried");
  } else if (status == 403) {
    const char* why = code == "AccountOverdueError"               ? "the Ark account has an overdue balance"
                      : code.find("NotOpen") != std::string::npos ? "the model is not activated for this account"
                                                                  : "the key may not use this resource";
    e = Error::forbidden(head + why + " " + ctx +
                         ": check the key, its region (SEEDANCE_BASE_URL) and the account in the Ark console; "
                         "not retried");
  } else if (status == 429 && code == "SetLimitExceeded") {
    e = Error::provider(head + "the account's spending cap (console safe mode) was reached " + ctx +
                        "; not retried until the cap is raised");
  } else if (status == 429) {
    e = {ErrorCode::rate_limited, head + "rate limited " + ctx + retry};
  } else if (status == 400 &&
             starts_with_any(code, {"InputTextSensitiveContentDetected", "SensitiveContentDetected",
                                    "InputImageSensitive", "InputVideoSensitive", "InputAudioSensitive"})) {
    e = Error::invalid(head + "Seedance's input moderation refused the prompt " + ctx + "; change the prompt");
  } else if (status == 400 && starts_with_any(code, {"InvalidParameter", "MissingParameter"})) {
    e = Error::invalid(head + "the request parameters were refused " + ctx);
  } else if (status == 400 && code == "InvalidEndpoint.ClosedEndpoint") {
    e = Error::unavailable(head + "the endpoint is closed for now " + ctx + retry);
  } else if (status == 404 && starts_with_any(code, {"InvalidEndpointOrModel", "ModelNotOpen", "InvalidEndpoint"})) {
    e = Error::provider(head + "the model is unknown or not activated in this region " + ctx +
                        ": check SEEDANCE_MODEL against SEEDANCE_BASE_URL and activate the model in the console");
  } else if (status == 404) {
    e = Error::not_found(head + "not found " + ctx);
  } else if (status == 408 || status == 504) {
    e = Error::timeout(head + "the request timed out at the server " + ctx + retry);
  } else if (status == 409) {
    e = Error::conflict(head + "refused in the task's current state " + ctx);
  } else if (status == 413) {
    e = Error::too_large(head + "the request is too large " + ctx);
  } else if (status >= 500) {
    e = Error::unavailable(head + "Seedance is unavailable " + ctx + retry);
  } else {
    e = Error::provider(head + "unexpected answer " + ctx);
  }
  e.detail = code;
  return e;
}

}  // namespace

ArkError classify_reply(std::string_view operation, const HttpReply& reply, TimePoint now) {
  ArkError out;
  out.http_status = reply.status;
  out.request_id = header(reply, "x-request-id");
  if (const std::string ra = header(reply, "retry-after"); !ra.empty()) out.retry_after = parse_retry_after(ra, now);
  const auto env = parse_error_envelope(reply.body);
  if (env) {
    out.code = env->code;
    out.type = env->type;
  }
  out.error = classify_status(operation, reply.status, out.code, wire_context(reply.status, env, out.request_id),
                              out.retry_after);
  // The hint travels with the Error too, so the orchestrator's retry honours it.
  if (out.retry_after && (out.error.code == ErrorCode::rate_limited || out.error.code == ErrorCode::unavailable)) {
    out.error.retry_after = std::chrono::ceil<std::chrono::seconds>(*out.retry_after);
  }
  return out;
}

ArkError classify_transport(std::string_view operation, const TransportFailure& failure,
                            std::chrono::milliseconds timeout) {
  const std::string head = "seedance " + std::string(operation) + ": ";
  ArkError out;
  switch (failure.code) {
    case CURLE_OPERATION_TIMEDOUT:
      out.error =
          Error::timeout(head + "no complete answer within " + std::to_string(timeout.count()) + " ms; retry later");
      break;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      out.error = Error::invalid(head + "the base URL is not usable (" + failure.message + "); check SEEDANCE_BASE_URL",
                                 "SEEDANCE_BASE_URL");
      break;
    case CURLE_WRITE_ERROR: out.error = Error::provider(head + failure.message); break;
    case CURLE_OUT_OF_MEMORY:
    case CURLE_FAILED_INIT: out.error = Error::internal(head + failure.message); break;
    case CURLE_GOT_NOTHING:
      out.error = Error::unavailable(head + "the connection closed without an answer; retry later");
      break;
    default: out.error = Error::unavailable(head + "the connection failed (" + failure.message + "); retry later");
  }
  const bool before_connect = failure.code == CURLE_COULDNT_RESOLVE_HOST || failure.code == CURLE_COULDNT_CONNECT ||
                              failure.code == CURLE_COULDNT_RESOLVE_PROXY || failure.code == CURLE_URL_MALFORMAT ||
                              failure.code == CURLE_UNSUPPORTED_PROTOCOL || failure.code == CURLE_FAILED_INIT;
  out.maybe_processed = failure.request_sent && !before_connect;
  return out;
}

ArkError unusable_answer(std::string_view operation, const HttpReply& reply, std::string_view reason) {
  ArkError out;
  out.http_status = reply.status;
  out.request_id = header(reply, "x-request-id");
  out.maybe_processed = true;
  std::string msg = "seedance " + std::string(operation) + ": the answer (HTTP " + std::to_string(reply.status) +
                    ") is unusable: " + std::string(reason);
  if (!out.request_id.empty()) msg += "; request id " + out.request_id;
  out.error = Error::unavailable(msg + "; retry later");
  return out;
}

std::string redact(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 10)) {
    text.replace(pos, secret.size(), "[redacted]");
  }
  return text;
}

std::string without_query(std::string_view url) {
  return std::string(url.substr(0, std::min(url.find('?'), url.find('#'))));
}

}  // namespace syncreel::seedance
