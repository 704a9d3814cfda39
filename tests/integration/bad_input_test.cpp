// The bad-input catalogue, against the real binary: each row is a request a careless or
// hostile client might send, and the answer it must get. After the whole table the
// service still serves.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace syncreel::testing {
namespace {

using nlohmann::json;

struct BadRequest {
  const char* name;
  std::string method;
  std::string target;
  std::string body;
  enum class Auth { user, none, bogus, revoked } auth = Auth::user;
  int status;
  std::string code;   // error.code in the envelope
  std::string field;  // error.field when a field is at fault ("" = not checked)
  Headers extra = {};
};

std::string with(json body, const std::string& key, json value) {
  body[key] = std::move(value);
  return body.dump();
}
std::string without(json body, const std::string& key) {
  body.erase(key);
  return body.dump();
}

class BadInputTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    service_ = new ServiceProcess(dir_->path());
    ASSERT_TRUE(service_->start()) << service_->log_text();
    key_ = create_key(dir_->path());
    revoked_ = create_key(dir_->path());
  }
  static void TearDownTestSuite() {
    delete service_;
    delete dir_;
  }
  static inline TempDir* dir_ = nullptr;
  static inline ServiceProcess* service_ = nullptr;
  static inline std::string key_;
  static inline std::string revoked_;
};

