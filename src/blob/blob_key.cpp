// The one implementation of the blob key rules stated in blob/blob_store.hpp. Every
// BlobStore validates with it before touching storage, so a key that passes here can
// be joined under a root without being able to name anything outside it.
#include <cstddef>
#include <string>
#include <string_view>

#include "blob/blob_store.hpp"

namespace syncreel {
namespace {

constexpr std::size_t kMaxKeyBytes = 512;
constexpr std::size_t kMaxSegmentBytes = 128;

bool is_key_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

// The key is untrusted and may hold control bytes, so messages name a byte offset
// instead of echoing it.
Error key_error(std::string msg) { return Error::invalid("invalid blob key: " + std::move(msg), "key"); }

Result<void> validate_segment(std::string_view segment, std::size_t offset) {
  if (segment.empty()) {
    return fail(key_error("empty segment at byte " + std::to_string(offset) +
                          " (leading, trailing or doubled '/')"));
  }
  if (segment.size() > kMaxSegmentBytes) {
    return fail(key_error("segment at byte " + std::to_string(offset) + " is longer than " +
                          std::to_string(kMaxSegmentBytes) + " bytes"));
  }
  if (segment == "." || segment == "..") {
    return fail(key_error("'" + std::string(segment) + "' segment at byte " + std::to_string(offset) +
                          " is not allowed"));
  }
  return {};
}

}  // namespace

Result<void> validate_blob_key(std::string_view key) {
  if (key.empty()) return fail(key_error("empty"));
  if (key.size() > kMaxKeyBytes) {
    return fail(key_error("longer than " + std::to_string(kMaxKeyBytes) + " bytes"));
  }
  // Character checks first: they give the most specific message for NUL, backslash and
  // non-ASCII input, which would otherwise surface as confusing segment errors.
  for (std::size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    if (c == '/' || is_key_char(c)) continue;
    if (c == '\0') return fail(key_error("NUL byte at byte " + std::to_string(i)));
    if (c == '\\') return fail(key_error("backslash at byte " + std::to_string(i) + " (use '/')"));
    return fail(key_error("character outside [A-Za-z0-9._-] at byte " + std::to_string(i)));
  }
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = key.find('/', start);
    const std::size_t end = slash == std::string_view::npos ? key.size() : slash;
    if (auto ok = validate_segment(key.substr(start, end - start), start); !ok) return ok;
    if (slash == std::string_view::npos) return {};
    start = slash + 1;
  }
}

}  // namespace syncreel
