#include "api/media_handler.hpp"

#include <charconv>
#include <span>
#include <chrono>

#include <fmt/format.h>

#include "api/errors.hpp"
#include "api/hls_playlist.hpp"
#include "api/time_format.hpp"

namespace syncreel::api {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<std::uint64_t> parse_u64(std::string_view s) {
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string_view opaque_tag(std::string_view tag) {
  tag = trim(tag);
  if (tag.starts_with("W/")) tag.remove_prefix(2);
  return tag;
}

Response blob_error(const Error& e) {
  if (e.code == ErrorCode::not_found || e.code == ErrorCode::invalid_argument) {
    return error_response(ApiErrorCode::not_found, "no such media");
  }
  return error_response(e);
}

// A strong validator for a playlist as rewritten for expiry `exp`.
std::string playlist_etag(std::string_view stored, std::int64_t exp) {
  if (stored.size() >= 2 && stored.front() == '"' && stored.back() == '"') stored = stored.substr(1, stored.size() - 2);
  return fmt::format("\"{}-{}\"", stored, exp);
}

// The whole (small) object; a short read means it changed or broke underneath.
Result<std::string> read_all(BlobStore& blobs, std::string_view key, std::uint64_t size) {
  auto reader = blobs.open(key);
  if (!reader) return fail(reader.error());
  std::string text(static_cast<std::size_t>(size), '\0');
  std::size_t filled = 0;
  while (filled < text.size()) {
    auto n = (*reader)->read(std::span<char>(text.data() + filled, text.size() - filled));
    if (!n) return fail(n.error());
    if (*n == 0) return fail(Error::storage("media object shorter than its size"));
    filled += *n;
  }
  return text;
}

}  // namespace

RangeSpec parse_range(std::string_view header, std::uint64_t size) {
  constexpr std::string_view kUnit = "bytes=";
  header = trim(header);
  if (header.size() < kUnit.size()) return {};
  for (std::size_t i = 0; i < kUnit.size(); ++i) {
    if ((header[i] | 0x20) != kUnit[i]) return {};
  }
  const std::string_view spec = trim(header.substr(kUnit.size()));
  if (spec.find(',') != std::string_view::npos) return {};
  const std::size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return {};
  const std::string_view first_text = trim(spec.substr(0, dash));
  const std::string_view last_text = trim(spec.substr(dash + 1));
  const RangeSpec unsatisfiable{RangeKind::unsatisfiable, {}};

  if (first_text.empty()) {  // suffix range: the last n bytes
    const auto n = parse_u64(last_text);
    if (!n) return {};
    if (*n == 0 || size == 0) return unsatisfiable;
    return {RangeKind::partial, {size - std::min(*n, size), size - 1}};
  }
  const auto first = parse_u64(first_text);
  if (!first) return {};
  std::uint64_t last = size == 0 ? 0 : size - 1;
  if (!last_text.empty()) {
    const auto l = parse_u64(last_text);
    if (!l || *l < *first) return {};
    last = std::min(*l, last);
  }
  if (*first >= size) return unsatisfiable;
  return {RangeKind::partial, {*first, last}};
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  if (trim(if_none_match) == "*") return true;
  const std::string_view wanted = opaque_tag(etag);
  while (!if_none_match.empty()) {
    const std::size_t comma = if_none_match.find(',');
    if (opaque_tag(if_none_match.substr(0, comma)) == wanted) return true;
    if (comma == std::string_view::npos) break;
    if_none_match.remove_prefix(comma + 1);
  }
  return false;
}

std::string_view media_content_type(std::string_view key) {
  const std::size_t dot = key.rfind('.');
  const std::string_view ext = dot == std::string_view::npos ? std::string_view{} : key.substr(dot + 1);
  if (ext == "mp4") return "video/mp4";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "m3u8") return "application/vnd.apple.mpegurl";
  if (ext == "m4s") return "video/iso.segment";
  if (ext == "vtt") return "text/vtt; charset=utf-8";
  return "application/octet-stream";
}

Response MediaHandler::operator()(const RequestContext& ctx) const {
  const std::string_view key = ctx.param;
  if (!validate_blob_key(key)) return error_response(ApiErrorCode::not_found, "no such media");
  const TimePoint now = clock_.now();
  const auto exp = signer_.verify(key, query_param(ctx.query, "exp").value_or(""),
                                  query_param(ctx.query, "sig").value_or(""), now);
  if (!exp) return error_response(exp.error());
  const auto info = blobs_.stat(key);
  if (!info) return blob_error(info.error());

  Response res;
  auto& msg = res.msg;
  const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  msg.set(http::field::content_type, media_content_type(key));
  msg.set(http::field::accept_ranges, "bytes");
  msg.set(http::field::etag, info->etag);
  msg.set(http::field::last_modified, http_date(info->modified));
  // Caches must not keep the bytes past the URL's own expiry.
  msg.set(http::field::cache_control, fmt::format("private, max-age={}", *exp - now_s));

  const auto if_none_match = ctx.req.find(http::field::if_none_match);
  if (key.ends_with(".m3u8") && info->size <= kMaxPlaylistBytes) {
    // The rewritten text depends on the expiry, so the validator does too; no ranges
    // over a body that is generated.
    const std::string etag = playlist_etag(info->etag, *exp);
    msg.set(http::field::etag, etag);
    msg.set(http::field::accept_ranges, "none");
    if (if_none_match != ctx.req.end() && etag_matches(if_none_match->value(), etag)) {
      msg.result(http::status::not_modified);
      return res;
    }
    auto text = read_all(blobs_, key, info->size);
    if (!text) return blob_error(text.error());
    msg.result(http::status::ok);
    msg.body() = sign_playlist(*text, key, *exp, signer_);
    return res;
  }
  if (if_none_match != ctx.req.end() && etag_matches(if_none_match->value(), info->etag)) {
    msg.result(http::status::not_modified);
    return res;
  }

  RangeSpec range;
  const auto range_header = ctx.req.find(http::field::range);
  const auto if_range = ctx.req.find(http::field::if_range);
  // If-Range with another validator: the client's partial copy is stale; send it all.
  const bool range_allowed = if_range == ctx.req.end() || opaque_tag(if_range->value()) == opaque_tag(info->etag);
  if (range_header != ctx.req.end() && range_allowed) range = parse_range(range_header->value(), info->size);

  if (range.kind == RangeKind::unsatisfiable) {
    Response err = error_response(ApiErrorCode::range_not_satisfiable, "the requested range is not satisfiable");
    err.msg.set(http::field::content_range, fmt::format("bytes */{}", info->size));
    err.msg.set(http::field::accept_ranges, "bytes");
    return err;
  }
  std::uint64_t offset = 0;
  std::uint64_t length = info->size;
  if (range.kind == RangeKind::partial) {
    msg.result(http::status::partial_content);
    msg.set(http::field::content_range,
            fmt::format("bytes {}-{}/{}", range.range.first, range.range.last, info->size));
    offset = range.range.first;
    length = range.range.length();
  } else {
    msg.result(http::status::ok);
  }
  msg.content_length(length);
  if (ctx.req.method() == http::verb::head || length == 0) return res;

  auto reader = blobs_.open(key, offset, length);
  if (!reader) return blob_error(reader.error());
  res.blob = BlobBody{std::move(*reader), length};
  return res;
}

}  // namespace syncreel::api
