#include "media/webvtt.hpp"

#include <cmath>
#include <cstdint>
#include <string_view>

#include <fmt/format.h>

#include "media/atomic_file.hpp"

namespace syncreel::media {
namespace {

// Integer milliseconds before formatting, so 59.9996 s becomes 00:01:00.000 rather
// than an impossible 00:00:60.000.
std::string timestamp(double seconds) {
  const auto ms = static_cast<std::int64_t>(std::llround(seconds * 1000.0));
  return fmt::format("{:02}:{:02}:{:02}.{:03}", ms / 3'600'000, ms / 60'000 % 60, ms / 1000 % 60, ms % 1000);
}

// Escapes markup and normalises line breaks. An empty line would end the cue block
// early, and a line holding "-->" would start a forged cue: empty lines are dropped,
// and escaping '>' already turns every "-->" into "--&gt;".
void append_text(std::string& out, std::string_view text) {
  bool line_empty = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (!line_empty) out.push_back('\n');
      line_empty = true;
      continue;
    }
    line_empty = false;
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
}

}  // namespace

Result<std::string> render_webvtt(const std::vector<Cue>& cues) {
  std::string out = "WEBVTT\n";
  for (std::size_t i = 0; i < cues.size(); ++i) {
    const Cue& cue = cues[i];
    if (!std::isfinite(cue.start) || !std::isfinite(cue.end) || cue.start < 0.0 || cue.end < cue.start) {
      return fail(Error::invalid(fmt::format("cue {} has invalid timing", i + 1), "cues"));
    }
    out += '\n';
    out += timestamp(cue.start);
    out += " --> ";
    out += timestamp(cue.end);
    out += '\n';
    std::string payload;
    append_text(payload, cue.text);
    if (!payload.empty()) {
      out += payload;
      out += '\n';
    }
  }
  return out;
}

Result<void> write_webvtt(const std::filesystem::path& path, const std::vector<Cue>& cues) {
  auto text = render_webvtt(cues);
  if (!text) return fail(text.error());
  return write_file_atomically(path, *text);
}

}  // namespace syncreel::media
