#include "blob/fs/fs_blob_store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <string>
#include <thread>

#include "blob_test_util.hpp"

namespace syncreel {
namespace {

using testing::list_names;
using testing::read_all;
using testing::TempDir;

class FsBlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = FsBlobStore::create(dir_.path() / "store");
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    fs_ = std::move(*opened);
  }
  // Tests go through the interface, as every caller does.
  BlobStore& store() { return *fs_; }
  std::filesystem::path root() const { return dir_.path() / "store"; }

  TempDir dir_;
  std::unique_ptr<FsBlobStore> fs_;
};

TEST_F(FsBlobStoreTest, OpenCreatesTheRootAndItsTempFolder) {
  EXPECT_TRUE(std::filesystem::is_directory(root() / ".tmp"));
  EXPECT_EQ(fs_->root(), root());
}

TEST_F(FsBlobStoreTest, PutThenStatAndReadBack) {
  auto put = store().put("jobs/j1/clip.mp4", "hello blob");
  ASSERT_TRUE(put.has_value()) << put.error().message;
  EXPECT_EQ(put->size, 10u);
  auto st = store().stat("jobs/j1/clip.mp4");
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ(st->size, 10u);
  EXPECT_EQ(st->etag, put->etag);
  EXPECT_EQ(st->modified, put->modified);
  EXPECT_EQ(read_all(store(), "jobs/j1/clip.mp4").value(), "hello blob");
  EXPECT_EQ(testing::read_file(root() / "jobs/j1/clip.mp4"), "hello blob");
  EXPECT_TRUE(list_names(root() / ".tmp").empty());
}

TEST_F(FsBlobStoreTest, PutsAnEmptyObject) {
  ASSERT_TRUE(store().put("empty.txt", "").has_value());
  EXPECT_EQ(store().stat("empty.txt")->size, 0u);
  EXPECT_EQ(read_all(store(), "empty.txt").value(), "");
}

TEST_F(FsBlobStoreTest, PutFileCopiesALargeFile) {
  std::string big(3 * 1024 * 1024 + 17, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 131) % 251);
  const auto source = dir_.path() / "source.bin";
  testing::write_file(source, big);
  auto put = store().put_file("jobs/j2/clip.mp4", source);
  ASSERT_TRUE(put.has_value()) << put.error().message;
  EXPECT_EQ(put->size, big.size());
  EXPECT_EQ(read_all(store(), "jobs/j2/clip.mp4").value(), big);
  EXPECT_TRUE(list_names(root() / ".tmp").empty());
}

TEST_F(FsBlobStoreTest, PutFileFromAMissingSourceLeavesNothing) {
  auto put = store().put_file("jobs/j3/clip.mp4", dir_.path() / "nope.mp4");
  ASSERT_FALSE(put.has_value());
  EXPECT_EQ(put.error().code, ErrorCode::storage);
  EXPECT_NE(put.error().message.find("nope.mp4"), std::string::npos) << put.error().message;
  EXPECT_EQ(store().stat("jobs/j3/clip.mp4").error().code, ErrorCode::not_found);
  EXPECT_TRUE(list_names(root() / ".tmp").empty());
}

TEST_F(FsBlobStoreTest, ReadsRanges) {
  ASSERT_TRUE(store().put("r/digits.txt", "0123456789").has_value());
  EXPECT_EQ(read_all(store(), "r/digits.txt", 0, 3).value(), "012");             // start
  EXPECT_EQ(read_all(store(), "r/digits.txt", 4, 3).value(), "456");             // middle
  EXPECT_EQ(read_all(store(), "r/digits.txt", 7).value(), "789");                // to the end
  EXPECT_EQ(read_all(store(), "r/digits.txt", 9, 1).value(), "9");               // single byte
  EXPECT_EQ(read_all(store(), "r/digits.txt", 0, 1).value(), "0");               // single byte
  EXPECT_EQ(read_all(store(), "r/digits.txt", 8, 100).value(), "89");            // clamped
  EXPECT_EQ(read_all(store(), "r/digits.txt", 3, UINT64_MAX).value(), "3456789");  // no overflow
  EXPECT_EQ(read_all(store(), "r/digits.txt", 5, 0).value(), "");
  EXPECT_EQ(read_all(store(), "r/digits.txt", 10).value(), "");  // offset == size is empty
  auto past = store().open("r/digits.txt", 11);
  ASSERT_FALSE(past.has_value());
  EXPECT_EQ(past.error().code, ErrorCode::invalid_argument);
  EXPECT_NE(past.error().message.find("past the end"), std::string::npos);
  EXPECT_EQ(store().open("r/digits.txt", UINT64_MAX).error().code, ErrorCode::invalid_argument);
}

TEST_F(FsBlobStoreTest, MissingObjectsAreNotFound) {
  ASSERT_TRUE(store().put("jobs/j4/clip.mp4", "x").has_value());
  for (const char* key : {"jobs/j4/poster.jpg", "jobs/nope/clip.mp4", "nope", "jobs/j4"}) {
    EXPECT_EQ(store().stat(key).error().code, ErrorCode::not_found) << key;
    EXPECT_EQ(store().open(key).error().code, ErrorCode::not_found) << key;
  }
  // An object used as a folder is not there either, just as on S3.
  EXPECT_EQ(store().stat("jobs/j4/clip.mp4/x").error().code, ErrorCode::not_found);
  EXPECT_EQ(store().open("jobs/j4/clip.mp4/x").error().code, ErrorCode::not_found);
  EXPECT_TRUE(store().remove_prefix("jobs/j4/clip.mp4/x").has_value());
}

