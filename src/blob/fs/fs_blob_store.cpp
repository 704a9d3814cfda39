#include "blob/fs/fs_blob_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <vector>

#include "blob/fs/fs_ops.hpp"
#include "core/ids.hpp"

namespace syncreel {

using blob_fs::errno_text;
using blob_fs::TempFile;

namespace {

constexpr std::string_view kTmpDir = ".tmp";
constexpr std::string_view kPutPrefix = "put-";
constexpr std::string_view kProbePrefix = "probe-";
constexpr std::string_view kTrashPrefix = "trash-";
constexpr std::time_t kLeftoverAgeSec = 60 * 60;

// `action` and `key` say what the caller was doing, so the message reads e.g.
// "blob store is full (No space left on device) writing jobs/x/clip.mp4".
Error storage_error(int err, std::string_view action, std::string_view key) {
  const std::string where = std::string(action) + " " + std::string(key);
  if (err == ELOOP) return Error::storage("blob store refused to follow a symbolic link " + where);
  std::string what;
  switch (err) {
    case ENOSPC:
    case EDQUOT: what = "blob store is full"; break;
    case EFBIG: what = "blob store cannot hold an object this large"; break;
    case EROFS: what = "blob store is read-only"; break;
    case EACCES:
    case EPERM: what = "blob store denied access"; break;
    case EIO: what = "blob store I/O error"; break;
    default: what = "blob store failed"; break;
  }
  return Error::storage(what + " (" + errno_text(err) + ") " + where);
}

Error not_found_error(std::string_view key) { return Error::not_found("no blob at " + std::string(key)); }

// Validated key split into segments; ".tmp" at the top is the store's own folder.
Result<std::vector<std::string>> parse_key(std::string_view key) {
  if (auto ok = validate_blob_key(key); !ok) return fail(ok.error());
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = key.find('/', start);
    segments.emplace_back(key.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (segments.front() == kTmpDir) {
    return fail(Error::invalid("invalid blob key: '.tmp' is reserved by the blob store", "key"));
  }
  return segments;
}

BlobInfo info_from_stat(const struct stat& st) {
  const std::int64_t mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  char etag[64];
  std::snprintf(etag, sizeof etag, "\"%llx-%llx-%llx\"", static_cast<unsigned long long>(st.st_ino),
                static_cast<unsigned long long>(st.st_size), static_cast<unsigned long long>(mtime_ns));
  BlobInfo info;
  info.size = static_cast<std::uint64_t>(st.st_size);
  info.modified = TimePoint{std::chrono::duration_cast<SysClock::duration>(std::chrono::nanoseconds{mtime_ns})};
  info.etag = etag;
  return info;
}

class FsBlobReader final : public BlobReader {
 public:
  FsBlobReader(UniqueFd fd, std::uint64_t pos, std::uint64_t end, std::string key)
      : fd_(std::move(fd)), pos_(pos), end_(end), key_(std::move(key)) {}

  Result<std::size_t> read(std::span<char> buf) override {
    if (pos_ >= end_ || buf.empty()) return 0;
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), end_ - pos_));
    while (true) {
      // pread keeps the offset here, not in the shared file description.
      const ssize_t n = ::pread(fd_.get(), buf.data(), want, static_cast<off_t>(pos_));
      if (n < 0) {
        if (errno == EINTR) continue;
        return fail(storage_error(errno, "reading", key_));
      }
      // Objects are immutable, so running dry early means someone truncated the file
      // behind the store's back; a silent short read would corrupt the response.
      if (n == 0) return fail(Error::storage("blob ended before its recorded size reading " + key_));
      pos_ += static_cast<std::uint64_t>(n);
      return static_cast<std::size_t>(n);
    }
  }

 private:
  UniqueFd fd_;
  std::uint64_t pos_;
  std::uint64_t end_;
  std::string key_;
};

}  // namespace

struct FsBlobStore::Location {
  UniqueFd dir;
  std::string leaf;
};

FsBlobStore::FsBlobStore(std::filesystem::path root, UniqueFd root_fd, UniqueFd tmp_fd)
    : root_(std::move(root)), root_fd_(std::move(root_fd)), tmp_fd_(std::move(tmp_fd)) {}

