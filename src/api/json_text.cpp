#include "api/json_text.hpp"

#include <fmt/format.h>

#include <cmath>
#include <iterator>

#include "core/utf8.hpp"

namespace syncreel::api {
namespace {

constexpr std::string_view kHex = "0123456789abcdef";
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

void append_escaped(std::string& out, char c) {
  switch (c) {
    case '"': out += "\\\""; return;
    case '\\': out += "\\\\"; return;
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    case '\b': out += "\\b"; return;
    case '\f': out += "\\f"; return;
    default: break;
  }
  const auto u = static_cast<unsigned char>(c);
  if (u < 0x20 || u == 0x7f) {
    out += "\\u00";
    out.push_back(kHex[u >> 4]);
    out.push_back(kHex[u & 15]);
    return;
  }
  out.push_back(c);
}

// Length of the well-formed UTF-8 sequence starting at s[i], or 0 when it is not one.
std::size_t sequence_length(std::string_view s, std::size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  const std::size_t n = lead < 0xC0 ? 0 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : lead < 0xF8 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  return utf8_length(s.substr(i, n)) ? n : 0;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  const bool valid = utf8_length(s).has_value();
  std::size_t run = 0;  // start of the bytes that are copied as they are
  for (std::size_t i = 0; i < s.size();) {
    const auto u = static_cast<unsigned char>(s[i]);
    const bool plain = u >= 0x80 ? valid : (u >= 0x20 && u != '"' && u != '\\' && u != 0x7f);
    if (plain) {
      ++i;
      continue;
    }
    out.append(s.substr(run, i - run));
    if (u < 0x80) {
      append_escaped(out, s[i]);
      ++i;
    } else if (const std::size_t n = sequence_length(s, i); n > 0) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += kReplacement;
      ++i;
    }
    run = i;
  }
  out.append(s.substr(run));
  out.push_back('"');
}

void append_json_int(std::string& out, std::int64_t v) { fmt::format_to(std::back_inserter(out), "{}", v); }

void append_json_double(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  fmt::format_to(std::back_inserter(out), "{}", v);
}

}  // namespace syncreel::api
