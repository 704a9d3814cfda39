// The server over real sockets: auth, generate/idempotency, ownership, paging, delete,
// SSE, limits, malformed input, graceful shutdown. Media has its own file.
#include <gtest/gtest.h>

#include <thread>

#include "server_fixture.hpp"

namespace syncreel::testing {
namespace {

using nlohmann::json;

class HttpServerTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    start();
  }
  static std::string code_of(const Reply& r) {
    const json j = json::parse(r.body, nullptr, false);
    return j.is_object() && j.contains("error") ? j["error"].value("code", "") : "";
  }
};

TEST_F(HttpServerTest, V1NeedsAKnownBearerKey) {
  const Reply none = request(port(), "GET", "/v1/jobs");
  EXPECT_EQ(none.status, 401u);
  EXPECT_EQ(none.header("www-authenticate"), "Bearer");
  EXPECT_EQ(code_of(none), "unauthorized");
  EXPECT_EQ(request(port(), "GET", "/v1/jobs", "", {{"Authorization", "Bearer sr_bogus"}}).status, 401u);
  EXPECT_EQ(request(port(), "GET", "/v1/jobs", "", {{"Authorization", "Basic eDp5"}}).status, 401u);

  const api::IssuedKey revoked = add_key(Role::user, "usr_gone");
  ASSERT_TRUE(keys_->revoke(revoked.record.key_id, clock_.now()));
  EXPECT_EQ(request(port(), "GET", "/v1/jobs", "", bearer(revoked)).status, 401u);
  EXPECT_EQ(request(port(), "GET", "/v1/jobs", "", bearer(alice_)).status, 200u);
}

TEST_F(HttpServerTest, GenerateIsIdempotent) {
  const std::string body = job_body().dump();
  const Headers headers = bearer(alice_, {{"Idempotency-Key", "order-1"}});
  const Reply first = request(port(), "POST", "/v1/generate", body, headers);
  ASSERT_EQ(first.status, 202u) << first.body;
  const json created = json::parse(first.body);
  const std::string id = created["id"];
  EXPECT_TRUE(is_valid_job_id(id));
  EXPECT_EQ(created["status"], "queued");
  EXPECT_EQ(first.header("location"), "/v1/jobs/" + id);
  EXPECT_EQ(created["links"]["self"], "/v1/jobs/" + id);
  EXPECT_EQ(created["links"]["events"], "/v1/jobs/" + id + "/events");

  // The same body with its keys in another order is the same request.
  const std::string reordered = R"({"consent":true,"duration_sec":6,"style":"cinematic","prompt":")" +
                                job_body()["prompt"].get<std::string>() + "\"}";
  const Reply replay = request(port(), "POST", "/v1/generate", reordered, headers);
  EXPECT_EQ(replay.status, 202u);
  EXPECT_EQ(replay.body, first.body);
  EXPECT_EQ(replay.header("idempotent-replayed"), "true");

  const Reply conflict = request(port(), "POST", "/v1/generate", job_body("autre chose").dump(), headers);
  EXPECT_EQ(conflict.status, 409u);
  EXPECT_EQ(code_of(conflict), "conflict");

  // Keys are per user: Bob's "order-1" is his own.
  const Reply bobs = request(port(), "POST", "/v1/generate", body, bearer(bob_, {{"Idempotency-Key", "order-1"}}));
  EXPECT_EQ(bobs.status, 202u);
  EXPECT_NE(json::parse(bobs.body)["id"], id);
}

TEST_F(HttpServerTest, GenerateRejectsBadRequests) {
  const Reply wrong_type = request(port(), "POST", "/v1/generate", job_body().dump(),
                                   bearer(alice_, {{"Content-Type", "text/plain"}}));
  EXPECT_EQ(wrong_type.status, 415u);
  const Reply bad_key = request(port(), "POST", "/v1/generate", job_body().dump(),
                                bearer(alice_, {{"Idempotency-Key", std::string(256, 'k')}}));
  EXPECT_EQ(bad_key.status, 400u);
  EXPECT_EQ(json::parse(bad_key.body)["error"]["field"], "Idempotency-Key");
  json no_consent = job_body();
  no_consent["consent"] = false;
  const Reply refused = request(port(), "POST", "/v1/generate", no_consent.dump(), bearer(alice_));
  EXPECT_EQ(refused.status, 422u);
  EXPECT_EQ(json::parse(refused.body)["error"]["field"], "consent");
  EXPECT_EQ(request(port(), "POST", "/v1/generate", "{", bearer(alice_)).status, 400u);
}

