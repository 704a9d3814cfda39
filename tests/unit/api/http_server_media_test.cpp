// Media over real sockets: signed URLs from the job document, Range, ETag, expiry.
#include <gtest/gtest.h>

#include <random>

#include "api/media_url.hpp"
#include "server_fixture.hpp"

namespace syncreel::testing {
namespace {

using nlohmann::json;

class MediaServerTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    api::ApiConfig config;
    config.media_url_ttl = std::chrono::seconds{600};
    start(config);
    id_ = create_job(alice_);
    // 200 KB of noise: several 64 KiB chunks, and a wrong offset shows.
    std::mt19937 rng(7);
    bytes_.resize(200 * 1024 + 17);
    for (char& c : bytes_) c = static_cast<char>(rng());
    key_ = "jobs/" + id_ + "/clip.mp4";
    ASSERT_TRUE(blobs_->put(key_, bytes_));
    ASSERT_TRUE(blobs_->put("jobs/" + id_ + "/poster.jpg", "jpeg"));
    ASSERT_TRUE(jobs_.set_outputs(id_, {key_, "jobs/" + id_ + "/poster.jpg", "", ""}));
    for (JobState s : {JobState::submitted, JobState::generating, JobState::processing, JobState::moderating,
                       JobState::published}) {
      ASSERT_TRUE(jobs_.advance(id_, s, s == JobState::published ? 100 : 0));
    }
    const Reply job = request(port(), "GET", "/v1/jobs/" + id_, "", bearer(alice_));
    ASSERT_EQ(job.status, 200u) << job.body;
    const json doc = json::parse(job.body);
    ASSERT_TRUE(doc.contains("outputs")) << job.body;
    url_ = doc["outputs"]["mp4"];
    EXPECT_TRUE(doc["outputs"]["poster"].get<std::string>().starts_with("/media/jobs/"));
  }

  std::string id_, key_, bytes_, url_;
};

TEST_F(MediaServerTest, FullObject) {
  const Reply full = request(port(), "GET", url_);
  ASSERT_EQ(full.status, 200u);
  EXPECT_EQ(full.body, bytes_);
  EXPECT_EQ(full.header("content-type"), "video/mp4");
  EXPECT_EQ(full.header("content-length"), std::to_string(bytes_.size()));
  EXPECT_EQ(full.header("accept-ranges"), "bytes");
  EXPECT_FALSE(full.header("etag").empty());
  EXPECT_FALSE(full.header("last-modified").empty());
  const std::string cache = full.header("cache-control");
  EXPECT_TRUE(cache.starts_with("private, max-age=")) << cache;
  const int max_age = std::stoi(cache.substr(cache.find('=') + 1));
  EXPECT_GE(max_age, 600);
  EXPECT_LE(max_age, 660);

  const Reply head = request(port(), "HEAD", url_);
  EXPECT_EQ(head.status, 200u);
  EXPECT_EQ(head.header("content-length"), std::to_string(bytes_.size()));
  EXPECT_TRUE(head.body.empty());
}

TEST_F(MediaServerTest, Ranges) {
  const Reply part = request(port(), "GET", url_, "", {{"Range", "bytes=100-1123"}});
  ASSERT_EQ(part.status, 206u);
  EXPECT_EQ(part.body, bytes_.substr(100, 1024));
  EXPECT_EQ(part.header("content-range"), "bytes 100-1123/" + std::to_string(bytes_.size()));

  const Reply across = request(port(), "GET", url_, "", {{"Range", "bytes=65000-140000"}});
  ASSERT_EQ(across.status, 206u);
  EXPECT_EQ(across.body, bytes_.substr(65000, 75001)) << "a range spanning several chunks";

  const Reply tail = request(port(), "GET", url_, "", {{"Range", "bytes=-10"}});
  ASSERT_EQ(tail.status, 206u);
  EXPECT_EQ(tail.body, bytes_.substr(bytes_.size() - 10));

  const Reply beyond = request(port(), "GET", url_, "", {{"Range", "bytes=999999999-"}});
  EXPECT_EQ(beyond.status, 416u);
  EXPECT_EQ(beyond.header("content-range"), "bytes */" + std::to_string(bytes_.size()));

  const Reply multi = request(port(), "GET", url_, "", {{"Range", "bytes=0-1,5-6"}});
  EXPECT_EQ(multi.status, 200u);
  EXPECT_EQ(multi.body.size(), bytes_.size());
}

