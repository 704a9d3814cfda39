#include "media/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace syncreel::media {
namespace {

Error io_failure(std::string_view what, const std::filesystem::path& path, int err) {
  return Error::storage(std::string(what) + " " + path.string() + ": " + std::strerror(err));
}

// Owns the temporary file: closes it and removes it unless it was renamed into place.
class TempFile {
 public:
  TempFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(path_.c_str());
  }
  int fd() const { return fd_; }
  const std::string& path() const { return path_; }
  // close(2) can report a deferred write error, so it is checked, not left to the destructor.
  int close() {
    const int ret = ::close(fd_);
    fd_ = -1;
    return ret;
  }
  void commit() { committed_ = true; }

 private:
  std::string path_;
  int fd_;
  bool committed_ = false;
};

Result<void> write_all(int fd, std::span<const std::uint8_t> bytes, const std::filesystem::path& path) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(io_failure("writing", path, errno));
    }
    done += static_cast<std::size_t>(n);
  }
  return {};
}

}  // namespace

Result<void> write_file_atomically(const std::filesystem::path& path, std::span<const std::uint8_t> bytes) {
  if (path.filename().empty()) return fail(Error::storage("no file name in " + path.string()));
  // A dot-prefixed name in the same folder: rename stays within one filesystem, and
  // a listing of the folder does not mistake it for a finished file.
  std::string name = (path.parent_path() / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(name.data());
  if (fd < 0) return fail(io_failure("creating a temporary file for", path, errno));
  TempFile temp(std::move(name), fd);
  // mkstemp creates 0600; published media is read by the server under another umask.
  if (::fchmod(temp.fd(), 0644) != 0) return fail(io_failure("setting the mode of", path, errno));
  if (auto ok = write_all(temp.fd(), bytes, path); !ok) return ok;
  if (::fsync(temp.fd()) != 0) return fail(io_failure("syncing", path, errno));
  if (temp.close() != 0) return fail(io_failure("closing", path, errno));
  if (std::rename(temp.path().c_str(), path.c_str()) != 0) return fail(io_failure("renaming onto", path, errno));
  temp.commit();
  return {};
}

Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view text) {
  return write_file_atomically(
      path, std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

}  // namespace syncreel::media
