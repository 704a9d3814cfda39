#include "engine/audio/captions.hpp"

#include <gtest/gtest.h>

#include "engine/audio/visemes.hpp"

namespace syncreel::engine {
namespace {

TEST(Captions, AShortLineIsOneCueOverTheWholeLine) {
  const auto cues = make_cues("Où est la plage ?", {}, 1.0, 2.5);
  ASSERT_EQ(cues.size(), 1u);
  EXPECT_EQ(cues[0].text, "Où est la plage ?");
  EXPECT_DOUBLE_EQ(cues[0].start, 1.0);
  EXPECT_DOUBLE_EQ(cues[0].end, 2.5);
}

TEST(Captions, ALongLineSplitsAtClausesAndFollowsTheWordTimes) {
  const std::string text = "Sure, let me grab my towel, my hat and the big umbrella from the garage first.";
  // Word events: one every 200 ms, in code points.
  std::vector<WordEvent> words;
  int ms = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i == 0 || text[i - 1] == ' ') {
      words.push_back({static_cast<int>(i), 1, ms});
      ms += 200;
    }
  }
  const auto cues = make_cues(text, words, 2.0, 2.0 + ms / 1000.0);
  // Two short clauses share a cue; the 50-character one is halved between words.
  ASSERT_EQ(cues.size(), 3u);
  EXPECT_EQ(cues[0].text, "Sure, let me grab my towel,");
  EXPECT_EQ(cues[1].text, "my hat and the big umbrella");
  EXPECT_EQ(cues[2].text, "from the garage first.");
  EXPECT_DOUBLE_EQ(cues[0].start, 2.0);
  EXPECT_DOUBLE_EQ(cues[1].start, 2.0 + 6 * 0.2);  // "my" is the 7th word
  EXPECT_DOUBLE_EQ(cues[2].start, 2.0 + 12 * 0.2);
  EXPECT_DOUBLE_EQ(cues[2].end, 2.0 + ms / 1000.0);
}

TEST(Captions, EveryCueFitsAndTheyTileTheLine) {
  const std::string text =
      "Il était une fois, dans un petit village au bord de la mer, un vieux pêcheur qui racontait les histoires les "
      "plus longues du monde.";
  const auto cues = make_cues(text, {}, 0.5, 8.0);
  ASSERT_GE(cues.size(), 3u);
  EXPECT_DOUBLE_EQ(cues.front().start, 0.5);
  EXPECT_DOUBLE_EQ(cues.back().end, 8.0);
  std::string joined;
  for (std::size_t i = 0; i < cues.size(); ++i) {
    EXPECT_LE(code_points(cues[i].text), kMaxCueChars) << cues[i].text;
    if (i > 0) {
      EXPECT_DOUBLE_EQ(cues[i].start, cues[i - 1].end);
    }
    joined += (i > 0 ? " " : "") + cues[i].text;
  }
  EXPECT_EQ(joined, text);
}

TEST(Captions, AWordLongerThanACueStaysWhole) {
  const std::string word(50, 'a');
  const auto cues = make_cues("so " + word + " there", {}, 0, 3);
  ASSERT_EQ(cues.size(), 3u);
  EXPECT_EQ(cues[1].text, word);
}

TEST(Visemes, EspeakMnemonicsMapToMouthShapes) {
  EXPECT_EQ(viseme_for_phoneme("_:"), Viseme::rest);
  EXPECT_EQ(viseme_for_phoneme("_"), Viseme::rest);
  EXPECT_EQ(viseme_for_phoneme("m"), Viseme::mbp);
  EXPECT_EQ(viseme_for_phoneme("b"), Viseme::mbp);
  EXPECT_EQ(viseme_for_phoneme("f"), Viseme::fv);
  EXPECT_EQ(viseme_for_phoneme("v"), Viseme::fv);
  EXPECT_EQ(viseme_for_phoneme("l"), Viseme::l);
  EXPECT_EQ(viseme_for_phoneme("D"), Viseme::l);
  EXPECT_EQ(viseme_for_phoneme("a"), Viseme::aa);
  EXPECT_EQ(viseme_for_phoneme("aI"), Viseme::aa);
  EXPECT_EQ(viseme_for_phoneme("'a"), Viseme::aa);
  EXPECT_EQ(viseme_for_phoneme("O~"), Viseme::oh);
  EXPECT_EQ(viseme_for_phoneme("oU"), Viseme::oh);
  EXPECT_EQ(viseme_for_phoneme("u"), Viseme::oo);
  EXPECT_EQ(viseme_for_phoneme("w"), Viseme::oo);
  EXPECT_EQ(viseme_for_phoneme("y"), Viseme::oo);
  EXPECT_EQ(viseme_for_phoneme("i"), Viseme::ee);
  EXPECT_EQ(viseme_for_phoneme("s"), Viseme::ee);
  EXPECT_EQ(viseme_for_phoneme("tS"), Viseme::oo);
}

}  // namespace
}  // namespace syncreel::engine