TEST_F(MediaServerTest, ConditionalRequests) {
  const std::string etag = request(port(), "HEAD", url_).header("etag");
  ASSERT_FALSE(etag.empty());
  const Reply cached = request(port(), "GET", url_, "", {{"If-None-Match", etag}});
  EXPECT_EQ(cached.status, 304u);
  EXPECT_TRUE(cached.body.empty());
  EXPECT_EQ(cached.header("etag"), etag);
  EXPECT_EQ(request(port(), "GET", url_, "", {{"If-None-Match", "\"other\""}}).status, 200u);
  // If-Range with a stale validator: the whole object, not a piece of a changed one.
  const Reply stale = request(port(), "GET", url_, "", {{"Range", "bytes=0-9"}, {"If-Range", "\"old\""}});
  EXPECT_EQ(stale.status, 200u);
  EXPECT_EQ(request(port(), "GET", url_, "", {{"Range", "bytes=0-9"}, {"If-Range", etag}}).status, 206u);
}

TEST_F(MediaServerTest, SignatureExpiryAndKeys) {
  std::string tampered = url_;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  EXPECT_EQ(request(port(), "GET", tampered).status, 403u);
  EXPECT_EQ(request(port(), "GET", "/media/" + key_).status, 403u);
  const std::string other_key = "jobs/" + id_ + "/poster.jpg";
  EXPECT_EQ(request(port(), "GET", "/media/" + other_key + url_.substr(url_.find('?'))).status, 403u)
      << "a signature is for one key";

  const api::MediaSigner signer("test-signing-key");
  const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
  EXPECT_EQ(request(port(), "GET", signer.path("jobs/" + id_ + "/missing.mp4", now_s + 60)).status, 404u);
  EXPECT_EQ(request(port(), "GET", signer.path("jobs/%2E%2E/x.mp4", now_s + 60)).status, 400u);
  EXPECT_EQ(request(port(), "GET", signer.path("jobs/%2E%2Ehidden/x.mp4", now_s + 60)).status, 404u);
  EXPECT_EQ(request(port(), "GET", signer.path(".tmp/x", now_s + 60)).status, 404u);
  EXPECT_EQ(request(port(), "GET", signer.path("jobs//x.mp4", now_s + 60)).status, 404u);

  clock_.advance(std::chrono::seconds{661});
  EXPECT_EQ(request(port(), "GET", url_).status, 403u) << "expired";
  EXPECT_EQ(request(port(), "GET", "/healthz").status, 200u);
}

TEST_F(MediaServerTest, HlsPlaylistsCarrySignedReferences) {
  const std::string dir = "jobs/" + id_ + "/hls/";
  ASSERT_TRUE(blobs_->put(dir + "master.m3u8", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\n360p/index.m3u8\n"));
  ASSERT_TRUE(blobs_->put(dir + "360p/index.m3u8",
                          "#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:2.0,\nseg_0.m4s\n#EXT-X-ENDLIST\n"));
  ASSERT_TRUE(blobs_->put(dir + "360p/init.mp4", "init"));
  ASSERT_TRUE(blobs_->put(dir + "360p/seg_0.m4s", "segment"));
  const api::MediaSigner signer("test-signing-key");
  const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
  const std::string master_url = signer.path(dir + "master.m3u8", now_s + 300);

  // As a player does: resolve each line against the URL of the playlist that names it.
  const auto resolve = [](const std::string& base, const std::string& uri) {
    return base.substr(0, base.rfind('/', base.find('?')) + 1) + uri;
  };
  const Reply master = request(port(), "GET", master_url);
  ASSERT_EQ(master.status, 200u) << master.body;
  EXPECT_EQ(master.header("content-type"), "application/vnd.apple.mpegurl");
  const std::string variant_uri = master.body.substr(master.body.rfind("360p/"));
  const std::string variant_url = resolve(master_url, variant_uri.substr(0, variant_uri.find('\n')));
  const Reply variant = request(port(), "GET", variant_url);
  ASSERT_EQ(variant.status, 200u) << variant_url;
  const std::size_t init_at = variant.body.find("init.mp4");
  const std::string init_uri = variant.body.substr(init_at, variant.body.find('"', init_at) - init_at);
  const std::size_t seg_at = variant.body.find("seg_0.m4s");
  const std::string seg_uri = variant.body.substr(seg_at, variant.body.find('\n', seg_at) - seg_at);
  const Reply init = request(port(), "GET", resolve(variant_url, init_uri));
  EXPECT_EQ(init.status, 200u);
  EXPECT_EQ(init.body, "init");
  const Reply seg = request(port(), "GET", resolve(variant_url, seg_uri));
  EXPECT_EQ(seg.status, 200u);
  EXPECT_EQ(seg.body, "segment");
  EXPECT_EQ(seg.header("content-type"), "video/iso.segment");

  const Reply again = request(port(), "GET", master_url, "", {{"If-None-Match", master.header("etag")}});
  EXPECT_EQ(again.status, 304u);
}

TEST_F(MediaServerTest, OwnersSeeNoMediaOnceDeleted) {
  const Reply deleted = request(port(), "DELETE", "/v1/jobs/" + id_, "", bearer(alice_));
  ASSERT_EQ(deleted.status, 200u) << deleted.body;
  EXPECT_FALSE(json::parse(deleted.body).contains("outputs"));
}

}  // namespace
}  // namespace syncreel::testing
