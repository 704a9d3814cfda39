#include "engine/plan/prompt_words.hpp"

#include <gtest/gtest.h>

#include <string>

#include "engine/plan/planner.hpp"

namespace syncreel::engine {
namespace {

SceneReading read(std::string_view text) { return read_scene(split_words(text)); }

std::vector<std::string_view> spellings(const SceneWord& entry) {
  std::vector<std::string_view> out;
  std::string_view rest = entry.forms;
  while (!rest.empty()) {
    const std::size_t bar = rest.find('|');
    out.push_back(rest.substr(0, bar));
    rest = bar == std::string_view::npos ? std::string_view{} : rest.substr(bar + 1);
  }
  return out;
}

std::string upper_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// Each cue kind's value, as read from a prompt made of one spelling.
template <class T>
std::optional<T> cue_of(const SceneReading& r);
template <>
std::optional<Setting> cue_of(const SceneReading& r) { return r.setting; }
template <>
std::optional<TimeOfDay> cue_of(const SceneReading& r) { return r.time_of_day; }
template <>
std::optional<Weather> cue_of(const SceneReading& r) { return r.weather; }
template <>
std::optional<Mood> cue_of(const SceneReading& r) { return r.mood; }
template <>
std::optional<Motion> cue_of(const SceneReading& r) { return r.motion; }

TEST(PromptWords, EverySpellingInTheTableMapsToItsCue) {
  int checked = 0;
  for (const SceneWord& entry : scene_words()) {
    for (const std::string_view spelling : spellings(entry)) {
      // Alone, upper-cased, and inside a sentence after a subject (verb_only words need one).
      for (const std::string& text : {"elle " + std::string(spelling), "She " + upper_ascii(spelling) + " today"}) {
        const SceneReading r = read(text);
        std::visit(
            [&](auto expected) {
              using T = decltype(expected);
              EXPECT_EQ(cue_of<T>(r), std::optional<T>(expected)) << "'" << text << "'";
            },
            entry.cue);
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 400);
}

TEST(PromptWords, EverySettingWordGivesThatSettingInAPlannedTimeline) {
  for (const SceneWord& entry : scene_words()) {
    const auto* setting = std::get_if<Setting>(&entry.cue);
    if (setting == nullptr) continue;
    for (const std::string_view spelling : spellings(entry)) {
      JobSpec spec;
      spec.prompt = "Une femme, " + std::string(spelling) + ".";
      spec.seed = 7;
      const auto t = plan(spec);
      ASSERT_TRUE(t) << spelling;
      EXPECT_EQ(t->setting, *setting) << spelling;
    }
  }
}

TEST(PromptWords, ToleratesCaseAccentsElisionAndPlurals) {
  EXPECT_EQ(read("Sur l'océan").setting, Setting::beach);
  EXPECT_EQ(read("sur L\u2019OCEAN").setting, Setting::beach);
  EXPECT_EQ(read("près d'une plage").setting, Setting::beach);
  EXPECT_EQ(read("dans les FORETS").setting, Setting::forest);
  EXPECT_EQ(read("in the mountains").setting, Setting::mountains);
  EXPECT_EQ(read("les déserts").setting, Setting::desert);
  EXPECT_EQ(read("deux femmes joyeuses").mood, Mood::happy);
  EXPECT_EQ(read("AU COUCHER DU SOLEIL").time_of_day, TimeOfDay::sunset);
  EXPECT_EQ(read("l'aube").time_of_day, TimeOfDay::dawn);
  EXPECT_EQ(read("nuits d'été").time_of_day, TimeOfDay::night);
}

TEST(PromptWords, TimeWeatherMoodAndMotionWords) {
  const SceneReading fr = read("Une femme triste marche sous la pluie, la nuit, dans la ville");
  EXPECT_EQ(fr.setting, Setting::city);
  EXPECT_EQ(fr.time_of_day, TimeOfDay::night);
  EXPECT_EQ(fr.weather, Weather::rain);
  EXPECT_EQ(fr.mood, Mood::sad);
  EXPECT_EQ(fr.motion, Motion::walk);
  const SceneReading en = read("An epic battle in the desert at dawn, heroes run through the fog");
  EXPECT_EQ(en.setting, Setting::desert);
  EXPECT_EQ(en.time_of_day, TimeOfDay::dawn);
  EXPECT_EQ(en.weather, Weather::fog);
  EXPECT_EQ(en.mood, Mood::epic);
  EXPECT_EQ(en.motion, Motion::run);
  EXPECT_EQ(read("A romantic dance under the moon").motion, Motion::dance);
  EXPECT_EQ(read("A romantic dance under the moon").mood, Mood::romantic);
  EXPECT_EQ(read("il y a du vent").weather, Weather::wind);
  EXPECT_EQ(read("tendu").mood, Mood::tense);
}

TEST(PromptWords, EarliestWinsAndWeakCuesYield) {
  EXPECT_EQ(read("From the city to the beach").setting, Setting::city);
  EXPECT_EQ(read("Snow falls on the city").setting, Setting::city);
  EXPECT_EQ(read("Snow falls on the city").weather, Weather::snow);
  EXPECT_EQ(read("A snowy day").setting, Setting::snow);
  EXPECT_EQ(read("She stands up and dances").motion, Motion::dance);
  EXPECT_EQ(read("She is standing").motion, Motion::still);
  EXPECT_EQ(read("The sun sets over the sea").time_of_day, TimeOfDay::sunset);
}

TEST(PromptWords, NounUsesOfVerbsDoNotMove) {
  EXPECT_FALSE(read("The waves crash on the shore").motion.has_value());
  EXPECT_FALSE(read("gentle ocean waves").motion.has_value());
  EXPECT_EQ(read("She waves at the camera").motion, Motion::wave);
  EXPECT_FALSE(read("un court métrage au marché").motion.has_value());
  EXPECT_EQ(read("elle court").motion, Motion::run);
  EXPECT_EQ(read("il marche").motion, Motion::walk);
  EXPECT_FALSE(read("a mother smiles").setting.has_value());  // "mère"/"mother" is not "mer"
  EXPECT_FALSE(read("sa mère").setting.has_value());
}

}  // namespace
}  // namespace syncreel::engine
