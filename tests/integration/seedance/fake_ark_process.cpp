#include "fake_ark_process.hpp"

#include <curl/curl.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

extern char** environ;

namespace syncreel::testing {
namespace {

namespace fs = std::filesystem;
constexpr std::string_view kMarker = "listening on http://127.0.0.1:";

size_t append_to_string(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

}  // namespace

FakeArkProcess::FakeArkProcess(std::vector<std::string> extra_args, std::string api_key)
    : extra_args_(std::move(extra_args)), api_key_(std::move(api_key)) {}

FakeArkProcess::~FakeArkProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    bool exited = false;
    for (int i = 0; i < 200 && !exited; ++i) {
      exited = waitpid(pid_, &status, WNOHANG) == pid_;
      if (!exited) std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    if (!exited) {
      ::kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
  }
  if (stdout_fd_ >= 0) close(stdout_fd_);
  std::error_code ec;
  if (!log_file_.empty()) fs::remove(log_file_, ec);
}

bool FakeArkProcess::start() {
  std::string tmpl = (fs::temp_directory_path() / "fake-ark-log-XXXXXX").string();
  const int log_fd = mkstemp(tmpl.data());
  if (log_fd < 0) return false;
  close(log_fd);
  log_file_ = tmpl;

  std::vector<std::string> args = {SYNCREEL_PYTHON3, FAKE_ARK_SCRIPT, "--port",      "0",
                                   "--api-key",      api_key_,        "--cache-dir", FAKE_ARK_CACHE_DIR};
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int fds[2];
  if (pipe(fds) != 0) return false;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_file_.c_str(), O_WRONLY | O_APPEND, 0);
  const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  stdout_fd_ = fds[0];
  if (rc != 0) {
    pid_ = -1;
    return false;
  }
  // Reads stdout until the marker line; a fake that dies closes the pipe (EOF).
  std::string out;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{stdout_fd_, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buf[256];
    const ssize_t n = read(stdout_fd_, buf, sizeof buf);
    if (n <= 0) return false;
    out.append(buf, static_cast<std::size_t>(n));
    if (const auto pos = out.find(kMarker); pos != std::string::npos && out.find('\n', pos) != std::string::npos) {
      port_ = static_cast<std::uint16_t>(std::atoi(out.c_str() + pos + kMarker.size()));
      return port_ != 0;
    }
  }
  return false;
}

std::string FakeArkProcess::root() const { return "http://127.0.0.1:" + std::to_string(port_); }
std::string FakeArkProcess::base_url() const { return root() + "/api/v3"; }

nlohmann::json FakeArkProcess::stats() const {
  const auto [status, body] = http_exchange("GET", root() + "/_fake/stats");
  if (status != 200) return nullptr;
  return nlohmann::json::parse(body, nullptr, false);
}

bool FakeArkProcess::set_faults(const nlohmann::json& faults) const {
  return http_exchange("POST", root() + "/_fake/faults", faults.dump()).first == 200;
}

std::string FakeArkProcess::log() const {
  std::ifstream in(log_file_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::pair<long, std::string> http_exchange(const std::string& method, const std::string& url, const std::string& body,
                                           const std::vector<std::string>& headers) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> h(curl_easy_init(), curl_easy_cleanup);
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> list(nullptr, curl_slist_free_all);
  for (const auto& line : headers) list.reset(curl_slist_append(list.release(), line.c_str()));
  std::string out;
  curl_easy_setopt(h.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(h.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h.get(), CURLOPT_TIMEOUT_MS, 10000L);
  curl_easy_setopt(h.get(), CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(h.get(), CURLOPT_HTTPHEADER, list.get());
  if (!body.empty() || method == "POST") curl_easy_setopt(h.get(), CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(h.get(), CURLOPT_WRITEFUNCTION, append_to_string);
  curl_easy_setopt(h.get(), CURLOPT_WRITEDATA, &out);
  if (curl_easy_perform(h.get()) != CURLE_OK) return {0, {}};
  long status = 0;
  curl_easy_getinfo(h.get(), CURLINFO_RESPONSE_CODE, &status);
  return {status, out};
}

}  // namespace syncreel::testing
