#include "store/sqlite/job_codec.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace syncreel {
namespace {

JobSpec minimal() {
  JobSpec s;
  s.prompt = "un phare à l'aube";
  s.consent = true;
  return s;
}

TEST(JobCodec, MinimalSpecOmitsAbsentFieldsAndRoundTrips) {
  const std::string text = spec_to_json(minimal());
  const auto j = nlohmann::json::parse(text);
  for (const char* absent : {"voice", "language", "seed", "model", "webhook_url", "max_cost_usd"}) {
    EXPECT_FALSE(j.contains(absent)) << absent;
  }
  EXPECT_EQ(j.at("aspect_ratio"), "16:9");
  EXPECT_EQ(j.at("resolution"), "720p");
  auto back = spec_from_json(text);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->prompt, minimal().prompt);
  EXPECT_FALSE(back->voice || back->language || back->seed || back->model || back->webhook_url || back->max_cost_usd);
}

TEST(JobCodec, EveryEnumValueRoundTrips) {
  for (Style st : {Style::cinematic, Style::anime, Style::documentary, Style::cartoon}) {
    for (AspectRatio ar : {AspectRatio::r16x9, AspectRatio::r9x16, AspectRatio::r1x1}) {
      for (Resolution res : {Resolution::p360, Resolution::p720, Resolution::p1080}) {
        for (Language lang : {Language::fr, Language::en}) {
          JobSpec s = minimal();
          s.style = st;
          s.aspect_ratio = ar;
          s.resolution = res;
          s.language = lang;
          s.seed = 0;
          auto back = spec_from_json(spec_to_json(s));
          ASSERT_TRUE(back);
          EXPECT_EQ(back->style, st);
          EXPECT_EQ(back->aspect_ratio, ar);
          EXPECT_EQ(back->resolution, res);
          EXPECT_EQ(back->language, lang);
          EXPECT_EQ(back->seed, 0u);
        }
      }
    }
  }
}

TEST(JobCodec, MalformedSpecsAreStorageErrorsThatNameTheFieldOnly) {
  const std::string base = spec_to_json(minimal());
  auto with = [&](const char* key, nlohmann::json value) {
    auto j = nlohmann::json::parse(base);
    j[key] = std::move(value);
    return j.dump();
  };
  auto without = [&](const char* key) {
    auto j = nlohmann::json::parse(base);
    j.erase(key);
    return j.dump();
  };
  const std::vector<std::string> bad = {
      "",
      "{\"prompt\": \"private words",
      "[]",
      "null",
      without("prompt"),
      without("consent"),
      without("duration_sec"),
      with("style", "noir"),
      with("style", 3),
      with("duration_sec", 10.5),
      with("duration_sec", "10"),
      with("seed", -1),
      with("seed", 4294967296LL),
      with("seed", 18446744073709551615ULL),
      with("language", "de"),
      with("max_cost_usd", "cheap"),
      with("consent", 1),
      with("voice", nullptr),
  };
  for (const std::string& text : bad) {
    auto out = spec_from_json(text);
    ASSERT_FALSE(out) << text;
    EXPECT_EQ(out.error().code, ErrorCode::storage);
    EXPECT_EQ(out.error().message.find("phare"), std::string::npos) << out.error().message;
    EXPECT_EQ(out.error().message.find("private"), std::string::npos) << out.error().message;
  }
  EXPECT_NE(spec_from_json(with("style", "noir")).error().message.find("'style'"), std::string::npos);
}

TEST(JobCodec, OutputsModerationAndErrorsRoundTrip) {
  const JobOutputs o{"a.mp4", "b.jpg", "c.m3u8", ""};
  auto o2 = outputs_from_json(outputs_to_json(o));
  ASSERT_TRUE(o2);
  EXPECT_EQ(o2->mp4, "a.mp4");
  EXPECT_EQ(o2->hls, "c.m3u8");
  EXPECT_EQ(o2->captions, "");

  const ModerationResult m{"block", "high", {"a", "b"}};
  auto m2 = moderation_from_json(moderation_to_json(m));
  ASSERT_TRUE(m2);
  EXPECT_EQ(m2->decision, "block");
  EXPECT_EQ(m2->categories, m.categories);
  EXPECT_FALSE(moderation_from_json("{\"decision\": \"block\", \"severity\": \"high\", \"categories\": [1]}"));

  // Provider messages may carry invalid UTF-8: writing must not throw.
  const JobError e{"provider", "bad byte \xc3 here"};
  auto e2 = job_error_from_json(job_error_to_json(e));
  ASSERT_TRUE(e2);
  EXPECT_EQ(e2->code, "provider");
  EXPECT_FALSE(job_error_from_json("{\"code\": \"x\"}"));
}

}  // namespace
}  // namespace syncreel
