#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "blob/blob_store.hpp"

namespace syncreel {
namespace {

std::string repeat(char c, std::size_t n) { return std::string(n, c); }

TEST(BlobKey, AcceptsWellFormedKeys) {
  const std::vector<std::string> accepted = {
      "a",
      "clip.mp4",
      "jobs/job_01HZX3V8Q2M4N6P8R0T2V4X6Z8/clip.mp4",
      "jobs/x/hls/seg-00001.ts",
      "A-Z_a-z.0-9",
      ".hidden",  // only "." and ".." themselves are special
      "..a",
      "a..",
      "x/...",
      repeat('s', 128),
      // Exactly the 512-byte limit: 3 * 127 + 128 + 3 slashes.
      repeat('a', 127) + "/" + repeat('b', 127) + "/" + repeat('c', 127) + "/" + repeat('d', 128),
  };
  for (const std::string& key : accepted) {
    EXPECT_TRUE(validate_blob_key(key).has_value()) << "refused: " << key;
  }
  EXPECT_EQ(accepted.back().size(), 512u);
}

TEST(BlobKey, RefusesEscapesAndJunk) {
  const std::vector<std::string> refused = {
      "",
      ".",
      "..",
      "../x",
      "a/../../b",
      "a/..",
      "a/./b",
      "./a",
      "/etc/passwd",
      "/",
      "a/",
      "a//b",
      "a\\b",
      "..\\..\\windows",
      std::string("a\0b", 3),
      std::string("clip.mp4\0.jpg", 13),
      "caf\xC3\xA9/clip.mp4",         // é
      "clip\xE2\x80\x8B.mp4",         // zero-width space
      "\xEF\xBC\x8E\xEF\xBC\x8E/x",  // fullwidth dots
      "a b",
      "a:b",
      "a\nb",
      "%2e%2e/x",
      "~/x",
      "C:\\x",
      repeat('s', 129),
      repeat('a', 127) + "/" + repeat('b', 127) + "/" + repeat('c', 127) + "/" + repeat('d', 129),
      // 605 bytes of otherwise fine segments: over the key limit.
      repeat('a', 100) + "/" + repeat('b', 100) + "/" + repeat('c', 100) + "/" + repeat('d', 100) + "/" +
          repeat('e', 100) + "/" + repeat('f', 100),
  };
  for (const std::string& key : refused) {
    const auto r = validate_blob_key(key);
    ASSERT_FALSE(r.has_value()) << "accepted: " << key;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_argument) << key;
    EXPECT_EQ(r.error().detail, "key");
    EXPECT_FALSE(r.error().message.empty());
  }
}

TEST(BlobKey, MessagesSayWhatIsWrongWithoutEchoingTheKey) {
  EXPECT_NE(validate_blob_key(std::string("a\0b", 3)).error().message.find("NUL"), std::string::npos);
  EXPECT_NE(validate_blob_key("a\\b").error().message.find("backslash"), std::string::npos);
  EXPECT_NE(validate_blob_key("a//b").error().message.find("empty segment"), std::string::npos);
  EXPECT_NE(validate_blob_key("a/../b").error().message.find("'..'"), std::string::npos);
  EXPECT_NE(validate_blob_key(repeat('x', 513)).error().message.find("512"), std::string::npos);
  EXPECT_NE(validate_blob_key(repeat('x', 129)).error().message.find("128"), std::string::npos);
  const auto unicode = validate_blob_key("caf\xC3\xA9");
  EXPECT_NE(unicode.error().message.find("byte 3"), std::string::npos);
  EXPECT_EQ(unicode.error().message.find("caf"), std::string::npos);
}

}  // namespace
}  // namespace syncreel
