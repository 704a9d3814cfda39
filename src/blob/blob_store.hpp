// BlobStore: where media lives. Keys are relative, slash-separated paths such as
// "jobs/job_01H.../clip.mp4"; every segment is [A-Za-z0-9._-], never "." or "..", so a
// key can never name anything outside the store.
//
// Writes are atomic: a reader sees the old object, nothing, or the complete new one —
// never a partial file, even if the process is killed mid-write. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"

namespace syncreel {

struct BlobInfo {
  std::uint64_t size = 0;
  TimePoint modified{};
  std::string etag;  // strong validator, quoted as in HTTP: "\"...\""
};

// Sequential reader over one object's byte range. Owned by the caller; not shared
// between threads.
class BlobReader {
 public:
  virtual ~BlobReader() = default;
  // Reads up to buf.size() bytes; returns 0 at the end of the range.
  virtual Result<std::size_t> read(std::span<char> buf) = 0;
};

// Checks a key against the rules above. Errors: invalid_argument.
Result<void> validate_blob_key(std::string_view key);

class BlobStore {
 public:
  virtual ~BlobStore() = default;

  // Stores the bytes of a local file under `key`, replacing any previous object.
  // Errors: invalid_argument (key), storage (disk full, unwritable root, I/O).
  virtual Result<BlobInfo> put_file(std::string_view key, const std::filesystem::path& source) = 0;
  virtual Result<BlobInfo> put(std::string_view key, std::string_view bytes) = 0;

  // Errors: invalid_argument, not_found, storage.
  virtual Result<BlobInfo> stat(std::string_view key) = 0;

  // Reads [offset, offset + length) clamped to the object; length nullopt = to the end.
  // Errors: invalid_argument (key or offset past the end), not_found, storage.
  virtual Result<std::unique_ptr<BlobReader>> open(std::string_view key, std::uint64_t offset = 0,
                                                   std::optional<std::uint64_t> length = {}) = 0;

  // Removes every object whose key starts with `prefix` + "/" (a whole folder).
  // Missing objects are not an error.
  virtual Result<void> remove_prefix(std::string_view prefix) = 0;

  // Checks that the store can take writes now (for /readyz). Errors: storage.
  virtual Result<void> check_writable() = 0;
};

}  // namespace syncreel
