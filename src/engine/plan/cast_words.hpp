// The words cast detection reads: person nouns (French and English, with gender and
// plural), counts, conjunctions, speech verbs and the capitalised words that are not
// names. Internal to the planner (cast_detect.cpp). Pure functions over constant
// tables; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/plan/text_scan.hpp"
#include "engine/timeline.hpp"

namespace syncreel::engine {

enum class PersonKind { female, male, unknown };

// The gender a noun kind implies; none for "person", "friend", "enfant"...
std::optional<Gender> gender_of(PersonKind kind);

struct NounHit {
  PersonKind kind;
  bool plural;          // "femmes", "women": at least two people
  std::size_t length;   // words the noun spans ("grand mère": 2)
  std::string key;      // the folded noun, what identifies the person
};

// The person noun starting at words[at], longest spelling first.
std::optional<NounHit> person_noun_at(const std::vector<Word>& words, std::size_t at);

// Whether words[i] is a person's name: capitalised and not a known word; at a sentence
// start only with evidence ("Alice and Bob", "Bob says", "Bob:", "Marie, une femme").
bool is_name_at(std::string_view prompt, const std::vector<Word>& words, std::size_t i);

bool is_speech_verb(const std::string& folded);        // says, dit, répond, ...
bool is_count_word(const std::string& folded);         // two, deux, both, couple, ...
bool is_another_word(const std::string& folded);       // another, autre, ...
bool is_conjunction(const std::string& folded);        // and, et, with, avec
bool is_impersonal_after_il(const std::string& folded);  // "il y a", "il pleut": no person
// French masculine plurals that also name mixed groups ("deux amis").
bool is_mixed_plural(const std::string& key);

}  // namespace syncreel::engine
