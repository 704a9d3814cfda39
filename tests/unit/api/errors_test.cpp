#include "api/errors.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace syncreel::api {
namespace {

TEST(Errors, EveryCoreCodeHasOneStatus) {
  const std::pair<ErrorCode, unsigned> table[] = {
      {ErrorCode::invalid_argument, 422}, {ErrorCode::unauthorized, 401}, {ErrorCode::forbidden, 403},
      {ErrorCode::not_found, 404},        {ErrorCode::conflict, 409},     {ErrorCode::too_large, 413},
      {ErrorCode::rate_limited, 429},     {ErrorCode::unavailable, 503},  {ErrorCode::timeout, 503},
      {ErrorCode::storage, 503},          {ErrorCode::provider, 503},     {ErrorCode::cancelled, 500},
      {ErrorCode::internal, 500},
  };
  for (const auto& [code, status] : table) {
    EXPECT_EQ(static_cast<unsigned>(http_status(code)), status) << to_string(code);
  }
}

TEST(Errors, ApiCodesAndStatuses) {
  const std::tuple<ApiErrorCode, const char*, unsigned> table[] = {
      {ApiErrorCode::invalid_json, "invalid_json", 400},
      {ApiErrorCode::invalid_request, "invalid_request", 400},
      {ApiErrorCode::unauthorized, "unauthorized", 401},
      {ApiErrorCode::forbidden, "forbidden", 403},
      {ApiErrorCode::not_found, "not_found", 404},
      {ApiErrorCode::method_not_allowed, "method_not_allowed", 405},
      {ApiErrorCode::conflict, "conflict", 409},
      {ApiErrorCode::body_too_large, "body_too_large", 413},
      {ApiErrorCode::unsupported_media_type, "unsupported_media_type", 415},
      {ApiErrorCode::range_not_satisfiable, "range_not_satisfiable", 416},
      {ApiErrorCode::invalid_value, "invalid_value", 422},
      {ApiErrorCode::headers_too_large, "headers_too_large", 431},
      {ApiErrorCode::rate_limited, "rate_limited", 429},
      {ApiErrorCode::internal, "internal", 500},
      {ApiErrorCode::unavailable, "unavailable", 503},
      {ApiErrorCode::provider_unavailable, "provider_unavailable", 503},
  };
  for (const auto& [code, name, status] : table) {
    EXPECT_EQ(to_string(code), name);
    EXPECT_EQ(static_cast<unsigned>(http_status(code)), status) << name;
  }
}

TEST(Errors, EnvelopeCarriesFieldOnlyForInvalidValues) {
  const Response invalid = error_response(Error::invalid("duration_sec must be between 5 and 30", "duration_sec"));
  EXPECT_EQ(invalid.msg.result(), http::status::unprocessable_entity);
  EXPECT_EQ(invalid.msg[http::field::content_type], "application/json");
  const auto body = nlohmann::json::parse(invalid.msg.body());
  EXPECT_EQ(body["error"]["code"], "invalid_value");
  EXPECT_EQ(body["error"]["message"], "duration_sec must be between 5 and 30");
  EXPECT_EQ(body["error"]["field"], "duration_sec");

  const auto provider = nlohmann::json::parse(
      error_response(Error::provider("upstream failed", "OutputVideoSensitiveContentDetected")).msg.body());
  EXPECT_FALSE(provider["error"].contains("field"));
  EXPECT_EQ(provider["error"]["code"], "unavailable");
}

TEST(Errors, HeadersRequiredByStatus) {
  EXPECT_EQ(error_response(Error::unauthorized("no key")).msg[http::field::www_authenticate], "Bearer");
  const Response limited = error_response(Error{ErrorCode::rate_limited, "slow down", "7"});
  EXPECT_EQ(limited.msg.result(), http::status::too_many_requests);
  EXPECT_EQ(limited.msg[http::field::retry_after], "7");
  EXPECT_EQ(error_response(Error{ErrorCode::rate_limited, "slow down", "soon"}).msg[http::field::retry_after], "1");
  EXPECT_EQ(error_response(Error::unavailable("db down")).msg[http::field::retry_after], "1");
}

TEST(Errors, ProviderRefusingNewWorkIsA503WithItsRetryAfter) {
  Error open = Error::unavailable("provider seedance is unavailable (circuit open), retry after 27 s");
  open.detail = "provider_unavailable";
  open.retry_after = std::chrono::seconds(27);
  const Response res = error_response(open);
  EXPECT_EQ(res.msg.result(), http::status::service_unavailable);
  EXPECT_EQ(res.msg[http::field::retry_after], "27");
  const auto body = nlohmann::json::parse(res.msg.body());
  EXPECT_EQ(body["error"]["code"], "provider_unavailable");
  EXPECT_EQ(body["error"]["message"], open.message);
}

TEST(Errors, InternalMessagesAreHidden) {
  const auto body = nlohmann::json::parse(error_response(Error::internal("sqlite3_step: disk I/O at 0x7f")).msg.body());
  EXPECT_EQ(body["error"]["code"], "internal");
  EXPECT_EQ(body["error"]["message"], "internal error");
}

TEST(Errors, EnvelopeIsValidJsonWhateverTheMessage) {
  const std::string body = error_body({ApiErrorCode::invalid_request, "quote \" backslash \\ nl \n bad \xff", "f\""});
  const auto parsed = nlohmann::json::parse(body, nullptr, false);
  ASSERT_FALSE(parsed.is_discarded()) << body;
  EXPECT_EQ(parsed["error"]["field"], "f\"");
}

}  // namespace
}  // namespace syncreel::api
