#include <algorithm>
#include <utility>

#include <nlohmann/json.hpp>

#include "api/errors.hpp"
#include "api/routes.hpp"

namespace syncreel::api {
namespace {

constexpr std::size_t kMaxTaskIdChars = 128;

// Task ids are opaque but plain ("cgt-20260514101521-nk5ct"); anything else is not one.
bool plausible_task_id(std::string_view id) {
  return !id.empty() && id.size() <= kMaxTaskIdChars && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
         });
}

}  // namespace

Route provider_callback_route(std::function<bool(std::string_view, std::string_view)> on_callback) {
  return {http::verb::post, "/v1/provider-callbacks/{provider}", std::nullopt,
          [on_callback = std::move(on_callback)](const RequestContext& ctx) {
            const std::string& body = ctx.req.body();
            if (body.size() > kMaxCallbackBytes) {
              return error_response(ApiErrorCode::body_too_large, "a callback body is at most 16 KiB");
            }
            const auto doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
            if (!doc.is_object()) return error_response(ApiErrorCode::invalid_json, "the body is not a JSON object");
            const auto id = doc.find("id");
            if (id == doc.end() || !id->is_string() || !plausible_task_id(id->get_ref<const std::string&>())) {
              return error_response(ApiErrorCode::invalid_request, "id must be a task id", "id");
            }
            // The body is never trusted beyond the id: the job re-reads the task from the
            // provider, so a forged callback costs one early poll and nothing more.
            if (!on_callback(ctx.param, id->get_ref<const std::string&>())) {
              return error_response(ApiErrorCode::not_found, "no provider takes callbacks here");
            }
            return json_response(http::status::ok, "{}");
          }};
}

}  // namespace syncreel::api
