// ServiceProcess: the real `syncreel serve` binary, started on an ephemeral loopback
// port over a data folder, for integration tests. Its stderr (JSON log lines) goes to
// <data>/serve-N.log so a test can read what it logged.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace syncreel::testing {

// Path of the syncreel binary under test (set by CMake).
std::string syncreel_binary();

// A fresh temporary folder, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Runs a command to completion; returns its exit status and stdout.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
CommandResult run_command(const std::vector<std::string>& argv);

class ServiceProcess {
 public:
  explicit ServiceProcess(std::filesystem::path data_dir, std::vector<std::string> extra_args = {});
  ~ServiceProcess();  // SIGTERM, then SIGKILL if it does not stop

  // Starts the binary and waits until it listens. False when it exited or timed out.
  bool start();
  void kill_hard();  // SIGKILL, as a crash would
  // SIGTERM and wait; returns the exit status.
  int stop();

  std::uint16_t port() const { return port_; }
  const std::filesystem::path& log_file() const { return log_file_; }
  std::string log_text() const;
  // The admin key the service wrote on first start.
  std::string admin_key() const;

 private:
  std::filesystem::path data_dir_;
  std::vector<std::string> extra_args_;
  std::filesystem::path log_file_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  int starts_ = 0;
};

}  // namespace syncreel::testing
