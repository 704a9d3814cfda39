// JsonLog: structured logs, one JSON object per line, for machines to read.
//
// Prompts and secrets never go in here: callers log a prompt's hash, never its text.
// Thread-safe; each line is written whole.
#pragma once

#include <cstdio>
#include <mutex>
#include <string_view>

#include <nlohmann/json.hpp>

namespace syncreel::obs {

class JsonLog {
 public:
  // Writes to `out` (not owned; stderr by default). A null `out` discards lines.
  explicit JsonLog(std::FILE* out = stderr) : out_(out) {}

  // Adds "ts" (RFC 3339, UTC, milliseconds) and "event", then writes `fields` as one line.
  void write(std::string_view event, nlohmann::json fields);

 private:
  std::mutex mu_;
  std::FILE* out_;  // guarded by mu_
};

}  // namespace syncreel::obs
