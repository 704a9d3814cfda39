#include "engine/audio/forked_call.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace syncreel::engine {
namespace {

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// The child never returns: its exit code says whether `out` was written whole.
[[noreturn]] void run_child(int fd, const std::function<bool(std::string&)>& work) {
  int code = 1;
  try {
    std::string out;
    if (work(out) && write_all(fd, out.data(), out.size())) code = 0;
  } catch (...) {
    code = 2;
  }
  close(fd);
  _exit(code);
}

}  // namespace

Result<std::string> call_in_forked_child(const std::function<bool(std::string& out)>& work) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return fail(Error::internal(std::string("pipe: ") + std::strerror(errno)));
  const pid_t pid = fork();
  if (pid < 0) {
    const int e = errno;
    close(fds[0]);
    close(fds[1]);
    return fail(Error::internal(std::string("fork: ") + std::strerror(e)));
  }
  if (pid == 0) {
    close(fds[0]);
    run_child(fds[1], work);
  }
  close(fds[1]);
  // Read to the end before waiting: the child blocks once the pipe is full.
  std::string out;
  char buf[65536];
  for (;;) {
    const ssize_t n = read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return fail(Error::internal("the forked call failed (status " + std::to_string(status) + ")"));
  }
  return out;
}

}  // namespace syncreel::engine