TEST_F(FsBlobStoreTest, InvalidKeysAreRefusedBeforeAnyIo) {
  for (const char* key : {"../x", "a/../../b", "/etc/passwd", "a//b", ".tmp/put-123", ".tmp"}) {
    EXPECT_EQ(store().put(key, "x").error().code, ErrorCode::invalid_argument) << key;
    EXPECT_EQ(store().put_file(key, "/etc/hostname").error().code, ErrorCode::invalid_argument) << key;
    EXPECT_EQ(store().stat(key).error().code, ErrorCode::invalid_argument) << key;
    EXPECT_EQ(store().open(key).error().code, ErrorCode::invalid_argument) << key;
    EXPECT_EQ(store().remove_prefix(key).error().code, ErrorCode::invalid_argument) << key;
  }
  EXPECT_TRUE(std::filesystem::is_directory(root() / ".tmp"));
  EXPECT_TRUE(list_names(root() / ".tmp").empty());
}

TEST_F(FsBlobStoreTest, OverwriteIsAtomicForConcurrentReaders) {
  // Different sizes and fillers: any mix or short read differs from both.
  const std::string old_bytes(200 * 1024, 'o');
  const std::string new_bytes(300 * 1024 + 5, 'n');
  ASSERT_TRUE(store().put("jobs/j5/clip.mp4", old_bytes).has_value());
  std::atomic<bool> done{false};
  std::atomic<int> reads{0};
  std::atomic<int> bad{0};
  std::thread reader([&] {
    while (!done.load() || reads.load() < 20) {
      auto got = read_all(store(), "jobs/j5/clip.mp4");
      if (!got || (*got != old_bytes && *got != new_bytes)) ++bad;
      ++reads;
    }
  });
  for (int i = 0; i < 200; ++i) {
    auto put = store().put("jobs/j5/clip.mp4", i % 2 == 0 ? new_bytes : old_bytes);
    ASSERT_TRUE(put.has_value()) << put.error().message;
  }
  done = true;
  reader.join();
  EXPECT_EQ(bad.load(), 0) << "of " << reads.load() << " reads";
  EXPECT_EQ(read_all(store(), "jobs/j5/clip.mp4").value(), old_bytes);
  EXPECT_TRUE(list_names(root() / ".tmp").empty());
}

TEST_F(FsBlobStoreTest, EtagIsQuotedStableAndChangesWithContent) {
  std::set<std::string> etags;
  for (int i = 0; i < 100; ++i) {
    // Same size every time: only a strong validator tells these apart.
    auto put = store().put("jobs/j6/captions.vtt", "version " + std::to_string(100 + i));
    ASSERT_TRUE(put.has_value());
    EXPECT_EQ(put->etag.front(), '"');
    EXPECT_EQ(put->etag.back(), '"');
    EXPECT_EQ(store().stat("jobs/j6/captions.vtt")->etag, put->etag);
    EXPECT_EQ(store().stat("jobs/j6/captions.vtt")->etag, put->etag);
    etags.insert(put->etag);
  }
  EXPECT_EQ(etags.size(), 100u);
}

TEST_F(FsBlobStoreTest, RemovePrefixRemovesTheWholeFolderOnly) {
  for (const char* key : {"jobs/a/clip.mp4", "jobs/a/hls/seg1.ts", "jobs/a/hls/seg2.ts", "jobs/ab/clip.mp4",
                          "jobs/b/clip.mp4", "solo"}) {
    ASSERT_TRUE(store().put(key, key).has_value());
  }
  ASSERT_TRUE(store().remove_prefix("jobs/a").has_value());
  EXPECT_EQ(store().stat("jobs/a/clip.mp4").error().code, ErrorCode::not_found);
  EXPECT_EQ(store().stat("jobs/a/hls/seg2.ts").error().code, ErrorCode::not_found);
  EXPECT_FALSE(std::filesystem::exists(root() / "jobs/a"));
  EXPECT_EQ(read_all(store(), "jobs/ab/clip.mp4").value(), "jobs/ab/clip.mp4");
  EXPECT_EQ(read_all(store(), "jobs/b/clip.mp4").value(), "jobs/b/clip.mp4");
  // Missing folders are fine; an object named like the prefix is not "under" it.
  EXPECT_TRUE(store().remove_prefix("jobs/a").has_value());
  EXPECT_TRUE(store().remove_prefix("nothing/here").has_value());
  EXPECT_TRUE(store().remove_prefix("solo").has_value());
  EXPECT_EQ(read_all(store(), "solo").value(), "solo");
  EXPECT_TRUE(list_names(root() / ".tmp").empty());  // the trash is gone too
  ASSERT_TRUE(store().remove_prefix("jobs").has_value());
  EXPECT_EQ(store().stat("jobs/b/clip.mp4").error().code, ErrorCode::not_found);
}

TEST_F(FsBlobStoreTest, ReaderOutlivesRemovalAndStore) {
  ASSERT_TRUE(store().put("jobs/j7/clip.mp4", "still here").has_value());
  auto reader = store().open("jobs/j7/clip.mp4", 6);
  ASSERT_TRUE(reader.has_value());
  ASSERT_TRUE(store().remove_prefix("jobs/j7").has_value());
  fs_.reset();
  std::array<char, 16> buf{};
  auto n = (*reader)->read(buf);
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(std::string(buf.data(), *n), "here");
}

TEST_F(FsBlobStoreTest, CheckWritableLeavesNoProbe) {
  EXPECT_TRUE(store().check_writable().has_value());
  EXPECT_TRUE(list_names(root() / ".tmp").empty());
}

TEST_F(FsBlobStoreTest, ReopeningKeepsObjects) {
  ASSERT_TRUE(store().put("jobs/j8/clip.mp4", "kept").has_value());
  fs_.reset();
  auto again = FsBlobStore::create(root());
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(read_all(**again, "jobs/j8/clip.mp4").value(), "kept");
}

}  // namespace
}  // namespace syncreel
