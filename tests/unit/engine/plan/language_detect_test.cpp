#include "engine/plan/language_detect.hpp"

#include <gtest/gtest.h>

namespace syncreel::engine {
namespace {

TEST(LanguageDetect, TableOfFrenchAndEnglishPrompts) {
  struct Case {
    std::string_view text;
    Language expected;
  };
  const Case cases[] = {
      {"Une femme dit bonjour sur une plage au coucher du soleil", Language::fr},
      {"Un homme court dans la forêt", Language::fr},
      {"Deux amis discutent en marchant", Language::fr},
      {"Il pleut sur la ville", Language::fr},
      {"Café crème à côté", Language::fr},
      {"Bonjour, comment ça va ?", Language::fr},
      {"A woman says hello on a beach at sunset", Language::en},
      {"Two friends talk while walking in the city", Language::en},
      {"The man runs through the forest", Language::en},
      {"Hello! What a beautiful day.", Language::en},
      {"Rain over the city at night", Language::en},
      {"Sunset", Language::en},  // no evidence either way: English
  };
  for (const Case& c : cases) EXPECT_EQ(detect_language(c.text).language, c.expected) << c.text;
}

TEST(LanguageDetect, AccentsCountForFrench) {
  const LanguageGuess g = detect_language("Plage été");
  EXPECT_EQ(g.language, Language::fr);
  EXPECT_GE(g.french_score, 2);
}

TEST(LanguageDetect, EmojiOnlyHasNoLetters) {
  const LanguageGuess g = detect_language("🌅🏖️🎶 🙂‍↔️ !!! 123");
  EXPECT_FALSE(g.has_letters);
  EXPECT_EQ(g.language, Language::en);
}

TEST(LanguageDetect, OtherScriptsFallBackToEnglish) {
  for (const std::string_view text : {"Привет, как дела?", "女の人が海辺で話す", "Une femme dit 你好 sur la plage"}) {
    const LanguageGuess g = detect_language(text);
    EXPECT_TRUE(g.has_letters) << text;
    EXPECT_TRUE(g.non_latin) << text;
    EXPECT_EQ(g.language, Language::en) << text;
  }
}

}  // namespace
}  // namespace syncreel::engine
