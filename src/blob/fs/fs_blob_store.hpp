// FsBlobStore: a BlobStore on a local directory.
//
// Layout: the object "jobs/x/clip.mp4" is the file <root>/jobs/x/clip.mp4; writes in
// progress live in <root>/.tmp/ (so ".tmp" is refused as a key's first segment), and a
// put only becomes visible by an atomic rename once its bytes are fsync'ed. Every path
// is resolved one component at a time with O_NOFOLLOW below a descriptor for the root,
// so a symbolic link planted inside the root is refused instead of followed.
//
// Thread-safety: all methods may be called concurrently from any thread. The store
// holds only descriptors fixed at open; each call uses its own descriptors. Several
// processes may share one root. Readers returned by `open` own their descriptor and
// may outlive the store.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "blob/blob_store.hpp"
#include "blob/fs/unique_fd.hpp"

namespace syncreel {

class FsBlobStore final : public BlobStore {
 public:
  // Opens the store at `root`, creating it (and <root>/.tmp) when missing, and sweeps
  // temp files a crashed writer left behind more than an hour ago. The caller owns the
  // store. Errors: storage (root missing and not creatable, not a directory, no
  // permission), with the path and the system's reason in the message.
  static Result<std::unique_ptr<FsBlobStore>> create(const std::filesystem::path& root);

  // Copies `source` (a local path, symlinks allowed: it is the caller's file) into a
  // temp file and renames it over `key`. On failure nothing changes under `key` and
  // no temp file remains. Errors: invalid_argument (key), storage (source unreadable,
  // store full or unwritable, I/O error, symbolic link in the way).
  Result<BlobInfo> put_file(std::string_view key, const std::filesystem::path& source) override;
  // Same as put_file, from memory.
  Result<BlobInfo> put(std::string_view key, std::string_view bytes) override;

  // Size, mtime and ETag of the object. Errors: invalid_argument (key), not_found (no
  // object, or a folder), storage (I/O error, symbolic link in the way).
  Result<BlobInfo> stat(std::string_view key) override;

  // A reader over [offset, offset + length) of the object as it was when opened: a
  // later put does not disturb it. The caller owns the reader. Errors:
  // invalid_argument (key, offset > size), not_found, storage.
  Result<std::unique_ptr<BlobReader>> open(std::string_view key, std::uint64_t offset = 0,
                                           std::optional<std::uint64_t> length = {}) override;

  // Atomically hides the folder `prefix` (renamed into .tmp), then deletes it. A missing
  // folder is success. Errors: invalid_argument (prefix), storage (the folder could not
  // be hidden, or its bytes could not all be deleted: the next `open` finishes the job).
  Result<void> remove_prefix(std::string_view prefix) override;

  // Creates, writes and removes a probe file in .tmp. Errors: storage.
  Result<void> check_writable() override;

  const std::filesystem::path& root() const { return root_; }

 private:
  struct Location;

  FsBlobStore(std::filesystem::path root, UniqueFd root_fd, UniqueFd tmp_fd);

  // Validates `key` and opens the directory that holds its last segment.
  Result<Location> locate(std::string_view key, bool create_dirs, std::string_view action) const;
  // Streams bytes from `fill` into a temp file and publishes it under `key`.
  template <class Fill>
  Result<BlobInfo> write_object(std::string_view key, Fill&& fill);
  void sweep_leftovers() const;

  std::filesystem::path root_;
  UniqueFd root_fd_;
  UniqueFd tmp_fd_;
};

}  // namespace syncreel