Result<std::unique_ptr<FsBlobStore>> FsBlobStore::create(const std::filesystem::path& root) {
  const auto unusable = [&](std::string_view what, int err) {
    return fail(Error::storage("blob store root " + root.string() + " is unusable: " + std::string(what) +
                               " failed (" + errno_text(err) + ")"));
  };
  // The root itself may be a symlink (an operator's choice); nothing below it may.
  UniqueFd root_fd(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!root_fd.valid() && errno == ENOENT) {
    std::error_code ec;
    std::filesystem::create_directories(root, ec);
    if (ec) return unusable("creating it", ec.value());
    root_fd.reset(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  }
  if (!root_fd.valid()) return unusable("opening it", errno);
  auto tmp_fd = blob_fs::open_dir_at(root_fd.get(), std::string(kTmpDir), true);
  if (!tmp_fd) return unusable("creating .tmp in it", tmp_fd.error());
  std::unique_ptr<FsBlobStore> store(new FsBlobStore(root, std::move(root_fd), std::move(*tmp_fd)));
  store->sweep_leftovers();
  return store;
}

void FsBlobStore::sweep_leftovers() const {
  // Best effort: a leftover only wastes space, so a failed sweep must not stop the
  // store from opening; the next open tries again.
  auto names = blob_fs::list_dir(tmp_fd_.get());
  if (!names) return;
  const std::time_t cutoff = std::time(nullptr) - kLeftoverAgeSec;
  for (const std::string& name : *names) {
    struct stat st {};
    if (::fstatat(tmp_fd_.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    // A trash folder is already invisible and owned by no one once renamed; a temp
    // file may still be growing in a live writer (possibly another process), so only
    // old ones go.
    if (!name.starts_with(kTrashPrefix) && st.st_mtime > cutoff) continue;
    (void)blob_fs::remove_tree(tmp_fd_.get(), name);
  }
}

Result<FsBlobStore::Location> FsBlobStore::locate(std::string_view key, bool create_dirs,
                                                   std::string_view action) const {
  auto segments = parse_key(key);
  if (!segments) return fail(segments.error());
  const std::span<const std::string> dirs(segments->data(), segments->size() - 1);
  auto dir = blob_fs::open_dirs(root_fd_.get(), dirs, create_dirs);
  if (!dir) {
    // For a read, "jobs/x" being an object rather than a folder just means that
    // "jobs/x/y" does not exist.
    if ((dir.error() == ENOENT || dir.error() == ENOTDIR) && !create_dirs) return fail(not_found_error(key));
    return fail(storage_error(dir.error(), action, key));
  }
  return Location{std::move(*dir), std::move(segments->back())};
}

template <class Fill>
Result<BlobInfo> FsBlobStore::write_object(std::string_view key, Fill&& fill) {
  // Validate before any I/O so a bad key never leaves anything behind.
  if (auto ok = parse_key(key); !ok) return fail(ok.error());
  TempFile tmp(tmp_fd_.get());
  if (auto ok = tmp.create(kPutPrefix); !ok) return fail(storage_error(ok.error(), "writing", key));
  if (auto ok = fill(tmp.fd()); !ok) return fail(ok.error());
  // The ETag hashes (inode, size, mtime). Inode numbers are reused as soon as a
  // replaced object is unlinked, and the kernel stamps writes with a clock that only
  // ticks every few milliseconds, so two quick same-sized puts could share all three.
  // Stamping with the fine-grained clock makes that practically impossible.
  timespec times[2] = {{0, UTIME_OMIT}, {}};
  ::clock_gettime(CLOCK_REALTIME, &times[1]);
  if (::futimens(tmp.fd(), times) != 0) return fail(storage_error(errno, "writing", key));
  if (::fsync(tmp.fd()) != 0) return fail(storage_error(errno, "writing", key));
  struct stat st {};
  if (::fstat(tmp.fd(), &st) != 0) return fail(storage_error(errno, "writing", key));

  auto loc = locate(key, true, "writing");
  if (!loc) return fail(loc.error());
  // rename would replace a link rather than follow it, but a link where an object
  // belongs means someone tampered with the store: refuse like every other path does.
  if (blob_fs::is_symlink_at(loc->dir.get(), loc->leaf)) return fail(storage_error(ELOOP, "writing", key));
  if (::renameat(tmp_fd_.get(), tmp.name().c_str(), loc->dir.get(), loc->leaf.c_str()) != 0) {
    return fail(storage_error(errno, "writing", key));
  }
  tmp.mark_published();
  if (::fsync(loc->dir.get()) != 0) return fail(storage_error(errno, "writing", key));
  return info_from_stat(st);
}

Result<BlobInfo> FsBlobStore::put(std::string_view key, std::string_view bytes) {
  return write_object(key, [&](int fd) -> Result<void> {
    if (auto ok = blob_fs::write_all(fd, bytes); !ok) return fail(storage_error(ok.error(), "writing", key));
    return {};
  });
}

Result<BlobInfo> FsBlobStore::put_file(std::string_view key, const std::filesystem::path& source) {
  return write_object(key, [&](int fd) -> Result<void> {
    const auto source_error = [&](int err) {
      return fail(Error::storage("cannot read source file " + source.string() + " (" + errno_text(err) +
                                 ") writing " + std::string(key)));
    };
    UniqueFd in(::open(source.c_str(), O_RDONLY | O_CLOEXEC));
    if (!in.valid()) return source_error(errno);
    bool read_failed = false;
    if (auto ok = blob_fs::copy_all(in.get(), fd, read_failed); !ok) {
      if (read_failed) return source_error(ok.error());
      return fail(storage_error(ok.error(), "writing", key));
    }
    return {};
  });
}

Result<BlobInfo> FsBlobStore::stat(std::string_view key) {
  auto loc = locate(key, false, "reading");
  if (!loc) return fail(loc.error());
  struct stat st {};
  if (::fstatat(loc->dir.get(), loc->leaf.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) return fail(not_found_error(key));
    return fail(storage_error(errno, "reading", key));
  }
  if (S_ISLNK(st.st_mode)) return fail(storage_error(ELOOP, "reading", key));
  if (S_ISDIR(st.st_mode)) return fail(not_found_error(key));  // a folder, not an object
  if (!S_ISREG(st.st_mode)) return fail(Error::storage("blob store holds a non-file at " + std::string(key)));
  return info_from_stat(st);
}

Result<std::unique_ptr<BlobReader>> FsBlobStore::open(std::string_view key, std::uint64_t offset,
                                                      std::optional<std::uint64_t> length) {
  auto loc = locate(key, false, "reading");
  if (!loc) return fail(loc.error());
  // O_NONBLOCK: a FIFO planted in the store must not hang the caller in open().
  UniqueFd fd(::openat(loc->dir.get(), loc->leaf.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (!fd.valid()) {
    if (errno == ENOENT) return fail(not_found_error(key));
    return fail(storage_error(errno, "reading", key));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return fail(storage_error(errno, "reading", key));
  if (S_ISDIR(st.st_mode)) return fail(not_found_error(key));
  if (!S_ISREG(st.st_mode)) return fail(Error::storage("blob store holds a non-file at " + std::string(key)));
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (offset > size) {
    return fail(Error::invalid("offset " + std::to_string(offset) + " is past the end of " + std::string(key) +
                                   " (" + std::to_string(size) + " bytes)",
                               "offset"));
  }
  const std::uint64_t end = length ? offset + std::min(*length, size - offset) : size;
  return std::make_unique<FsBlobReader>(std::move(fd), offset, end, std::string(key));
}

Result<void> FsBlobStore::remove_prefix(std::string_view prefix) {
  auto loc = locate(prefix, false, "removing");
  if (!loc) return loc.error().code == ErrorCode::not_found ? Result<void>{} : fail(loc.error());
  struct stat st {};
  if (::fstatat(loc->dir.get(), loc->leaf.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) return {};
    return fail(storage_error(errno, "removing", prefix));
  }
  if (S_ISLNK(st.st_mode)) return fail(storage_error(ELOOP, "removing", prefix));
  if (!S_ISDIR(st.st_mode)) return {};  // an object named `prefix` is not under `prefix/`
  // One rename hides the whole folder at once, so readers never see half of it, and a
  // crash during the slow delete leaves only trash that the next open sweeps.
  const std::string trash = std::string(kTrashPrefix) + random_hex(12);
  if (::renameat(loc->dir.get(), loc->leaf.c_str(), tmp_fd_.get(), trash.c_str()) != 0) {
    if (errno == ENOENT) return {};  // a concurrent remove_prefix won
    return fail(storage_error(errno, "removing", prefix));
  }
  const int sync_err = ::fsync(loc->dir.get()) == 0 ? 0 : errno;
  if (auto ok = blob_fs::remove_tree(tmp_fd_.get(), trash); !ok) {
    return fail(storage_error(ok.error(), "removing", prefix));
  }
  if (sync_err != 0) return fail(storage_error(sync_err, "removing", prefix));
  return {};
}

Result<void> FsBlobStore::check_writable() {
  // As root, access checks always pass except on a read-only mount; for other users
  // this catches a root that lost its write bit while .tmp kept it.
  if (::faccessat(root_fd_.get(), ".", W_OK, AT_EACCESS) != 0) {
    return fail(storage_error(errno, "checking", "the store root"));
  }
  TempFile probe(tmp_fd_.get());
  if (auto ok = probe.create(kProbePrefix); !ok) return fail(storage_error(ok.error(), "checking", ".tmp"));
  // A byte, not just an inode: on a full disk creating a file can still succeed.
  if (auto ok = blob_fs::write_all(probe.fd(), "ok\n"); !ok) {
    return fail(storage_error(ok.error(), "checking", ".tmp"));
  }
  return {};
}

}  // namespace syncreel
