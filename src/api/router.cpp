#include "api/router.hpp"

#include <algorithm>
#include <cstdlib>

#include "api/errors.hpp"

namespace syncreel::api {
namespace {

bool icontains(std::string_view haystack, std::string_view needle) {
  const auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                              [](char a, char b) { return (a | 0x20) == (b | 0x20); });
  return it != haystack.end();
}

// "." or "..", also spelled with percent-encoded dots ("%2e%2E"): the segments that
// climb a path (RFC 3986 section 5.2.4).
bool is_dot_segment(std::string_view segment) {
  int dots = 0;
  while (!segment.empty()) {
    if (segment.front() == '.') {
      segment.remove_prefix(1);
    } else if (segment.size() >= 3 && segment[0] == '%' && segment[1] == '2' && (segment[2] | 0x20) == 'e') {
      segment.remove_prefix(3);
    } else {
      return false;
    }
    if (++dots > 2) return false;
  }
  return dots > 0;
}

// Origin-form only ("/path?query"), no NUL (raw or encoded), no backslash, and no dot
// segment. Other oddities (an encoded slash, ".." inside a segment) are not a traversal
// here: path segments are never decoded, and what they name is validated by the
// handler (job ids, blob keys), so they end as 404s.
bool valid_target(std::string_view target, std::string_view path) {
  if (target.empty() || target.front() != '/' || target.find('\0') != std::string_view::npos) return false;
  if (target.find('#') != std::string_view::npos || icontains(target, "%00")) return false;
  if (path.find('\\') != std::string_view::npos) return false;
  std::string_view rest = path.substr(1);
  while (true) {
    const std::size_t slash = rest.find('/');
    if (is_dot_segment(rest.substr(0, slash))) return false;
    if (slash == std::string_view::npos) return true;
    rest.remove_prefix(slash + 1);
  }
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace

Router::Router(std::vector<Route> routes, Authenticator& auth) : auth_(auth) {
  for (Route& r : routes) {
    routes_.push_back(compile(std::move(r)));
    labels_.push_back(routes_.back().route.pattern);
  }
  labels_.emplace_back(kUnmatchedLabel);
}

Router::Compiled Router::compile(Route route) {
  Compiled c{std::move(route), {}, 0, false};
  std::string_view p = c.route.pattern;
  // A malformed pattern is a programming error in the route table.
  if (p.empty() || p.front() != '/') std::abort();
  p.remove_prefix(1);
  while (true) {
    const std::size_t slash = p.find('/');
    c.segments.emplace_back(p.substr(0, slash));
    if (slash == std::string_view::npos) break;
    p.remove_prefix(slash + 1);
  }
  c.placeholder = c.segments.size();
  for (std::size_t i = 0; i < c.segments.size(); ++i) {
    const std::string& s = c.segments[i];
    if (s.size() < 2 || s.front() != '{' || s.back() != '}') continue;
    c.placeholder = i;
    c.rest = s.ends_with("...}");
    if (c.rest && i + 1 != c.segments.size()) std::abort();
    break;
  }
  return c;
}

bool Router::match(const Compiled& c, std::string_view path, std::string_view& param) {
  path.remove_prefix(1);  // valid_target guarantees the leading '/'
  for (std::size_t i = 0; i < c.segments.size(); ++i) {
    if (i == c.placeholder && c.rest) {
      if (path.empty()) return false;
      param = path;
      return true;
    }
    const std::size_t slash = path.find('/');
    const std::string_view segment = path.substr(0, slash);
    const bool last = i + 1 == c.segments.size();
    if ((slash == std::string_view::npos) != last) return false;
    if (i == c.placeholder) {
      if (segment.empty()) return false;
      param = segment;
    } else if (segment != c.segments[i]) {
      return false;
    }
    if (!last) path.remove_prefix(slash + 1);
  }
  return true;
}

Router::Outcome Router::dispatch(const Request& req) const {
  const std::size_t unmatched = routes_.size();
  const std::string_view target = req.target();
  const std::size_t q = target.find('?');
  const std::string_view path = target.substr(0, q);
  const std::string_view query = q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
  if (!valid_target(target, path)) {
    return {error_response(ApiErrorCode::invalid_request, "the request target must be an absolute path"), unmatched};
  }

  const http::verb method = req.method() == http::verb::head ? http::verb::get : req.method();
  std::string allow;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const Compiled& c = routes_[i];
    std::string_view param;
    if (!match(c, path, param)) continue;
    if (c.route.method != method) {
      if (!allow.empty()) allow += ", ";
      allow += http::to_string(c.route.method);
      if (c.route.method == http::verb::get) allow += ", HEAD";
      continue;
    }
    RequestContext ctx{req, path, query, param, nullptr};
    Principal principal;
    if (c.route.min_role) {
      auto who = auth_.authenticate(req[http::field::authorization]);
      if (!who) return {error_response(who.error()), i};
      if (!role_at_least(who->role, *c.route.min_role)) {
        return {error_response(ApiErrorCode::forbidden, "this API key's role may not do that"), i};
      }
      principal = std::move(*who);
      ctx.principal = &principal;
    }
    return {c.route.handler(ctx), i};
  }
  if (!allow.empty()) {
    Outcome out{error_response(ApiErrorCode::method_not_allowed, "method not allowed on this path"), unmatched};
    out.response.msg.set(http::field::allow, allow);
    return out;
  }
  return {error_response(ApiErrorCode::not_found, "no such route"), unmatched};
}

std::optional<std::string> query_param(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const std::size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      return eq == std::string_view::npos ? std::string{} : percent_decode(pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

}  // namespace syncreel::api
