#include <utility>

#include "api/errors.hpp"
#include "api/routes.hpp"

namespace syncreel::api {

Route media_route(const MediaHandler& media) {
  return {http::verb::get, "/media/{key...}", std::nullopt,
          [&media](const RequestContext& ctx) { return media(ctx); }};
}

std::vector<Route> ops_routes(obs::MetricsRegistry& metrics, std::function<Result<void>()> ready) {
  return {
      {http::verb::get, "/healthz", std::nullopt,
       [](const RequestContext&) { return json_response(http::status::ok, R"({"status":"ok"})"); }},
      {http::verb::get, "/readyz", std::nullopt,
       [ready = std::move(ready)](const RequestContext&) {
         if (ready) {
           if (auto ok = ready(); !ok) {
             return error_response(ApiErrorCode::unavailable, "not ready: " + ok.error().message);
           }
         }
         return json_response(http::status::ok, R"({"status":"ready"})");
       }},
      {http::verb::get, "/metrics", std::nullopt,
       [&metrics](const RequestContext&) {
         Response res;
         res.msg.result(http::status::ok);
         res.msg.set(http::field::content_type, "text/plain; version=0.0.4");
         res.msg.body() = metrics.expose();
         return res;
       }},
  };
}

}  // namespace syncreel::api
