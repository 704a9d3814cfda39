// Helpers shared by the blob tests: a scratch directory and whole-object reads.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "blob/blob_store.hpp"

namespace syncreel::testing {

// A fresh directory from mkdtemp, removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "syncreel-blob-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
    path_ = tmpl;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    // A test may have taken write permission away; give it back so cleanup works.
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all, ec);
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline void write_file(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << bytes;
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Reads the whole range through a deliberately odd buffer size, so reads that straddle
// buffer boundaries are exercised.
inline Result<std::string> read_all(BlobStore& store, std::string_view key, std::uint64_t offset = 0,
                                    std::optional<std::uint64_t> length = {}) {
  auto reader = store.open(key, offset, length);
  if (!reader) return fail(reader.error());
  std::string out;
  std::array<char, 4093> buf{};
  while (true) {
    auto n = (*reader)->read(buf);
    if (!n) return fail(n.error());
    if (*n == 0) return out;
    out.append(buf.data(), *n);
  }
}

// Names in a directory (empty when it does not exist).
inline std::vector<std::string> list_names(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    names.push_back(entry.path().filename().string());
  }
  return names;
}

}  // namespace syncreel::testing
