#include "blob/fs/fs_ops.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "core/ids.hpp"

namespace syncreel::blob_fs {
namespace {

constexpr std::size_t kCopyChunk = 256 * 1024;
constexpr int kDirFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
constexpr int kTempNameAttempts = 8;

}  // namespace

std::string errno_text(int err) {
  // strerrordesc_np is thread-safe and untranslated, so messages are stable in logs.
  if (const char* text = ::strerrordesc_np(err)) return text;
  return "errno " + std::to_string(err);
}

SysResult<UniqueFd> open_dir_at(int dir_fd, const std::string& name, bool create) {
  if (create) {
    if (::mkdirat(dir_fd, name.c_str(), 0755) == 0) {
      // The new entry must survive a crash before anything is renamed into it.
      if (::fsync(dir_fd) != 0) return sys_fail(errno);
    } else if (errno != EEXIST) {
      return sys_fail(errno);
    }
  }
  UniqueFd fd(::openat(dir_fd, name.c_str(), kDirFlags));
  if (fd.valid()) return fd;
  const int err = errno;
  // O_NOFOLLOW | O_DIRECTORY on a link reports ENOTDIR; say what really happened.
  if ((err == ENOTDIR || err == ELOOP) && is_symlink_at(dir_fd, name)) return sys_fail(ELOOP);
  return sys_fail(err);
}

SysResult<UniqueFd> open_dirs(int root_fd, std::span<const std::string> dirs, bool create) {
  UniqueFd current(::openat(root_fd, ".", kDirFlags));
  if (!current.valid()) return sys_fail(errno);
  for (const std::string& name : dirs) {
    auto next = open_dir_at(current.get(), name, create);
    if (!next) return sys_fail(next.error());
    current = std::move(*next);
  }
  return current;
}

bool is_symlink_at(int dir_fd, const std::string& name) {
  struct stat st {};
  return ::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);
}

SysResult<std::vector<std::string>> list_dir(int dir_fd) {
  // A fresh descriptor: fdopendir takes ownership and moves the offset, and the
  // caller's descriptor may be shared with other threads.
  UniqueFd fd(::openat(dir_fd, ".", kDirFlags));
  if (!fd.valid()) return sys_fail(errno);
  DIR* dir = ::fdopendir(fd.get());
  if (dir == nullptr) return sys_fail(errno);
  fd.release();
  std::vector<std::string> names;
  int err = 0;
  while (true) {
    errno = 0;
    const dirent* entry = ::readdir(dir);
    if (entry == nullptr) {
      err = errno;
      break;
    }
    const std::string_view name = entry->d_name;
    if (name != "." && name != "..") names.emplace_back(name);
  }
  ::closedir(dir);
  if (err != 0) return sys_fail(err);
  return names;
}

SysResult<void> write_all(int fd, std::string_view bytes) {
  const char* p = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return sys_fail(errno);
    }
    // A zero-byte write of a non-empty buffer means no progress will ever be made.
    if (n == 0) return sys_fail(EIO);
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return {};
}

SysResult<void> copy_all(int in_fd, int out_fd, bool& read_failed) {
  std::vector<char> buf(kCopyChunk);
  read_failed = false;
  while (true) {
    const ssize_t n = ::read(in_fd, buf.data(), buf.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      read_failed = true;
      return sys_fail(errno);
    }
    if (n == 0) return {};
    if (auto ok = write_all(out_fd, {buf.data(), static_cast<std::size_t>(n)}); !ok) return ok;
  }
}

TempFile::~TempFile() {
  if (!name_.empty() && !published_) ::unlinkat(dir_fd_, name_.c_str(), 0);
}

SysResult<void> TempFile::create(std::string_view prefix) {
  for (int attempt = 0; attempt < kTempNameAttempts; ++attempt) {
    std::string name = std::string(prefix) + random_hex(12);
    fd_.reset(::openat(dir_fd_, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (fd_.valid()) {
      name_ = std::move(name);
      return {};
    }
    if (errno != EEXIST) return sys_fail(errno);
  }
  return sys_fail(EEXIST);
}

SysResult<void> remove_tree(int parent_fd, const std::string& name) {
  if (::unlinkat(parent_fd, name.c_str(), 0) == 0 || errno == ENOENT) return {};
  const int unlink_err = errno;
  // Linux says EISDIR for a directory, POSIX says EPERM; anything else is final.
  if (unlink_err != EISDIR && unlink_err != EPERM) return sys_fail(unlink_err);
  UniqueFd dir(::openat(parent_fd, name.c_str(), kDirFlags));
  if (!dir.valid()) {
    if (errno == ENOENT) return {};
    return sys_fail(errno == ENOTDIR ? unlink_err : errno);
  }
  // List first, then delete: removing entries while readdir walks them is unspecified.
  auto names = list_dir(dir.get());
  if (!names) return sys_fail(names.error());
  for (const std::string& child : *names) {
    if (auto ok = remove_tree(dir.get(), child); !ok) return ok;
  }
  if (::unlinkat(parent_fd, name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT) return sys_fail(errno);
  return {};
}

}  // namespace syncreel::blob_fs
