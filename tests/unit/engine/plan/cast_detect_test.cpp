#include "engine/plan/cast_detect.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace syncreel::engine {
namespace {

Cast cast_of(std::string_view prompt) {
  return detect_cast(prompt, split_words(prompt), extract_quotes(prompt));
}

TEST(CastDetect, TwoPeopleFromCountsPluralsAndPairs) {
  const std::string_view two[] = {
      "Two women talk on a beach",
      "Deux amis discutent dans la rue",
      "Un homme et une femme se promènent",
      "A man and a woman dance at night",
      "Alice and Bob talk in the kitchen",
      "Les filles rient dans la cuisine",
      "Both of them laugh",
      "Two young girls wave",
      "Marie et Paul marchent en forêt",
      "A man tells her the news",
      "A couple walks in Paris",
  };
  for (const std::string_view p : two) EXPECT_EQ(cast_of(p).members.size(), 2u) << p;
}

TEST(CastDetect, OnePersonOtherwise) {
  const std::string_view one[] = {
      "A woman walks on the beach at sunset",
      "Une femme dit « Bonjour » sur une plage",
      "Un homme court dans la forêt. Il est heureux.",
      "Sunset over the mountains",
      "Il y a une femme sur la plage",
      "Marie, une jeune femme, chante",
      "Paris at night, a man waits",
      "A girl with her dog",
  };
  for (const std::string_view p : one) EXPECT_EQ(cast_of(p).members.size(), 1u) << p;
}

TEST(CastDetect, GendersFromWords) {
  const Cast woman = cast_of("Une femme sourit");
  ASSERT_EQ(woman.members.size(), 1u);
  EXPECT_EQ(woman.members[0].gender, Gender::female);
  EXPECT_EQ(cast_of("A boy runs").members[0].gender, Gender::male);
  const Cast pair = cast_of("Un homme et une femme parlent");
  ASSERT_EQ(pair.members.size(), 2u);
  EXPECT_EQ(pair.members[0].gender, Gender::male);
  EXPECT_EQ(pair.members[1].gender, Gender::female);
  const Cast two_women = cast_of("two women on a beach");
  EXPECT_EQ(two_women.members[0].gender, Gender::female);
  EXPECT_EQ(two_women.members[1].gender, Gender::female);
  EXPECT_EQ(cast_of("Elle danse").members[0].gender, Gender::female);
  EXPECT_EQ(cast_of("He waves").members[0].gender, Gender::male);
  EXPECT_FALSE(cast_of("Deux amis").members[0].gender.has_value());
}

TEST(CastDetect, NamesAreKeptAsWritten) {
  const Cast c = cast_of("Alice and Bob talk on the beach");
  ASSERT_EQ(c.members.size(), 2u);
  EXPECT_EQ(c.members[0].name, "Alice");
  EXPECT_EQ(c.members[1].name, "Bob");
  const Cast apposed = cast_of("Marie, une jeune femme, chante");
  ASSERT_EQ(apposed.members.size(), 1u);
  EXPECT_EQ(apposed.members[0].name, "Marie");
  EXPECT_EQ(apposed.members[0].gender, Gender::female);
}

TEST(CastDetect, QuotesIntroducedByDifferentSubjectsAlternateSpeakers) {
  const Cast c = cast_of("Il dit « Salut ! » puis elle répond « Bonsoir. » et il ajoute « On y va ? »");
  ASSERT_EQ(c.members.size(), 2u);
  EXPECT_EQ(c.quote_speakers, (std::vector<int>{0, 1, 0}));
  EXPECT_EQ(c.members[0].gender, Gender::male);
  EXPECT_EQ(c.members[1].gender, Gender::female);
}

TEST(CastDetect, NamedSubjectsPickTheirSpeaker) {
  const Cast c = cast_of("Bob: \"Hi Alice.\" Alice: \"Hi Bob.\" Bob: \"Nice day!\"");
  ASSERT_EQ(c.members.size(), 2u);
  EXPECT_EQ(c.members[0].name, "Bob");
  EXPECT_EQ(c.quote_speakers, (std::vector<int>{0, 1, 0}));
}

TEST(CastDetect, FrenchTrailingAttributionBelongsToThePreviousQuote) {
  const Cast c = cast_of("« Tu viens ? », demande-t-elle. « Oui ! », répond-il.");
  ASSERT_EQ(c.members.size(), 2u);
  ASSERT_EQ(c.quote_speakers.size(), 2u);
  EXPECT_NE(c.quote_speakers[0], c.quote_speakers[1]);
  EXPECT_EQ(c.members[static_cast<std::size_t>(c.quote_speakers[0])].gender, Gender::female);
}

TEST(CastDetect, AJointSubjectLeavesTheFirstLineToTheFirstPerson) {
  const Cast c = cast_of("Alice and Bob talk in the kitchen: \"Coffee?\" \"Please.\"");
  ASSERT_EQ(c.members.size(), 2u);
  EXPECT_EQ(c.quote_speakers, (std::vector<int>{0, 1}));
}

TEST(CastDetect, UnattributedQuotesAlternateBetweenTwoPeople) {
  const Cast c = cast_of("Two friends: \"Ready?\" \"Ready.\" \"Go!\"");
  ASSERT_EQ(c.members.size(), 2u);
  EXPECT_EQ(c.quote_speakers, (std::vector<int>{0, 1, 0}));
}

}  // namespace
}  // namespace syncreel::engine
