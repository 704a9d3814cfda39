// HLS checks for the media tests: playlist parsing, fMP4 concatenation and keyframe
// listing with the ffprobe CLI, and a shell runner that keeps stderr. Header-only, like
// probe.hpp, which it builds on.
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "probe.hpp"

namespace syncreel::probe {

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// KEY=VALUE,KEY="quoted, value" attribute lists of HLS tags.
inline std::map<std::string, std::string> attributes(const std::string& list) {
  std::map<std::string, std::string> out;
  std::size_t pos = 0;
  while (pos < list.size()) {
    const std::size_t eq = list.find('=', pos);
    if (eq == std::string::npos) break;
    std::string value;
    std::size_t end = eq + 1;
    if (end < list.size() && list[end] == '"') {
      const std::size_t close = list.find('"', end + 1);
      value = list.substr(end + 1, close - end - 1);
      end = close + 1;
    } else {
      end = std::min(list.find(',', end), list.size());
      value = list.substr(eq + 1, end - eq - 1);
    }
    out[list.substr(pos, eq - pos)] = value;
    pos = end + 1;
  }
  return out;
}

struct Variant {
  std::map<std::string, std::string> attrs;
  std::string uri;
};

inline std::vector<Variant> parse_master(const std::filesystem::path& master) {
  std::vector<Variant> out;
  const auto lines = lines_of(read_text(master));
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    constexpr std::string_view kTag = "#EXT-X-STREAM-INF:";
    if (lines[i].starts_with(kTag)) out.push_back({attributes(lines[i].substr(kTag.size())), lines[i + 1]});
  }
  return out;
}

struct MediaPlaylist {
  std::vector<std::string> lines;
  std::vector<double> durations;
  std::vector<std::string> segments;
};

inline MediaPlaylist parse_media(const std::filesystem::path& playlist) {
  MediaPlaylist out;
  out.lines = lines_of(read_text(playlist));
  for (std::size_t i = 0; i + 1 < out.lines.size(); ++i) {
    if (!out.lines[i].starts_with("#EXTINF:")) continue;
    out.durations.push_back(std::strtod(out.lines[i].c_str() + 8, nullptr));
    out.segments.push_back(out.lines[i + 1]);
  }
  return out;
}

inline bool has_line(const MediaPlaylist& p, const std::string& line) {
  return std::find(p.lines.begin(), p.lines.end(), line) != p.lines.end();
}

// init.mp4 followed by every segment: the byte stream a player appends to its buffer.
inline std::filesystem::path concatenate(const std::filesystem::path& playlist, const std::filesystem::path& out) {
  const auto dir = playlist.parent_path();
  std::ofstream file(out, std::ios::binary);
  file << read_text(dir / "init.mp4");
  for (const auto& seg : parse_media(playlist).segments) file << read_text(dir / seg);
  return out;
}

inline std::vector<std::string> keyframe_times(const std::filesystem::path& file) {
  const auto csv = probe::run_capture({"ffprobe", "-v", "error", "-select_streams", "v", "-show_entries",
                                       "frame=pts_time,key_frame", "-of", "csv=p=0", file.string()});
  std::vector<std::string> out;
  if (!csv) return out;
  for (const auto& line : lines_of(*csv)) {
    if (line.starts_with("1,")) out.push_back(line.substr(2));
  }
  return out;
}

// Seconds from the first packet's start to the last packet's end in one stream ("v" or
// "a"): the presented length, whatever a fragmented file's header estimates.
inline double packet_span(const std::filesystem::path& file, const std::string& stream) {
  const auto csv = run_capture({"ffprobe", "-v", "error", "-select_streams", stream, "-show_entries",
                                "packet=pts_time,duration_time", "-of", "csv=p=0", file.string()});
  if (!csv) return -1.0;
  double first = 1e300;
  double last = -1e300;
  for (const auto& line : lines_of(*csv)) {
    const auto comma = line.find(',');
    if (comma == std::string::npos) continue;
    const double pts = std::strtod(line.c_str(), nullptr);
    first = std::min(first, pts);
    last = std::max(last, pts + std::strtod(line.c_str() + comma + 1, nullptr));
  }
  return last - first;
}

// Runs a shell command with stderr folded into the returned text; nullopt on failure.
inline std::optional<std::string> shell(const std::string& command) {
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return std::nullopt;
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
  if (::pclose(pipe) != 0) return std::nullopt;
  return out;
}

}  // namespace syncreel::probe
