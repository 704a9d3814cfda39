// Router: the route table and dispatch. A route is (method, path pattern, required role,
// handler); dispatch validates the target, finds the route, authenticates when the route
// requires a role, and calls the handler. Unknown path -> 404, known path with another
// method -> 405 with Allow, a target that is not origin-form, holds a NUL or a dot
// segment ("/../", also percent-encoded) -> 400.
// HEAD is served by the GET route (the session drops the body).
//
// Thread-safe: the table is immutable after construction; dispatch may run on any
// number of threads at once (handlers must be thread-safe too).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/auth.hpp"
#include "api/http_types.hpp"

namespace syncreel::api {

struct RequestContext {
  const Request& req;
  std::string_view path;             // the target without its query
  std::string_view query;            // after '?', without it; raw (percent-encoded)
  std::string_view param;            // what the pattern's placeholder matched, if any
  const Principal* principal = nullptr;  // set on routes that require a role
};

using Handler = std::function<Response(const RequestContext&)>;

struct Route {
  http::verb method = http::verb::get;
  // Literal segments plus at most one placeholder: "{name}" matches one non-empty
  // segment, "{name...}" (last segment only) the non-empty rest of the path.
  std::string pattern;
  std::optional<Role> min_role;  // nullopt: public, no Authorization needed
  Handler handler;
};

class Router {
 public:
  static constexpr std::string_view kUnmatchedLabel = "unmatched";

  // `auth` is not owned and must outlive the router.
  Router(std::vector<Route> routes, Authenticator& auth);

  struct Outcome {
    Response response;
    std::size_t route = 0;  // index into labels(); the last one is kUnmatchedLabel
  };

  // Never throws for bad input; exceptions from handlers propagate to the caller (the
  // session answers 500).
  Outcome dispatch(const Request& req) const;

  // One metrics label per route (its pattern), then kUnmatchedLabel.
  const std::vector<std::string>& labels() const { return labels_; }

 private:
  struct Compiled {
    Route route;
    std::vector<std::string> segments;  // without the leading '/'
    std::size_t placeholder = 0;        // segment index, or segments.size() when none
    bool rest = false;                  // the placeholder takes the rest of the path
  };
  static Compiled compile(Route route);
  static bool match(const Compiled& c, std::string_view path, std::string_view& param);

  std::vector<Compiled> routes_;
  std::vector<std::string> labels_;
  Authenticator& auth_;
};

// The decoded value of `name` in a query string ("a=1&b=x%20y"); nullopt when absent.
// Malformed percent escapes are kept literally.
std::optional<std::string> query_param(std::string_view query, std::string_view name);

}  // namespace syncreel::api
