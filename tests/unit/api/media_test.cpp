#include <gtest/gtest.h>

#include "api/media_handler.hpp"
#include "api/media_url.hpp"

namespace syncreel::api {
namespace {

struct RangeRow {
  const char* header;
  std::uint64_t size;
  RangeKind kind;
  std::uint64_t first = 0;
  std::uint64_t last = 0;
};

TEST(MediaRange, Table) {
  const RangeRow rows[] = {
      {"bytes=0-499", 1000, RangeKind::partial, 0, 499},
      {"bytes=500-999", 1000, RangeKind::partial, 500, 999},
      {"bytes=500-", 1000, RangeKind::partial, 500, 999},
      {"bytes=-100", 1000, RangeKind::partial, 900, 999},
      {"bytes=-5000", 1000, RangeKind::partial, 0, 999},  // suffix longer than the object
      {"bytes=900-5000", 1000, RangeKind::partial, 900, 999},  // end clamped
      {"bytes=0-0", 1000, RangeKind::partial, 0, 0},
      {"bytes=999-999", 1000, RangeKind::partial, 999, 999},
      {" Bytes=1-2 ", 1000, RangeKind::partial, 1, 2},
      {"bytes = 1-2", 1000, RangeKind::full},  // no whitespace around '=' (RFC 9110)
      {"bytes=1000-", 1000, RangeKind::unsatisfiable},
      {"bytes=1000-2000", 1000, RangeKind::unsatisfiable},
      {"bytes=-0", 1000, RangeKind::unsatisfiable},
      {"bytes=0-", 0, RangeKind::unsatisfiable},
      {"bytes=-1", 0, RangeKind::unsatisfiable},
      {"", 1000, RangeKind::full},
      {"bytes=0-1,5-6", 1000, RangeKind::full},  // multiple ranges: served whole
      {"bytes=5-1", 1000, RangeKind::full},      // invalid: ignored
      {"bytes=abc", 1000, RangeKind::full},
      {"bytes=-", 1000, RangeKind::full},
      {"bytes=1", 1000, RangeKind::full},
      {"items=0-1", 1000, RangeKind::full},
      {"bytes=+1-2", 1000, RangeKind::full},
      {"bytes=99999999999999999999999-", 1000, RangeKind::full},  // overflow: not a number we can read
  };
  for (const RangeRow& row : rows) {
    SCOPED_TRACE(row.header);
    const RangeSpec r = parse_range(row.header, row.size);
    EXPECT_EQ(r.kind, row.kind);
    if (row.kind == RangeKind::partial) {
      EXPECT_EQ(r.range.first, row.first);
      EXPECT_EQ(r.range.last, row.last);
    }
  }
}

TEST(MediaRange, EtagMatching) {
  EXPECT_TRUE(etag_matches("\"abc\"", "\"abc\""));
  EXPECT_TRUE(etag_matches("W/\"abc\"", "\"abc\""));
  EXPECT_TRUE(etag_matches("\"x\", \"abc\"", "\"abc\""));
  EXPECT_TRUE(etag_matches("*", "\"abc\""));
  EXPECT_FALSE(etag_matches("\"abd\"", "\"abc\""));
  EXPECT_FALSE(etag_matches("abc", "\"abc\""));
  EXPECT_FALSE(etag_matches("", "\"abc\""));
}

TEST(MediaRange, ContentTypes) {
  EXPECT_EQ(media_content_type("jobs/j/clip.mp4"), "video/mp4");
  EXPECT_EQ(media_content_type("jobs/j/poster.jpg"), "image/jpeg");
  EXPECT_EQ(media_content_type("jobs/j/hls/master.m3u8"), "application/vnd.apple.mpegurl");
  EXPECT_EQ(media_content_type("jobs/j/hls/seg_001.m4s"), "video/iso.segment");
  EXPECT_EQ(media_content_type("jobs/j/captions.vtt"), "text/vtt; charset=utf-8");
  EXPECT_EQ(media_content_type("jobs/j/README"), "application/octet-stream");
}

class MediaUrlTest : public ::testing::Test {
 protected:
  MediaSigner signer_{"test-signing-key"};
  TimePoint now_{std::chrono::seconds{1'790'000'000}};
};

TEST_F(MediaUrlTest, SignAndVerify) {
  const std::int64_t exp = 1'790'000'600;
  const std::string sig = signer_.sign("jobs/a/clip.mp4", exp);
  EXPECT_EQ(sig.size(), 64u);
  const auto ok = signer_.verify("jobs/a/clip.mp4", "1790000600", sig, now_);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(*ok, exp);
  EXPECT_EQ(signer_.path("jobs/a/clip.mp4", exp), "/media/jobs/a/clip.mp4?exp=1790000600&sig=" + sig);
}

TEST_F(MediaUrlTest, KnownVector) {
  // The widely published HMAC-SHA256 example: checks the primitive against an outside
  // value, not just against itself.
  const HmacSha256 mac("key");
  EXPECT_EQ(mac.hex("The quick brown fox jumps over the lazy dog"),
            "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
}

TEST_F(MediaUrlTest, RejectsTamperingAndExpiry) {
  const std::int64_t exp = 1'790'000'600;
  const std::string sig = signer_.sign("jobs/a/clip.mp4", exp);
  const struct {
    const char* name;
    std::string key, exp, sig;
    TimePoint now;
  } rows[] = {
      {"other key", "jobs/b/clip.mp4", "1790000600", sig, now_},
      {"later expiry", "jobs/a/clip.mp4", "1790000601", sig, now_},
      {"leading zero", "jobs/a/clip.mp4", "01790000600", sig, now_},
      {"flipped sig", "jobs/a/clip.mp4", "1790000600", std::string(sig).replace(0, 1, sig[0] == 'a' ? "b" : "a"), now_},
      {"uppercase sig", "jobs/a/clip.mp4", "1790000600", [&] {
         std::string s = sig;
         for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
         return s;
       }(), now_},
      {"short sig", "jobs/a/clip.mp4", "1790000600", sig.substr(0, 63), now_},
      {"no sig", "jobs/a/clip.mp4", "1790000600", "", now_},
      {"no exp", "jobs/a/clip.mp4", "", sig, now_},
      {"junk exp", "jobs/a/clip.mp4", "soon", sig, now_},
      {"negative exp", "jobs/a/clip.mp4", "-1", sig, now_},
      {"expired", "jobs/a/clip.mp4", "1790000600", sig, TimePoint{std::chrono::seconds{1'790'000'600}}},
      {"other signing key", "jobs/a/clip.mp4", "1790000600", MediaSigner("other").sign("jobs/a/clip.mp4", exp), now_},
  };
  for (const auto& row : rows) {
    const auto r = signer_.verify(row.key, row.exp, row.sig, row.now);
    ASSERT_FALSE(r.has_value()) << row.name;
    EXPECT_EQ(r.error().code, ErrorCode::forbidden) << row.name;
  }
}

}  // namespace
}  // namespace syncreel::api
