#include "engine/plan/dialogue_extract.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace syncreel::engine {
namespace {

std::vector<std::string> texts(std::string_view prompt) {
  std::vector<std::string> out;
  for (const Quote& q : extract_quotes(prompt)) out.push_back(q.text);
  return out;
}

using Texts = std::vector<std::string>;

TEST(DialogueExtract, EachQuoteStyleGivesItsText) {
  struct Case {
    std::string_view prompt;
    Texts expected;
  };
  const Case cases[] = {
      {R"(A man says "Hello there" and smiles)", {"Hello there"}},
      {"Une femme dit « Bonjour à tous » sur la plage", {"Bonjour à tous"}},
      {"Une femme dit «Bonjour» sans espaces", {"Bonjour"}},
      {"She whispers \u201CI missed you\u201D softly", {"I missed you"}},
      {"He says \u2018It\u2019s late\u2019 and leaves", {"It\u2019s late"}},
      {"Sie sagt \u201ESchön hier\u201C leise", {"Schön hier"}},
      {"Elle dit \u201EOui\u201D vite", {"Oui"}},
      {"Il dit \u2039 Salut \u203A", {"Salut"}},
      {"彼女は「こんにちは」と言う", {"こんにちは"}},
  };
  for (const Case& c : cases) EXPECT_EQ(texts(c.prompt), c.expected) << c.prompt;
}

TEST(DialogueExtract, SeveralQuotesGiveSeveralLinesInOrder) {
  EXPECT_EQ(texts("Il dit « Salut ! » puis elle répond « Bonsoir. » et il ajoute \"On y va ?\""),
            (Texts{"Salut !", "Bonsoir.", "On y va ?"}));
  EXPECT_EQ(texts("\u201COne\u201D, \u201CTwo\u201D"), (Texts{"One", "Two"}));
}

TEST(DialogueExtract, ApostrophesInsideWordsDoNotCloseOrOpenQuotes) {
  EXPECT_TRUE(texts("Sur l\u2019océan, il fait beau").empty());
  EXPECT_TRUE(texts("It's a beautiful day at the sea").empty());
  EXPECT_EQ(texts("Elle dit \u2018C\u2019est l\u2019heure\u2019 en riant"), (Texts{"C\u2019est l\u2019heure"}));
}

TEST(DialogueExtract, TrimsCollapsesAndSkipsEmptyQuotes) {
  EXPECT_EQ(texts("He says \"   so    much\n space  \""), (Texts{"so much space"}));
  EXPECT_TRUE(texts("Empty \"\" and « » quotes").empty());
}

TEST(DialogueExtract, AnUnclosedQuoteRunsToTheEnd) {
  EXPECT_EQ(texts("Elle crie « Attention, le train arrive"), (Texts{"Attention, le train arrive"}));
}

TEST(DialogueExtract, ReportsByteRanges) {
  const std::string prompt = "ab \u00ABcd\u00BB ef";
  const auto quotes = extract_quotes(prompt);
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(prompt.substr(quotes[0].begin, quotes[0].end - quotes[0].begin), "\u00ABcd\u00BB");
}

}  // namespace
}  // namespace syncreel::engine
