#include "engine/plan/planner.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "timeline_checks.hpp"

namespace syncreel::engine {
namespace {

JobSpec spec_for(std::string prompt, std::optional<std::uint32_t> seed = 42) {
  JobSpec s;
  s.prompt = std::move(prompt);
  s.seed = seed;
  s.consent = true;
  return s;
}

Timeline planned(const JobSpec& spec) {
  auto t = plan(spec);
  EXPECT_TRUE(t) << (t ? "" : t.error().message);
  return t ? *t : Timeline{};
}

TEST(Planner, FrenchBeachPromptReadsAsAFrenchBeachAtSunset) {
  const Timeline t = planned(spec_for("Une femme dit « Bonjour » sur une plage au coucher du soleil"));
  expect_valid_timeline(t);
  EXPECT_EQ(t.setting, Setting::beach);
  EXPECT_EQ(t.time_of_day, TimeOfDay::sunset);
  ASSERT_EQ(t.characters.size(), 1u);
  EXPECT_EQ(t.characters[0].gender, Gender::female);
  ASSERT_EQ(t.dialogue.size(), 1u);
  EXPECT_EQ(t.dialogue[0].text, "Bonjour");
  EXPECT_EQ(t.dialogue[0].language, Language::fr);
  EXPECT_EQ(t.width, 1280);
  EXPECT_EQ(t.height, 720);
  EXPECT_DOUBLE_EQ(t.duration, 10.0);
}

TEST(Planner, NarrationDecidesTheSceneBeforeWhatIsSaid) {
  const Timeline t = planned(spec_for("Une femme dit « Quelle belle journée ! » sur une plage au coucher du soleil"));
  EXPECT_EQ(t.time_of_day, TimeOfDay::sunset);
  EXPECT_EQ(t.setting, Setting::beach);
  EXPECT_EQ(planned(spec_for("He says \"What a night in the city!\"")).setting, Setting::city);
}

TEST(Planner, WholePromptIsSpokenWhenNothingIsQuoted) {
  const Timeline t = planned(spec_for("  A man walks   in the city at night  "));
  expect_valid_timeline(t);
  ASSERT_EQ(t.dialogue.size(), 1u);
  EXPECT_EQ(t.dialogue[0].text, "A man walks in the city at night");
  EXPECT_EQ(t.dialogue[0].language, Language::en);
  EXPECT_EQ(t.motion, Motion::walk);
  EXPECT_EQ(t.characters[0].gender, Gender::male);
}

TEST(Planner, TwoSpeakersAlternateWithTheirOwnVoicesAndFraming) {
  JobSpec s = spec_for("Deux amis discutent dans un café. « Tu as vu le match ? » « Oui, incroyable ! » "
                       "« On y retourne demain ? » « Avec plaisir. »");
  s.duration_sec = 20;
  const Timeline t = planned(s);
  expect_valid_timeline(t);
  ASSERT_EQ(t.characters.size(), 2u);
  ASSERT_EQ(t.dialogue.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(t.dialogue[i].speaker, static_cast<int>(i % 2));
  EXPECT_NE(t.dialogue[0].voice, t.dialogue[1].voice);
  EXPECT_FALSE(t.visemes[0].empty());
  EXPECT_FALSE(t.visemes[1].empty());
  EXPECT_LT(t.characters[0].x, t.characters[1].x);
  EXPECT_EQ(t.shots.front().focus, -1);  // establishing two-shot
  bool single = false;
  for (const Shot& shot : t.shots) single = single || shot.focus >= 0;
  EXPECT_TRUE(single);
}

TEST(Planner, SpecLanguageWinsOverDetection) {
  JobSpec s = spec_for("Bonjour tout le monde");
  s.language = Language::en;
  EXPECT_EQ(planned(s).dialogue[0].language, Language::en);
  EXPECT_EQ(planned(spec_for("Bonjour tout le monde")).dialogue[0].language, Language::fr);
}

TEST(Planner, VoiceFromSpecIsUsedForEveryLine) {
  JobSpec s = spec_for("He says \"Hi\" and she says \"Hello\"");
  s.voice = "en-gb";
  for (const DialogueLine& line : planned(s).dialogue) EXPECT_EQ(line.voice, "en-gb");
}

TEST(Planner, SameSpecAndSeedGiveTheSameTimeline) {
  const JobSpec s = spec_for("Two women dance on a beach at night, happy. \"Look!\" \"Wow!\"", 99);
  const Timeline a = planned(s);
  const Timeline b = planned(s);
  ASSERT_EQ(a.shots.size(), b.shots.size());
  for (std::size_t i = 0; i < a.shots.size(); ++i) {
    EXPECT_EQ(a.shots[i].start, b.shots[i].start);
    EXPECT_EQ(a.shots[i].move, b.shots[i].move);
  }
  ASSERT_EQ(a.characters.size(), b.characters.size());
  for (std::size_t i = 0; i < a.characters.size(); ++i) {
    EXPECT_EQ(a.characters[i].skin.r, b.characters[i].skin.r);
    EXPECT_EQ(a.characters[i].clothes.g, b.characters[i].clothes.g);
  }
  EXPECT_EQ(a.music.front().key, b.music.front().key);
  EXPECT_EQ(a.effects.size(), b.effects.size());
  EXPECT_EQ(a.seed, 99u);
}

TEST(Planner, SeedChangesTheLookButNotTheStory) {
  const Timeline a = planned(spec_for("A woman in the forest", 1));
  bool differs = false;
  for (std::uint32_t seed = 2; seed < 12 && !differs; ++seed) {
    const Timeline b = planned(spec_for("A woman in the forest", seed));
    EXPECT_EQ(b.setting, Setting::forest);
    differs = b.characters[0].clothes.r != a.characters[0].clothes.r || b.music.front().key != a.music.front().key;
  }
  EXPECT_TRUE(differs);
}

TEST(Planner, SeedDefaultsToAStableHashOfThePrompt) {
  const Timeline a = planned(spec_for("Un homme court", std::nullopt));
  const Timeline b = planned(spec_for("Un homme court", std::nullopt));
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.seed, prompt_seed("Un homme court"));
  EXPECT_NE(a.seed, planned(spec_for("Un homme marche", std::nullopt)).seed);
}

TEST(Planner, LongPromptStillFitsTheClip) {
  std::string prompt;
  while (prompt.size() < 1990) prompt += "La mer est calme et le ciel est clair. ";
  prompt.resize(2000);
  JobSpec s = spec_for(prompt);
  s.duration_sec = 5;
  const Timeline t = planned(s);
  expect_valid_timeline(t);
  EXPECT_LE(t.dialogue.back().end, 5.0);
  EXPECT_LT(t.dialogue[0].text.size(), prompt.size());
  EXPECT_TRUE(t.dialogue[0].text.ends_with("\u2026"));
}

TEST(Planner, EmojiOnlyPromptSpeaksAGenericLine) {
  const Timeline t = planned(spec_for("🌅🏖️🎶"));
  expect_valid_timeline(t);
  ASSERT_EQ(t.dialogue.size(), 1u);
  EXPECT_EQ(t.dialogue[0].language, Language::en);
  EXPECT_FALSE(t.dialogue[0].text.empty());
  EXPECT_FALSE(t.visemes[0].empty());
}

TEST(Planner, MixedScriptsFallBackToEnglishAndSpeakThePrompt) {
  const Timeline t = planned(spec_for("Une femme 你好 на пляже 🌊"));
  expect_valid_timeline(t);
  EXPECT_EQ(t.dialogue[0].language, Language::en);
  EXPECT_EQ(t.dialogue[0].text, "Une femme 你好 на пляже 🌊");
  EXPECT_FALSE(t.visemes[0].empty());
}

TEST(Planner, EveryStyleAspectAndDurationPlans) {
  for (const Style style : {Style::cinematic, Style::anime, Style::documentary, Style::cartoon}) {
    for (const AspectRatio aspect : {AspectRatio::r16x9, AspectRatio::r9x16, AspectRatio::r1x1}) {
      for (const int duration : {5, 12, 30}) {
        JobSpec s = spec_for("Two friends walk in the rain. \"Hurry!\" \"Coming!\"");
        s.style = style;
        s.aspect_ratio = aspect;
        s.duration_sec = duration;
        const Timeline t = planned(s);
        expect_valid_timeline(t);
        const int expected_shots = std::max(1, static_cast<int>(std::lround(duration / 4.0)));
        EXPECT_EQ(static_cast<int>(t.shots.size()), expected_shots);
        for (const Shot& shot : t.shots) {
          EXPECT_GE(shot.end - shot.start, 2.0);
          EXPECT_LE(shot.end - shot.start, 6.5);
        }
      }
    }
  }
}

TEST(Planner, RejectsWhatItCannotPlan) {
  EXPECT_EQ(plan(spec_for("   ")).error().code, ErrorCode::invalid_argument);
  JobSpec s = spec_for("ok");
  s.duration_sec = 0;
  EXPECT_EQ(plan(s).error().code, ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace syncreel::engine
