// FakeArkProcess: tests/fakes/ark/fake_ark.py as a child process on an ephemeral loopback
// port, with its control endpoints (faults, stats). One per test; not thread-safe.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace syncreel::testing {

// A distinctive key, so a test can search every error text for it.
inline constexpr const char* kFakeArkKey = "sk-syncreel-test-5f0c2a9e7b1d4c3a";

class FakeArkProcess {
 public:
  explicit FakeArkProcess(std::vector<std::string> extra_args = {}, std::string api_key = kFakeArkKey);
  ~FakeArkProcess();  // SIGTERM, then SIGKILL if it does not stop
  FakeArkProcess(const FakeArkProcess&) = delete;
  FakeArkProcess& operator=(const FakeArkProcess&) = delete;

  // Spawns `python3 fake_ark.py --port 0 ...` and reads the port it prints. False when it
  // exited or printed nothing in time (see log()).
  bool start();

  std::string base_url() const;  // http://127.0.0.1:PORT/api/v3, as SeedanceConfig wants
  std::string root() const;      // http://127.0.0.1:PORT
  const std::string& api_key() const { return api_key_; }

  nlohmann::json stats() const;                         // GET /_fake/stats; null on failure
  bool set_faults(const nlohmann::json& faults) const;  // POST /_fake/faults
  std::string log() const;                              // its stderr so far

 private:
  std::vector<std::string> extra_args_;
  std::string api_key_;
  std::filesystem::path log_file_;
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::uint16_t port_ = 0;
};

// A plain HTTP exchange for tests (status, body); status 0 when nothing came back.
std::pair<long, std::string> http_exchange(const std::string& method, const std::string& url,
                                           const std::string& body = {}, const std::vector<std::string>& headers = {});

}  // namespace syncreel::testing
