// Low-level, symlink-proof filesystem steps shared by FsBlobStore's files. Internal to
// src/blob/fs: nothing outside this folder includes it.
//
// Every function works relative to an open directory descriptor and never follows a
// symbolic link, so a link planted inside the store cannot redirect it outside.
// Failures are plain errno values; FsBlobStore turns them into Errors with context.
// All functions are safe to call from several threads at once.
#pragma once

#include <expected>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "blob/fs/unique_fd.hpp"

namespace syncreel::blob_fs {

template <class T>
using SysResult = std::expected<T, int>;  // the errno on failure

inline std::unexpected<int> sys_fail(int err) { return std::unexpected<int>(err); }

// strerror without the locale or thread-safety pitfalls of strerror().
std::string errno_text(int err);

// Opens directory `name` inside `dir_fd`, creating it (mode 0755, durably) when asked.
// A symbolic link fails with ELOOP, whatever it points to.
SysResult<UniqueFd> open_dir_at(int dir_fd, const std::string& name, bool create);

// Walks `dirs` one component at a time from `root_fd` with open_dir_at and returns the
// last directory (a new descriptor for `root_fd` itself when `dirs` is empty).
SysResult<UniqueFd> open_dirs(int root_fd, std::span<const std::string> dirs, bool create);

// True when `name` inside `dir_fd` is itself a symbolic link.
bool is_symlink_at(int dir_fd, const std::string& name);

// Names in a directory, without "." and "..".
SysResult<std::vector<std::string>> list_dir(int dir_fd);

// Writes every byte, retrying short writes and EINTR.
SysResult<void> write_all(int fd, std::string_view bytes);

// Copies `in_fd` from its current offset to its end into `out_fd`. Read errors come
// back as the errno; `read_failed` tells the caller which side failed.
SysResult<void> copy_all(int in_fd, int out_fd, bool& read_failed);

// A new, uniquely named file (mode 0644) in a directory, unlinked on destruction
// unless published. Not copyable or movable: it lives in the scope that writes it.
class TempFile {
 public:
  // `dir_fd` is borrowed and must outlive this object.
  explicit TempFile(int dir_fd) : dir_fd_(dir_fd) {}
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile();

  // Creates "<prefix><random hex>" with O_EXCL, so no two writers ever share a file.
  SysResult<void> create(std::string_view prefix);
  int fd() const { return fd_.get(); }
  const std::string& name() const { return name_; }
  // The file now lives elsewhere under another name: nothing to clean up.
  void mark_published() { published_ = true; }

 private:
  int dir_fd_;
  UniqueFd fd_;
  std::string name_;
  bool published_ = false;
};

// Removes `name` inside `parent_fd`: a file, or a directory and everything below it.
// Links are removed, never followed. Something already gone is not an error.
SysResult<void> remove_tree(int parent_fd, const std::string& name);

}  // namespace syncreel::blob_fs
