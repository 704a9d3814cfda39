#include "obs/json_log.hpp"

#include <chrono>
#include <ctime>

#include <fmt/format.h>

namespace syncreel::obs {
namespace {

std::string rfc3339_now() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms % 1000);
}

}  // namespace

void JsonLog::write(std::string_view event, nlohmann::json fields) {
  if (!fields.is_object()) fields = nlohmann::json::object();
  fields["ts"] = rfc3339_now();
  fields["event"] = event;
  // `replace` keeps a line valid JSON even if a caller passed bytes that are not UTF-8.
  std::string line = fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  line += '\n';
  std::lock_guard lock(mu_);
  if (out_ == nullptr) return;
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fflush(out_);
}

}  // namespace syncreel::obs
