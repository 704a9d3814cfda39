#include "core/job_spec.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>

namespace syncreel {
namespace {

JobSpec valid_spec() {
  JobSpec s;
  s.prompt = "Une femme dit « Bonjour » sur une plage au coucher du soleil";
  s.consent = true;
  return s;
}

struct Case {
  const char* name;
  std::function<void(JobSpec&)> mutate;
  const char* field;  // nullptr: valid
};

TEST(JobSpec, ValidationCatalogue) {
  const Case cases[] = {
      {"default is valid", [](JobSpec&) {}, nullptr},
      {"empty prompt", [](JobSpec& s) { s.prompt = ""; }, "prompt"},
      {"whitespace prompt", [](JobSpec& s) { s.prompt = " \t\n "; }, "prompt"},
      {"2000 chars ok", [](JobSpec& s) { s.prompt = std::string(2000, 'a'); }, nullptr},
      {"2000 multibyte chars ok", [](JobSpec& s) {
         s.prompt.clear();
         for (int i = 0; i < 2000; ++i) s.prompt += "é";
       }, nullptr},
      {"2001 chars", [](JobSpec& s) { s.prompt = std::string(2001, 'a'); }, "prompt"},
      {"invalid utf8", [](JobSpec& s) { s.prompt = "abc\xff"; }, "prompt"},
      {"overlong utf8", [](JobSpec& s) { s.prompt = "\xc0\xaf"; }, "prompt"},
      {"surrogate utf8", [](JobSpec& s) { s.prompt = "\xed\xa0\x80"; }, "prompt"},
      {"truncated utf8", [](JobSpec& s) { s.prompt = "caf\xc3"; }, "prompt"},
      {"nul in prompt", [](JobSpec& s) { s.prompt = std::string("a\0b", 3); }, "prompt"},
      {"emoji ok", [](JobSpec& s) { s.prompt = "🌅🌊"; }, nullptr},
      {"duration 4", [](JobSpec& s) { s.duration_sec = 4; }, "duration_sec"},
      {"duration 5", [](JobSpec& s) { s.duration_sec = 5; }, nullptr},
      {"duration 30", [](JobSpec& s) { s.duration_sec = 30; }, nullptr},
      {"duration 31", [](JobSpec& s) { s.duration_sec = 31; }, "duration_sec"},
      {"no consent", [](JobSpec& s) { s.consent = false; }, "consent"},
      {"bad voice", [](JobSpec& s) { s.voice = "../etc"; }, "voice"},
      {"good voice", [](JobSpec& s) { s.voice = "fr+f3"; }, nullptr},
      {"empty provider", [](JobSpec& s) { s.provider = ""; }, "provider"},
      {"bad model", [](JobSpec& s) { s.model = "a b"; }, "model"},
      {"ftp webhook", [](JobSpec& s) { s.webhook_url = "ftp://x"; }, "webhook_url"},
      {"https webhook", [](JobSpec& s) { s.webhook_url = "https://example.org/hook"; }, nullptr},
      {"negative cost", [](JobSpec& s) { s.max_cost_usd = -1; }, "max_cost_usd"},
  };
  for (const Case& c : cases) {
    JobSpec s = valid_spec();
    c.mutate(s);
    const auto r = validate(s);
    if (c.field == nullptr) {
      EXPECT_TRUE(r.has_value()) << c.name << ": " << (r ? "" : r.error().message);
    } else {
      ASSERT_FALSE(r.has_value()) << c.name;
      EXPECT_EQ(r.error().code, ErrorCode::invalid_argument) << c.name;
      EXPECT_EQ(r.error().detail, c.field) << c.name;
      EXPECT_FALSE(r.error().message.empty()) << c.name;
    }
  }
}

TEST(JobSpec, EnumsRoundTrip) {
  for (auto s : {Style::cinematic, Style::anime, Style::documentary, Style::cartoon}) {
    EXPECT_EQ(style_from_string(to_string(s)), s);
  }
  EXPECT_EQ(style_from_string("noir"), std::nullopt);
  EXPECT_EQ(aspect_from_string("9:16"), AspectRatio::r9x16);
  EXPECT_EQ(aspect_from_string("4:3"), std::nullopt);
  EXPECT_EQ(resolution_from_string("1080p"), Resolution::p1080);
  EXPECT_EQ(language_from_string("de"), std::nullopt);
}

TEST(JobSpec, FrameSizesAreComposedPerAspect) {
  EXPECT_EQ(frame_size(AspectRatio::r16x9, Resolution::p720).width, 1280);
  EXPECT_EQ(frame_size(AspectRatio::r16x9, Resolution::p360).width, 640);
  EXPECT_EQ(frame_size(AspectRatio::r9x16, Resolution::p1080).height, 1920);
  EXPECT_EQ(frame_size(AspectRatio::r1x1, Resolution::p720).width, 720);
}

}  // namespace
}  // namespace syncreel
