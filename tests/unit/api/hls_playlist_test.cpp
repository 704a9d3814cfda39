#include "api/hls_playlist.hpp"

#include <gtest/gtest.h>

namespace syncreel::api {
namespace {

TEST(HlsPlaylist, ResolvesRelativeUris) {
  const struct {
    const char* playlist;
    const char* uri;
    const char* key;  // "" = left alone
  } rows[] = {
      {"jobs/j/hls/master.m3u8", "720p/index.m3u8", "jobs/j/hls/720p/index.m3u8"},
      {"jobs/j/hls/720p/index.m3u8", "seg_000.m4s", "jobs/j/hls/720p/seg_000.m4s"},
      {"jobs/j/hls/720p/index.m3u8", "./init.mp4", "jobs/j/hls/720p/init.mp4"},
      {"jobs/j/hls/720p/index.m3u8", "../audio/a.m4s", "jobs/j/hls/audio/a.m4s"},
      {"jobs/j/hls/master.m3u8", "../../../../etc/passwd", ""},
      {"jobs/j/hls/master.m3u8", "https://cdn.example.com/x.m4s", ""},
      {"jobs/j/hls/master.m3u8", "/media/jobs/j/x.m4s", ""},
      {"jobs/j/hls/master.m3u8", "x.m4s?token=1", ""},
      {"jobs/j/hls/master.m3u8", "bad name.m4s", ""},
      {"jobs/j/hls/master.m3u8", "", ""},
  };
  for (const auto& row : rows) EXPECT_EQ(resolve_playlist_uri(row.playlist, row.uri), row.key) << row.uri;
}

TEST(HlsPlaylist, SignsEveryReference) {
  const MediaSigner signer("k");
  const std::string text =
      "#EXTM3U\r\n"
      "#EXT-X-VERSION:7\r\n"
      "#EXT-X-MAP:URI=\"init.mp4\"\r\n"
      "#EXTINF:2.0,\r\n"
      "seg_000.m4s\r\n"
      "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",URI=\"../audio/index.m3u8\",NAME=\"x\"\r\n"
      "https://cdn.example.com/other.m4s\r\n"
      "#EXT-X-ENDLIST\r\n";
  const std::string out = sign_playlist(text, "jobs/j/hls/720p/index.m3u8", 1790000600, signer);
  const std::string q = "?exp=1790000600&sig=";
  const std::string expected =
      "#EXTM3U\r\n"
      "#EXT-X-VERSION:7\r\n"
      "#EXT-X-MAP:URI=\"init.mp4" + q + signer.sign("jobs/j/hls/720p/init.mp4", 1790000600) + "\"\r\n"
      "#EXTINF:2.0,\r\n"
      "seg_000.m4s" + q + signer.sign("jobs/j/hls/720p/seg_000.m4s", 1790000600) + "\r\n"
      "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",URI=\"../audio/index.m3u8" + q +
      signer.sign("jobs/j/hls/audio/index.m3u8", 1790000600) + "\",NAME=\"x\"\r\n"
      "https://cdn.example.com/other.m4s\r\n"
      "#EXT-X-ENDLIST\r\n";
  EXPECT_EQ(out, expected);
  EXPECT_EQ(sign_playlist("#EXTM3U\nx.m4s", "p/l.m3u8", 5, signer),
            "#EXTM3U\nx.m4s?exp=5&sig=" + signer.sign("p/x.m4s", 5));
}

}  // namespace
}  // namespace syncreel::api