TEST_F(BadInputTest, EveryBadRequestGetsItsOwnClearAnswer) {
  const json ok = small_job_body();
  using A = BadRequest::Auth;
  const std::vector<BadRequest> table = {
      {"malformed json", "POST", "/v1/generate", "{\"prompt\": ", A::user, 400, "invalid_json", ""},
      {"not an object", "POST", "/v1/generate", "[1,2]", A::user, 400, "invalid_request", ""},
      {"empty body", "POST", "/v1/generate", "", A::user, 400, "invalid_json", ""},
      {"invalid utf-8", "POST", "/v1/generate", "{\"prompt\":\"caf\xc3\",\"style\":\"anime\"}", A::user, 400,
       "invalid_json", ""},
      {"unknown field", "POST", "/v1/generate", with(ok, "colour", "red"), A::user, 400, "invalid_request", "colour"},
      {"prompt wrong type", "POST", "/v1/generate", with(ok, "prompt", 42), A::user, 400, "invalid_request", "prompt"},
      {"duration wrong type", "POST", "/v1/generate", with(ok, "duration_sec", "ten"), A::user, 400,
       "invalid_request", "duration_sec"},
      {"missing prompt", "POST", "/v1/generate", without(ok, "prompt"), A::user, 400, "invalid_request", "prompt"},
      {"missing consent", "POST", "/v1/generate", without(ok, "consent"), A::user, 400, "invalid_request", "consent"},
      {"consent false", "POST", "/v1/generate", with(ok, "consent", false), A::user, 422, "invalid_value", "consent"},
      {"empty prompt", "POST", "/v1/generate", with(ok, "prompt", ""), A::user, 422, "invalid_value", "prompt"},
      {"prompt too long", "POST", "/v1/generate", with(ok, "prompt", std::string(2001, 'a')), A::user, 422,
       "invalid_value", "prompt"},
      {"duration too short", "POST", "/v1/generate", with(ok, "duration_sec", 4), A::user, 422, "invalid_value",
       "duration_sec"},
      {"duration too long", "POST", "/v1/generate", with(ok, "duration_sec", 31), A::user, 422, "invalid_value",
       "duration_sec"},
      {"unknown style", "POST", "/v1/generate", with(ok, "style", "noir"), A::user, 422, "invalid_value", "style"},
      {"unknown aspect", "POST", "/v1/generate", with(ok, "aspect_ratio", "4:3"), A::user, 422, "invalid_value",
       "aspect_ratio"},
      {"unknown resolution", "POST", "/v1/generate", with(ok, "resolution", "4k"), A::user, 422, "invalid_value",
       "resolution"},
      {"unknown language", "POST", "/v1/generate", with(ok, "language", "de"), A::user, 422, "invalid_value",
       "language"},
      {"negative seed", "POST", "/v1/generate", with(ok, "seed", -1), A::user, 422, "invalid_value", "seed"},
      {"body over the limit", "POST", "/v1/generate", with(ok, "prompt", std::string(1 << 20, 'a')), A::user, 413,
       "body_too_large", ""},
      {"wrong content type", "POST", "/v1/generate", ok.dump(), A::user, 415, "unsupported_media_type", "",
       {{"Content-Type", "text/plain"}}},
      {"no key", "POST", "/v1/generate", ok.dump(), A::none, 401, "unauthorized", ""},
      {"bogus key", "GET", "/v1/jobs", "", A::bogus, 401, "unauthorized", ""},
      {"revoked key", "GET", "/v1/jobs", "", A::revoked, 401, "unauthorized", ""},
      {"unknown route", "GET", "/v1/nothing-here", "", A::user, 404, "not_found", ""},
      {"unknown job", "GET", "/v1/jobs/job_00000000000000000000000000", "", A::user, 404, "not_found", ""},
      {"junk job id", "GET", "/v1/jobs/..%2F..%2Fetc", "", A::user, 404, "not_found", ""},
      {"wrong method", "PUT", "/v1/generate", ok.dump(), A::user, 405, "method_not_allowed", ""},
      {"bad limit", "GET", "/v1/jobs?limit=0", "", A::user, 400, "invalid_request", "limit"},
      {"huge limit", "GET", "/v1/jobs?limit=100000", "", A::user, 400, "invalid_request", "limit"},
      {"bad idempotency key", "POST", "/v1/generate", ok.dump(), A::user, 400, "invalid_request", "Idempotency-Key",
       {{"Idempotency-Key", std::string(300, 'k')}}},
      {"unsigned media", "GET", "/media/jobs/x/clip.mp4", "", A::none, 403, "forbidden", ""},
  };

  // Revoke the second key through the admin surface the store offers: the CLI.
  ASSERT_EQ(run_command({syncreel_binary(), "keys", "revoke", "--data", dir_->path().string(), revoked_}).exit_code, 0);

  for (const auto& row : table) {
    Headers headers = row.extra;
    switch (row.auth) {
      case BadRequest::Auth::user: headers["Authorization"] = "Bearer " + key_; break;
      case BadRequest::Auth::bogus: headers["Authorization"] = "Bearer sr_not_a_real_key"; break;
      case BadRequest::Auth::revoked: headers["Authorization"] = "Bearer " + revoked_; break;
      case BadRequest::Auth::none: break;
    }
    const auto res = http_request(service_->port(), row.method, row.target, row.body, headers);
    EXPECT_EQ(res.status, row.status) << row.name << ": " << res.body;
    const json err = json::parse(res.body, nullptr, false);
    ASSERT_TRUE(err.is_object() && err.contains("error")) << row.name << ": no error envelope: " << res.body;
    EXPECT_EQ(err["error"].value("code", ""), row.code) << row.name;
    EXPECT_FALSE(err["error"].value("message", "").empty()) << row.name;
    if (!row.field.empty()) {
      EXPECT_EQ(err["error"].value("field", ""), row.field) << row.name;
    }
    if (row.status == 401) {
      EXPECT_EQ(res.header("www-authenticate").rfind("Bearer", 0), 0u) << row.name;
    }
    if (row.status == 405) {
      EXPECT_FALSE(res.header("allow").empty()) << row.name;
    }
  }
  EXPECT_EQ(http_request(service_->port(), "GET", "/healthz").status, 200) << "the service stopped serving";
}

TEST_F(BadInputTest, MalformedHttpDoesNotStopTheService) {
  for (const std::string& junk : {std::string("GARBAGE\r\n\r\n"), std::string("GET / HTTP/9.9\r\n\r\n"),
                                  std::string("GET /healthz HTTP/1.1\r\nContent-Length: -5\r\n\r\n"),
                                  std::string(100000, 'A'), std::string("\0\0\0\0", 4)}) {
    raw_request(service_->port(), junk);
  }
  EXPECT_EQ(http_request(service_->port(), "GET", "/healthz").status, 200);
}

}  // namespace
}  // namespace syncreel::testing
