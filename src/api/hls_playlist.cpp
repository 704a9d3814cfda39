#include "api/hls_playlist.hpp"

#include <vector>

#include <fmt/format.h>

#include "blob/blob_store.hpp"

namespace syncreel::api {
namespace {

std::string signed_uri(std::string_view uri, std::string_view playlist_key, std::int64_t exp,
                       const MediaSigner& signer) {
  const std::string key = resolve_playlist_uri(playlist_key, uri);
  if (key.empty()) return std::string(uri);
  return fmt::format("{}?exp={}&sig={}", uri, exp, signer.sign(key, exp));
}

// Rewrites every URI="..." attribute of a tag line.
std::string sign_attributes(std::string_view line, std::string_view playlist_key, std::int64_t exp,
                            const MediaSigner& signer) {
  constexpr std::string_view kAttr = "URI=\"";
  std::string out;
  std::size_t pos = 0;
  while (true) {
    const std::size_t at = line.find(kAttr, pos);
    const std::size_t start = at == std::string_view::npos ? at : at + kAttr.size();
    const std::size_t end = start == std::string_view::npos ? start : line.find('"', start);
    if (end == std::string_view::npos) break;
    out.append(line.substr(pos, start - pos));
    out += signed_uri(line.substr(start, end - start), playlist_key, exp, signer);
    pos = end;
  }
  out.append(line.substr(pos));
  return out;
}

}  // namespace

std::string resolve_playlist_uri(std::string_view playlist_key, std::string_view uri) {
  if (uri.empty() || uri.front() == '/' || uri.find_first_of("?#:\\") != std::string_view::npos) return {};
  std::vector<std::string_view> parts;
  const std::size_t slash = playlist_key.rfind('/');
  std::string_view dir = slash == std::string_view::npos ? std::string_view{} : playlist_key.substr(0, slash);
  const auto push_segments = [&parts](std::string_view path) {
    while (!path.empty()) {
      const std::size_t s = path.find('/');
      const std::string_view seg = path.substr(0, s);
      if (seg == "..") {
        if (parts.empty()) return false;  // would climb out of the store
        parts.pop_back();
      } else if (!seg.empty() && seg != ".") {
        parts.push_back(seg);
      }
      if (s == std::string_view::npos) break;
      path.remove_prefix(s + 1);
    }
    return true;
  };
  if (!push_segments(dir) || !push_segments(uri)) return {};
  std::string key;
  for (std::string_view p : parts) {
    if (!key.empty()) key.push_back('/');
    key.append(p);
  }
  return validate_blob_key(key) ? key : std::string{};
}

std::string sign_playlist(std::string_view text, std::string_view playlist_key, std::int64_t exp,
                          const MediaSigner& signer) {
  std::string out;
  out.reserve(text.size() + text.size() / 2);
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    const bool cr = line.ends_with('\r');
    if (cr) line.remove_suffix(1);
    if (line.starts_with("#")) {
      out += line.find("URI=\"") == std::string_view::npos ? std::string(line)
                                                            : sign_attributes(line, playlist_key, exp, signer);
    } else if (!line.empty()) {
      out += signed_uri(line, playlist_key, exp, signer);
    }
    if (cr) out.push_back('\r');
    if (nl == std::string_view::npos) break;
    out.push_back('\n');
    text.remove_prefix(nl + 1);
  }
  return out;
}

}  // namespace syncreel::api
