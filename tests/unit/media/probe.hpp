// Independent checks of produced media: the ffprobe / ffmpeg CLIs and a tiny MP4 box
// walker. Shared by the media and providers tests; header-only so each test target
// compiles its own copy.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

extern char** environ;

namespace syncreel::probe {

// Runs argv (argv[0] looked up in PATH) without a shell, returns what it wrote to
// `captured_fd` (stdout by default; ffmpeg prints its meters on stderr), or nullopt when
// it could not start or exited non-zero. The other stream is discarded.
inline std::optional<std::string> run_capture(const std::vector<std::string>& argv,
                                              int captured_fd = STDOUT_FILENO) {
  const int discarded_fd = captured_fd == STDOUT_FILENO ? STDERR_FILENO : STDOUT_FILENO;
  int fds[2];
  if (pipe(fds) != 0) return std::nullopt;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], captured_fd);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addopen(&actions, discarded_fd, "/dev/null", O_WRONLY, 0);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  std::string out;
  if (spawned == 0) {
    char buf[65536];
    for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  if (spawned != 0) return std::nullopt;
  int status = 0;
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  return out;
}

// ffprobe's view of a file: {"streams": [...], "format": {...}}; null on failure.
inline nlohmann::json ffprobe(const std::filesystem::path& file) {
  const auto out =
      run_capture({"ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", file.string()});
  if (!out) return nullptr;
  return nlohmann::json::parse(*out, nullptr, /*allow_exceptions=*/false);
}

// The first stream of `type` ("video" / "audio") in an ffprobe answer, or null.
inline nlohmann::json stream_of(const nlohmann::json& probe, const std::string& type) {
  if (!probe.is_object() || !probe.contains("streams")) return nullptr;
  for (const auto& s : probe["streams"]) {
    if (s.value("codec_type", "") == type) return s;
  }
  return nullptr;
}

inline double json_number(const nlohmann::json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) return -1.0;
  const auto& v = j[key];
  return v.is_string() ? std::strtod(v.get<std::string>().c_str(), nullptr) : v.get<double>();
}

// Decodes the picture at `seconds` to packed RGB24 bytes with the ffmpeg CLI.
inline std::optional<std::string> decode_rgb(const std::filesystem::path& file, double seconds = 0.0) {
  return run_capture({"ffmpeg", "-v", "error", "-ss", std::to_string(seconds), "-i", file.string(), "-frames:v", "1",
                      "-f", "rawvideo", "-pix_fmt", "rgb24", "-"});
}

// Names of the top-level ISO-BMFF boxes, in file order ("ftyp", "moov", "mdat", ...).
inline std::vector<std::string> top_level_boxes(const std::filesystem::path& file) {
  std::vector<std::string> names;
  std::ifstream in(file, std::ios::binary);
  const auto file_size = static_cast<std::uint64_t>(std::filesystem::file_size(file));
  std::uint64_t pos = 0;
  while (pos + 8 <= file_size) {
    unsigned char head[16];
    in.seekg(static_cast<std::streamoff>(pos));
    if (!in.read(reinterpret_cast<char*>(head), 8)) break;
    std::uint64_t size = (std::uint64_t{head[0]} << 24) | (std::uint64_t{head[1]} << 16) |
                         (std::uint64_t{head[2]} << 8) | std::uint64_t{head[3]};
    names.emplace_back(reinterpret_cast<const char*>(head + 4), 4);
    if (size == 1) {  // 64-bit "largesize" follows the type
      if (!in.read(reinterpret_cast<char*>(head + 8), 8)) break;
      size = 0;
      for (int i = 8; i < 16; ++i) size = (size << 8) | head[i];
    } else if (size == 0) {  // box runs to the end of the file
      size = file_size - pos;
    }
    if (size < 8) break;  // corrupt: stop rather than loop
    pos += size;
  }
  return names;
}

// A fresh folder under TMPDIR, removed with everything in it when destroyed.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "syncreel-test-XXXXXX").string();
    if (mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace syncreel::probe
