#include "api/router.hpp"

#include <gtest/gtest.h>

#include <map>

#include <nlohmann/json.hpp>

#include "api/api_keys.hpp"
#include "api/errors.hpp"

namespace syncreel::api {
namespace {

class OneKeyStore final : public KeyStore {
 public:
  Result<void> add(const ApiKeyRecord& key) override {
    keys_[key.secret_hash] = key;
    return {};
  }
  Result<std::optional<ApiKeyRecord>> find_by_hash(std::string_view hash) override {
    const auto it = keys_.find(std::string(hash));
    return it == keys_.end() ? std::optional<ApiKeyRecord>{} : std::optional<ApiKeyRecord>{it->second};
  }
  Result<void> revoke(std::string_view, TimePoint) override { return {}; }
  Result<std::vector<ApiKeyRecord>> list() override { return std::vector<ApiKeyRecord>{}; }

 private:
  std::map<std::string, ApiKeyRecord> keys_;
};

Response echo(std::string_view what, const RequestContext& ctx) {
  std::string body = std::string(what) + "|" + std::string(ctx.param) + "|" + std::string(ctx.query);
  if (ctx.principal != nullptr) body += "|" + ctx.principal->user_id;
  return json_response(http::status::ok, body);
}

class RouterTest : public ::testing::Test {
 protected:
  RouterTest()
      : user_(issue_api_key(Role::user, "usr_u", "", clock_.now())),
        admin_(issue_api_key(Role::admin, "usr_a", "", clock_.now())),
        router_(
            {
                {http::verb::get, "/v1/jobs", Role::user, [](const RequestContext& c) { return echo("list", c); }},
                {http::verb::get, "/v1/jobs/{id}", Role::user, [](const RequestContext& c) { return echo("get", c); }},
                {http::verb::delete_, "/v1/jobs/{id}", Role::user,
                 [](const RequestContext& c) { return echo("delete", c); }},
                {http::verb::get, "/v1/jobs/{id}/events", Role::user,
                 [](const RequestContext& c) { return echo("events", c); }},
                {http::verb::get, "/v1/admin", Role::admin, [](const RequestContext& c) { return echo("admin", c); }},
                {http::verb::get, "/media/{key...}", std::nullopt,
                 [](const RequestContext& c) { return echo("media", c); }},
                {http::verb::get, "/healthz", std::nullopt, [](const RequestContext& c) { return echo("health", c); }},
            },
            auth_) {
    keys_.add(user_.record);
    keys_.add(admin_.record);
  }

  Router::Outcome call(http::verb method, std::string target, const IssuedKey* key = nullptr) {
    Request req{method, target, 11};
    if (key != nullptr) req.set(http::field::authorization, "Bearer " + key->secret);
    return router_.dispatch(req);
  }
  static std::string code_of(const Response& r) {
    const auto j = nlohmann::json::parse(r.msg.body(), nullptr, false);
    return j.is_object() && j.contains("error") ? j["error"]["code"].get<std::string>() : "";
  }