TEST_F(HttpServerTest, JobsAreVisibleToTheirOwnerAndModerators) {
  const std::string id = create_job(alice_);
  const Reply mine = request(port(), "GET", "/v1/jobs/" + id, "", bearer(alice_));
  ASSERT_EQ(mine.status, 200u);
  const json job = json::parse(mine.body);
  EXPECT_EQ(job["id"], id);
  EXPECT_EQ(job["status"], "queued");
  EXPECT_EQ(job["stages"][0]["name"], "queued");
  EXPECT_EQ(request(port(), "GET", "/v1/jobs/" + id, "", bearer(bob_)).status, 404u);
  EXPECT_EQ(request(port(), "GET", "/v1/jobs/" + id, "", bearer(mod_)).status, 200u);
  EXPECT_EQ(request(port(), "GET", "/v1/jobs/job_not-an-id", "", bearer(alice_)).status, 404u);
  EXPECT_EQ(request(port(), "GET", "/v1/jobs/..%2F..%2Fetc", "", bearer(alice_)).status, 404u);
  EXPECT_EQ(request(port(), "DELETE", "/v1/jobs/" + id, "", bearer(bob_)).status, 404u);
  EXPECT_EQ(request(port(), "HEAD", "/v1/jobs/" + id, "", bearer(alice_)).status, 200u);
}

TEST_F(HttpServerTest, ListPagesNewestFirst) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(create_job(alice_, "clip " + std::to_string(i)));
  create_job(bob_);
  std::vector<std::string> seen;
  std::string cursor;
  for (int page = 0; page < 4; ++page) {
    const Reply r = request(port(), "GET", "/v1/jobs?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor), "",
                            bearer(alice_));
    ASSERT_EQ(r.status, 200u) << r.body;
    const json j = json::parse(r.body);
    for (const auto& item : j["items"]) seen.push_back(item["id"]);
    if (j["next_cursor"].is_null()) break;
    cursor = j["next_cursor"];
  }
  EXPECT_EQ(seen, (std::vector<std::string>{ids[4], ids[3], ids[2], ids[1], ids[0]}));
  const json all = json::parse(request(port(), "GET", "/v1/jobs", "", bearer(alice_)).body);
  EXPECT_EQ(all["items"].size(), 5u);
  EXPECT_TRUE(all["next_cursor"].is_null());
  for (const char* bad : {"limit=0", "limit=101", "limit=x", "limit=", "cursor=nope"}) {
    const Reply r = request(port(), "GET", std::string("/v1/jobs?") + bad, "", bearer(alice_));
    EXPECT_EQ(r.status, 400u) << bad;
    EXPECT_EQ(code_of(r), "invalid_request") << bad;
  }
}

TEST_F(HttpServerTest, DeleteCancelsARunningJob) {
  const std::string id = create_job(alice_);
  const Reply r = request(port(), "DELETE", "/v1/jobs/" + id, "", bearer(alice_));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(json::parse(r.body)["status"], "cancelled");
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "cancelled");
}

TEST_F(HttpServerTest, EventsStreamTheJobUntilItEnds) {
  const std::string id = create_job(alice_);
  SseClient sse(port(), "/v1/jobs/" + id + "/events", bearer(alice_));
  ASSERT_EQ(sse.status(), 200u);
  EXPECT_EQ(sse.headers().at("content-type"), "text/event-stream");
  EXPECT_EQ(sse.headers().at("cache-control"), "no-cache");
  const auto first = sse.next(std::chrono::seconds{5});
  ASSERT_TRUE(first);
  EXPECT_EQ(first->id, "1");
  EXPECT_EQ(first->event, "state");
  EXPECT_EQ(json::parse(first->data)["status"], "queued");

  // Changes made on another thread, as a worker would.
  std::thread worker([&] {
    clock_.advance(std::chrono::seconds{1});
    jobs_.advance(id, JobState::submitted);
    jobs_.advance(id, JobState::generating, 0);
    jobs_.advance(id, JobState::generating, 40);
  });
  worker.join();
  std::vector<std::pair<std::string, std::string>> got;  // (event, status)
  while (got.size() < 3) {
    const auto ev = sse.next(std::chrono::seconds{5});
    ASSERT_TRUE(ev) << "missing events after " << got.size();
    got.emplace_back(ev->event, json::parse(ev->data)["status"]);
  }
  EXPECT_EQ(got[0], (std::pair<std::string, std::string>{"state", "submitted"}));
  EXPECT_EQ(got[1], (std::pair<std::string, std::string>{"state", "generating"}));
  EXPECT_EQ(got[2], (std::pair<std::string, std::string>{"progress", "generating"}));

  jobs_.advance(id, JobState::failed);
  const auto last = sse.next(std::chrono::seconds{5});
  ASSERT_TRUE(last);
  EXPECT_EQ(json::parse(last->data)["status"], "failed");
  EXPECT_FALSE(sse.next(std::chrono::seconds{5}));
  EXPECT_TRUE(sse.ended()) << "the stream ends after a terminal state";
  for (int i = 0; i < 100 && jobs_.subscriber_count(id) > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds{10});
  EXPECT_EQ(jobs_.subscriber_count(id), 0);

  SseClient other(port(), "/v1/jobs/" + id + "/events", bearer(bob_));
  EXPECT_EQ(other.status(), 404u);
}

