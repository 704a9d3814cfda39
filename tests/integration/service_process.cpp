#include "service_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace syncreel::testing {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<char*> to_argv(std::vector<std::string>& args) {
  std::vector<char*> out;
  for (auto& a : args) out.push_back(a.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

std::string syncreel_binary() { return SYNCREEL_BINARY; }

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "syncreel-it-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) std::abort();
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

CommandResult run_command(const std::vector<std::string>& argv_in) {
  TempDir tmp;
  const fs::path out_file = tmp.path() / "out";
  const fs::path err_file = tmp.path() / "err";
  std::vector<std::string> args = argv_in;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  auto argv = to_argv(args);
  CommandResult result;
  if (posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ) == 0) {
    int status = 0;
    waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  posix_spawn_file_actions_destroy(&actions);
  result.out = read_file(out_file);
  result.err = read_file(err_file);
  return result;
}

ServiceProcess::ServiceProcess(fs::path data_dir, std::vector<std::string> extra_args)
    : data_dir_(std::move(data_dir)), extra_args_(std::move(extra_args)) {}

ServiceProcess::~ServiceProcess() {
  if (pid_ > 0) stop();
}

bool ServiceProcess::start() {
  log_file_ = data_dir_ / ("serve-" + std::to_string(++starts_) + ".log");
  std::vector<std::string> args = {syncreel_binary(), "serve", "--listen", "127.0.0.1:0", "--data", data_dir_.string()};
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log_file_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, log_file_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  auto argv = to_argv(args);
  const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    pid_ = -1;
    return false;
  }
  // The service prints "listening on http://HOST:PORT" once it accepts connections.
  const std::string marker = "listening on http://127.0.0.1:";
  for (int i = 0; i < 600; ++i) {
    const std::string log = read_file(log_file_);
    if (const auto pos = log.find(marker); pos != std::string::npos) {
      port_ = static_cast<std::uint16_t>(std::atoi(log.c_str() + pos + marker.size()));
      return port_ != 0;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

void ServiceProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

int ServiceProcess::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  for (int i = 0; i < 400; ++i) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill_hard();
  return 128 + SIGKILL;
}

std::string ServiceProcess::log_text() const {
  std::string all;
  for (int i = 1; i <= starts_; ++i) all += read_file(data_dir_ / ("serve-" + std::to_string(i) + ".log"));
  return all;
}

std::string ServiceProcess::admin_key() const {
  std::string key = read_file(data_dir_ / "secrets" / "admin-key");
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
  return key;
}

}  // namespace syncreel::testing
