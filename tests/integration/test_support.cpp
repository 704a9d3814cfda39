#include "test_support.hpp"

#include <thread>

namespace syncreel::testing {

std::string create_key(const std::filesystem::path& data_dir, const std::string& role) {
  const auto r = run_command({syncreel_binary(), "keys", "create", "--role", role, "--data", data_dir.string()});
  std::string key = r.out;
  while (!key.empty() && key.back() == '\n') key.pop_back();
  return r.exit_code == 0 ? key : std::string{};
}

Headers bearer(const std::string& key) { return {{"Authorization", "Bearer " + key}}; }

nlohmann::json small_job_body(const std::string& prompt) {
  return {{"prompt", prompt},         {"style", "cartoon"}, {"duration_sec", 5},
          {"resolution", "360p"},     {"seed", 7},          {"consent", true}};
}

bool is_terminal_status(const std::string& status) {
  return status == "published" || status == "blocked" || status == "failed" || status == "cancelled";
}

nlohmann::json wait_until_terminal(std::uint16_t port, const std::string& key, const std::string& id,
                                   std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  nlohmann::json job;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto res = http_request(port, "GET", "/v1/jobs/" + id, "", bearer(key));
    if (res.status == 200) {
      job = nlohmann::json::parse(res.body, nullptr, false);
      if (job.is_object() && is_terminal_status(job.value("status", ""))) return job;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return job;
}

nlohmann::json ffprobe(const std::filesystem::path& file) {
  const auto r = run_command({"ffprobe", "-v", "error", "-print_format", "json", "-show_streams", "-show_format",
                              file.string()});
  if (r.exit_code != 0) return nullptr;
  return nlohmann::json::parse(r.out, nullptr, false);
}

}  // namespace syncreel::testing
