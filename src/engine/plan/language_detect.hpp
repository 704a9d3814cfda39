// Language detection for prompts and dialogue lines: French or English.
//
// The rule, in order:
//  1. Text with no letters at all (emoji, digits, punctuation) -> English, and
//     has_letters() is false so the planner speaks a short generic line instead.
//  2. Text with letters of a non-Latin script (alone or mixed with Latin) -> English:
//     the voices and fonts we ship read Latin text, and English is the neutral choice.
//  3. Otherwise score French = French stop-words + 2 per word with a French accent
//     (é è ê à ç ù â î ô û ë ï œ), English = English stop-words; French wins only with a
//     strictly higher score, so ties (including 0-0) are English.
// Words shared by both languages ("a", "on", "son") count for neither. Thread-safe.
#pragma once

#include <string_view>

#include "core/job_spec.hpp"

namespace syncreel::engine {

struct LanguageGuess {
  Language language = Language::en;
  bool has_letters = false;     // any letter of any script
  bool non_latin = false;       // letters of a script other than Latin
  int french_score = 0;
  int english_score = 0;
};

// Applies the rule above to `text` (a prompt or one dialogue line).
LanguageGuess detect_language(std::string_view text);

}  // namespace syncreel::engine
