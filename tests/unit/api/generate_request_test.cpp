#include "api/generate_request.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace syncreel::api {
namespace {

using nlohmann::json;

json valid_body() {
  return {{"prompt", "Une femme dit « Bonjour » sur une plage"}, {"style", "anime"}, {"duration_sec", 8},
          {"consent", true}};
}
std::string with(std::string key, json value) {
  json b = valid_body();
  b[key] = std::move(value);
  return b.dump();
}
std::string without(const std::string& key) {
  json b = valid_body();
  b.erase(key);
  return b.dump();
}

struct Row {
  const char* name;
  std::string body;
  unsigned status;  // 0: accepted
  const char* code;
  const char* field;
};

// The bad-input catalogue: each body, and the one answer it gets.
TEST(GenerateRequest, BadInputCatalogue) {
  const Row rows[] = {
      {"valid", valid_body().dump(), 0, "", ""},
      {"all optional fields", [] {
         json b = valid_body();
         b.update({{"aspect_ratio", "9:16"}, {"resolution", "1080p"}, {"voice", "fr-FR_Denise"},
                   {"language", "fr"}, {"seed", 4294967295u}, {"provider", "local"}, {"model", "m-1.0"},
                   {"webhook_url", "https://example.com/hook"}, {"max_cost_usd", 0.5}});
         return b.dump();
       }(), 0, "", ""},
      {"optional null is absent", with("voice", nullptr), 0, "", ""},
      // 400 invalid_json
      {"empty body", "", 400, "invalid_json", ""},
      {"truncated json", R"({"prompt": )", 400, "invalid_json", ""},
      {"trailing garbage", valid_body().dump() + "x", 400, "invalid_json", ""},
      {"single quotes", "{'prompt': 'x'}", 400, "invalid_json", ""},
      {"invalid utf-8 in string", "{\"prompt\":\"caf\xc3\",\"style\":\"anime\"}", 400, "invalid_json", ""},
      {"invalid utf-8 outside strings", valid_body().dump() + " \xff", 400, "invalid_json", ""},
      {"overlong utf-8", "{\"prompt\":\"\xc0\xaf\"}", 400, "invalid_json", ""},
      // 400 invalid_request
      {"array", "[1,2]", 400, "invalid_request", ""},
      {"string", "\"hello\"", 400, "invalid_request", ""},
      {"null", "null", 400, "invalid_request", ""},
      {"unknown field", with("colour", "red"), 400, "invalid_request", "colour"},
      {"prompt number", with("prompt", 42), 400, "invalid_request", "prompt"},
      {"prompt null", with("prompt", nullptr), 400, "invalid_request", "prompt"},
      {"style array", with("style", json::array({"anime"})), 400, "invalid_request", "style"},
      {"duration string", with("duration_sec", "ten"), 400, "invalid_request", "duration_sec"},
      {"duration float", with("duration_sec", 10.5), 400, "invalid_request", "duration_sec"},
      {"duration bool", with("duration_sec", true), 400, "invalid_request", "duration_sec"},
      {"seed string", with("seed", "7"), 400, "invalid_request", "seed"},
      {"max cost string", with("max_cost_usd", "1"), 400, "invalid_request", "max_cost_usd"},
      {"consent string", with("consent", "yes"), 400, "invalid_request", "consent"},
      {"consent number", with("consent", 1), 400, "invalid_request", "consent"},
      {"voice object", with("voice", json::object()), 400, "invalid_request", "voice"},
      {"missing prompt", without("prompt"), 400, "invalid_request", "prompt"},
      {"missing style", without("style"), 400, "invalid_request", "style"},
      {"missing duration", without("duration_sec"), 400, "invalid_request", "duration_sec"},
      {"missing consent", without("consent"), 400, "invalid_request", "consent"},
      {"consent null", with("consent", nullptr), 400, "invalid_request", "consent"},
      // 422 invalid_value
      {"consent false", with("consent", false), 422, "invalid_value", "consent"},
      {"empty prompt", with("prompt", ""), 422, "invalid_value", "prompt"},
      {"blank prompt", with("prompt", " \n\t "), 422, "invalid_value", "prompt"},
      {"prompt too long", with("prompt", std::string(2001, 'a')), 422, "invalid_value", "prompt"},
      {"nul in prompt", with("prompt", std::string("a\0b", 3)), 422, "invalid_value", "prompt"},
      {"duration too short", with("duration_sec", 4), 422, "invalid_value", "duration_sec"},
      {"duration too long", with("duration_sec", 31), 422, "invalid_value", "duration_sec"},
      {"duration negative", with("duration_sec", -10), 422, "invalid_value", "duration_sec"},
      {"duration huge", with("duration_sec", std::uint64_t{1} << 63), 422, "invalid_value", "duration_sec"},
      {"duration int overflow", with("duration_sec", std::int64_t{1} << 40), 422, "invalid_value", "duration_sec"},
      {"unknown style", with("style", "noir"), 422, "invalid_value", "style"},
      {"style case", with("style", "Anime"), 422, "invalid_value", "style"},
      {"unknown aspect", with("aspect_ratio", "4:3"), 422, "invalid_value", "aspect_ratio"},
      {"unknown resolution", with("resolution", "4k"), 422, "invalid_value", "resolution"},
      {"unknown language", with("language", "de"), 422, "invalid_value", "language"},
      {"negative seed", with("seed", -1), 422, "invalid_value", "seed"},
      {"seed over 32 bits", with("seed", std::uint64_t{1} << 32), 422, "invalid_value", "seed"},
      {"bad voice", with("voice", "a b"), 422, "invalid_value", "voice"},
      {"bad provider", with("provider", "../x"), 422, "invalid_value", "provider"},
      {"bad model", with("model", ""), 422, "invalid_value", "model"},
      {"bad webhook", with("webhook_url", "ftp://x"), 422, "invalid_value", "webhook_url"},
      {"negative cost", with("max_cost_usd", -0.01), 422, "invalid_value", "max_cost_usd"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    const auto parsed = parse_generate_request(row.body);
    if (row.status == 0) {
      ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
      continue;
    }
    ASSERT_FALSE(parsed.has_value());
    EXPECT_EQ(static_cast<unsigned>(http_status(parsed.error().code)), row.status);
    EXPECT_EQ(to_string(parsed.error().code), row.code);
    EXPECT_EQ(parsed.error().field, row.field);
    EXPECT_FALSE(parsed.error().message.empty());
  }
}

TEST(GenerateRequest, FillsTheSpec) {
  json b = valid_body();
  b.update({{"aspect_ratio", "1:1"}, {"resolution", "360p"}, {"seed", 7}, {"language", "en"}, {"max_cost_usd", 2}});
  const auto parsed = parse_generate_request(b.dump(), "seedance");
  ASSERT_TRUE(parsed.has_value());
  const JobSpec& s = parsed->spec;
  EXPECT_EQ(s.style, Style::anime);
  EXPECT_EQ(s.duration_sec, 8);
  EXPECT_EQ(s.aspect_ratio, AspectRatio::r1x1);
  EXPECT_EQ(s.resolution, Resolution::p360);
  EXPECT_EQ(s.seed, 7u);
  EXPECT_EQ(s.language, Language::en);
  EXPECT_EQ(s.max_cost_usd, 2.0);
  EXPECT_EQ(s.provider, "seedance");  // the configured default when the body names none
  EXPECT_TRUE(s.consent);
  EXPECT_FALSE(s.voice.has_value());
}

TEST(GenerateRequest, FingerprintIgnoresKeyOrderAndWhitespaceButNotValues) {
  const auto a = parse_generate_request(R"({"prompt":"p","style":"anime","duration_sec":8,"consent":true})");
  const auto b = parse_generate_request("{ \"consent\" : true,\n \"duration_sec\":8, \"style\":\"anime\",\"prompt\":\"p\" }");
  const auto c = parse_generate_request(R"({"prompt":"q","style":"anime","duration_sec":8,"consent":true})");
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->fingerprint, b->fingerprint);
  EXPECT_NE(a->fingerprint, c->fingerprint);
  EXPECT_EQ(a->fingerprint.size(), 64u);
}

TEST(GenerateRequest, ContentType) {
  EXPECT_TRUE(check_json_content_type("application/json"));
  EXPECT_TRUE(check_json_content_type("Application/JSON; charset=utf-8"));
  for (const char* bad : {"", "text/plain", "application/json-patch+json", "multipart/form-data"}) {
    const auto r = check_json_content_type(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(http_status(r.error().code), http::status::unsupported_media_type);
  }
}

TEST(GenerateRequest, IdempotencyKey) {
  EXPECT_TRUE(check_idempotency_key("", false));
  EXPECT_TRUE(check_idempotency_key("k", true));
  EXPECT_TRUE(check_idempotency_key(std::string(255, 'k'), true));
  EXPECT_TRUE(check_idempotency_key("order 42 / retry #1", true));
  for (const std::string& bad : {std::string(), std::string(256, 'k'), std::string("tab\there"),
                                 std::string("caf\xc3\xa9"), std::string("nul\0x", 5)}) {
    const auto r = check_idempotency_key(bad, true);
    ASSERT_FALSE(r);
    EXPECT_EQ(http_status(r.error().code), http::status::bad_request);
    EXPECT_EQ(r.error().field, "Idempotency-Key");
  }
}

}  // namespace
}  // namespace syncreel::api
