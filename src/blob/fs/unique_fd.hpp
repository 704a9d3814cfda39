// UniqueFd: sole owner of one POSIX file descriptor, closed when the owner dies.
//
// Move-only, like std::unique_ptr. Not thread-safe: one owner uses it at a time (the
// descriptor itself may be used from several threads with pread and friends).
#pragma once

#include <unistd.h>

#include <utility>

namespace syncreel {

class UniqueFd {
 public:
  UniqueFd() = default;
  // Takes ownership of `fd`; -1 means "owns nothing".
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) reset(std::exchange(other.fd_, -1));
    return *this;
  }
  ~UniqueFd() { reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  // Gives up ownership without closing; the caller now owns the descriptor.
  int release() { return std::exchange(fd_, -1); }

  // Closes the current descriptor (if any) and owns `fd` instead. A failing close is
  // ignored on purpose: Linux frees the descriptor anyway, and every caller that cares
  // about durability has already fsync'ed, which is where write errors are reported.
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

}  // namespace syncreel