TEST_F(HttpServerTest, LimitsAndMalformedInputThenStillServing) {
  // 1 MB with a Content-Length over the limit: refused before the body is read.
  const Reply big = request(port(), "POST", "/v1/generate", job_body(std::string(1 << 20, 'a')).dump(), bearer(alice_));
  EXPECT_EQ(big.status, 413u);
  EXPECT_EQ(code_of(big), "body_too_large");
  // The same without a length (chunked): refused while reading.
  Connection chunked(port());
  chunked.write_raw("POST /v1/generate HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + alice_.secret +
                    "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n100000\r\n" +
                    std::string(0x100000, 'a') + "\r\n0\r\n\r\n");
  EXPECT_EQ(chunked.read_reply().status, 413u);

  const Reply put = request(port(), "PUT", "/v1/generate", job_body().dump(), bearer(alice_));
  EXPECT_EQ(put.status, 405u);
  EXPECT_EQ(put.header("allow"), "POST");
  EXPECT_EQ(request(port(), "GET", "/nowhere").status, 404u);
  EXPECT_EQ(request(port(), "GET", "/v1/../healthz").status, 400u);

  const std::vector<std::string> junks = {"GARBAGE\r\n\r\n", "GET / HTTP/9.9\r\n\r\n",
                                          "GET /healthz HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
                                          "GET /healthz HTTP/1.1\r\nX: " + std::string(20000, 'h') + "\r\n\r\n",
                                          std::string("\0\0\0\0", 4)};
  for (const std::string& junk : junks) {
    Connection c(port());
    c.write_raw(junk);
    const Reply r = c.read_reply();
    EXPECT_TRUE(r.status == 400u || r.status == 431u) << r.status;
  }
  jobs_.throw_in_list = true;
  const Reply boom = request(port(), "GET", "/v1/jobs", "", bearer(alice_));
  EXPECT_EQ(boom.status, 500u);
  EXPECT_EQ(code_of(boom), "internal");
  EXPECT_NE(log_text().find("list exploded"), std::string::npos);
  jobs_.throw_in_list = false;

  EXPECT_EQ(request(port(), "GET", "/healthz").status, 200u);
}

TEST_F(HttpServerTest, KeepAliveAndPipelining) {
  Connection c(port());
  EXPECT_EQ(c.send("GET", "/healthz").status, 200u);
  EXPECT_EQ(c.send("GET", "/v1/jobs", "", bearer(alice_)).status, 200u);
  c.write_raw("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(c.read_reply().status, 200u);
  EXPECT_EQ(c.read_reply().status, 404u);
  c.write_raw("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(c.read_reply().status, 200u);
  EXPECT_TRUE(c.closed_by_peer(std::chrono::seconds{5}));
}

TEST_F(HttpServerTest, OpsEndpoints) {
  const Reply health = request(port(), "GET", "/healthz");
  EXPECT_EQ(health.status, 200u);
  EXPECT_EQ(json::parse(health.body)["status"], "ok");
  EXPECT_EQ(request(port(), "GET", "/readyz").status, 200u);
  ready_ = false;
  const Reply not_ready = request(port(), "GET", "/readyz");
  EXPECT_EQ(not_ready.status, 503u);
  EXPECT_EQ(code_of(not_ready), "unavailable");
  const Reply metrics = request(port(), "GET", "/metrics");
  EXPECT_EQ(metrics.status, 200u);
  EXPECT_EQ(metrics.header("content-type"), "text/plain; version=0.0.4");
  EXPECT_NE(metrics.body.find("http_requests_total{code=\"200\",route=\"/healthz\"}"), std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("http_request_duration_ms_bucket"), std::string::npos);
}

TEST_F(HttpServerTest, StopIsGracefulAndBindErrorsAreValues) {
  api::ApiConfig same;
  same.port = port();
  api::ApiDeps deps{jobs_, *keys_, *blobs_, metrics_, clock_, "k", {}, &log_};
  const auto clash = api::HttpServer::start(same, deps);
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().code, ErrorCode::unavailable);

  const std::string id = create_job(alice_);
  SseClient sse(port(), "/v1/jobs/" + id + "/events", bearer(alice_));
  ASSERT_TRUE(sse.next(std::chrono::seconds{5}));
  Connection idle(port());
  EXPECT_EQ(idle.send("GET", "/healthz").status, 200u);

  const auto started = std::chrono::steady_clock::now();
  server_->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds{5});
  EXPECT_FALSE(sse.next(std::chrono::seconds{5}));
  EXPECT_TRUE(sse.ended());
  EXPECT_TRUE(idle.closed_by_peer(std::chrono::seconds{5}));
  EXPECT_EQ(jobs_.subscriber_count(id), 0);
  server_->stop();  // idempotent
}

}  // namespace
}  // namespace syncreel::testing