  ManualClock clock_;
  OneKeyStore keys_;
  Authenticator auth_{keys_, clock_};
  IssuedKey user_, admin_;
  Router router_;
};

TEST_F(RouterTest, MatchesAndCaptures) {
  const struct {
    http::verb method;
    const char* target;
    const char* body;
  } rows[] = {
      {http::verb::get, "/v1/jobs", "list|||usr_u"},
      {http::verb::get, "/v1/jobs?limit=5&cursor=x", "list||limit=5&cursor=x|usr_u"},
      {http::verb::get, "/v1/jobs/job_1", "get|job_1||usr_u"},
      {http::verb::head, "/v1/jobs/job_1", "get|job_1||usr_u"},
      {http::verb::delete_, "/v1/jobs/job_1", "delete|job_1||usr_u"},
      {http::verb::get, "/v1/jobs/job_1/events", "events|job_1||usr_u"},
      {http::verb::get, "/media/jobs/j/hls/seg.m4s?exp=1&sig=2", "media|jobs/j/hls/seg.m4s|exp=1&sig=2"},
      {http::verb::get, "/healthz", "health||"},
  };
  for (const auto& row : rows) {
    const auto out = call(row.method, row.target, &user_);
    EXPECT_EQ(out.response.msg.result(), http::status::ok) << row.target;
    EXPECT_EQ(out.response.msg.body(), row.body) << row.target;
    EXPECT_LT(out.route, router_.labels().size() - 1) << row.target;
  }
}

TEST_F(RouterTest, ErrorsTable) {
  const struct {
    http::verb method;
    const char* target;
    const IssuedKey* key;
    unsigned status;
    const char* code;
  } rows[] = {
      {http::verb::get, "/nope", &user_, 404, "not_found"},
      {http::verb::get, "/v1/jobs/", &user_, 404, "not_found"},
      {http::verb::get, "/v1/jobs/a/b", &user_, 404, "not_found"},
      {http::verb::get, "/v1/jobs/a/events/x", &user_, 404, "not_found"},
      {http::verb::get, "/media/", nullptr, 404, "not_found"},
      {http::verb::get, "/v1/jobs/..%2F..%2Fetc", nullptr, 401, "unauthorized"},  // a segment, not a traversal
      {http::verb::post, "/v1/jobs/job_1", &user_, 405, "method_not_allowed"},
      {http::verb::put, "/healthz", nullptr, 405, "method_not_allowed"},
      {http::verb::get, "/v1/jobs", nullptr, 401, "unauthorized"},
      {http::verb::get, "/v1/admin", &user_, 403, "forbidden"},
      {http::verb::get, "/v1/../healthz", nullptr, 400, "invalid_request"},
      {http::verb::get, "/media/jobs/../secret", nullptr, 400, "invalid_request"},
      {http::verb::get, "/media/jobs/%2e%2E/secret", nullptr, 400, "invalid_request"},
      {http::verb::get, "/media/./x", nullptr, 400, "invalid_request"},
      {http::verb::get, "/media/x/..", nullptr, 400, "invalid_request"},
      {http::verb::get, "/healthz%00", nullptr, 400, "invalid_request"},
      {http::verb::get, "http://example.com/healthz", nullptr, 400, "invalid_request"},
      {http::verb::get, "*", nullptr, 400, "invalid_request"},
      {http::verb::get, "/media\\x", nullptr, 400, "invalid_request"},
  };
  for (const auto& row : rows) {
    const auto out = call(row.method, row.target, row.key);
    EXPECT_EQ(out.response.msg.result_int(), row.status) << row.target;
    EXPECT_EQ(code_of(out.response), row.code) << row.target;
  }
  const auto admin = call(http::verb::get, "/v1/admin", &admin_);
  EXPECT_EQ(admin.response.msg.result(), http::status::ok);
}

TEST_F(RouterTest, MethodNotAllowedListsAllow) {
  const auto out = call(http::verb::post, "/v1/jobs/job_1", &user_);
  EXPECT_EQ(out.response.msg[http::field::allow], "GET, HEAD, DELETE");
  EXPECT_EQ(out.route, router_.labels().size() - 1);
}

TEST_F(RouterTest, UnauthorizedCarriesChallenge) {
  const auto out = call(http::verb::get, "/v1/jobs");
  EXPECT_EQ(out.response.msg[http::field::www_authenticate], "Bearer");
}

TEST(QueryParam, Decodes) {
  EXPECT_EQ(query_param("a=1&b=two", "b"), "two");
  EXPECT_EQ(query_param("a=1&b=two", "a"), "1");
  EXPECT_EQ(query_param("a=x%20y+z", "a"), "x y z");
  EXPECT_EQ(query_param("a=%zz%4", "a"), "%zz%4");
  EXPECT_EQ(query_param("flag&a=1", "flag"), "");
  EXPECT_EQ(query_param("aa=1", "a"), std::nullopt);
  EXPECT_EQ(query_param("", "a"), std::nullopt);
}

}  // namespace
}  // namespace syncreel::api
