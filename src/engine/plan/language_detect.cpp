#include "engine/plan/language_detect.hpp"

#include <array>
#include <string>

#include "engine/plan/text_scan.hpp"

namespace syncreel::engine {
namespace {

constexpr auto kFrenchStopWords = std::to_array<std::string_view>({
    "le",   "la",   "les",   "un",    "une",   "des",  "du",    "de",   "et",   "est",   "dans", "sur",  "avec",
    "pour", "pas",  "que",   "qui",   "il",    "elle", "ils",   "elles", "je",  "tu",    "nous", "vous", "au",
    "aux",  "ce",   "cette", "ces",   "sa",    "ses",  "mon",   "ma",   "mes",  "ne",    "en",   "se",   "sous",
    "tres", "dit",  "l",     "d",     "qu",    "c",    "j",     "n",    "bonjour", "oui", "non", "mais", "ou",
    "quoi", "comment", "pourquoi", "merci", "salut", "voici", "voila", "aussi"});

constexpr auto kEnglishStopWords = std::to_array<std::string_view>({
    "the",  "an",   "and",   "is",    "are",   "of",    "in",   "at",   "with",  "to",    "for",  "his",  "her",
    "he",   "she",  "they",  "it",    "this",  "that",  "says", "said", "hello", "yes",   "no",   "but",  "or",
    "from", "by",   "was",   "be",    "you",   "i",     "we",   "my",   "your",  "what",  "how",  "why",  "thanks",
    "hi",   "there", "here", "while", "who",   "their", "them", "its",  "into",  "over",  "under", "walks", "talks",
    "asks", "tells", "if",   "all",   "don",   "can"});

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, const std::string& word) {
  for (const std::string_view w : list) {
    if (w == word) return true;
  }
  return false;
}

bool french_accent(char32_t cp) {
  switch (cp) {
    case U'é': case U'è': case U'ê': case U'à': case U'ç': case U'ù': case U'â': case U'î': case U'ô':
    case U'û': case U'ë': case U'ï': case U'œ': case U'É': case U'È': case U'Ê': case U'À': case U'Ç':
      return true;
    default:
      return false;
  }
}

}  // namespace

LanguageGuess detect_language(std::string_view text) {
  LanguageGuess guess;
  for (const CodePoint& cp : decode_utf8(text)) {
    const CharClass c = classify(cp.value);
    guess.has_letters = guess.has_letters || c == CharClass::latin_letter || c == CharClass::other_letter;
    guess.non_latin = guess.non_latin || c == CharClass::other_letter;
  }
  if (!guess.has_letters || guess.non_latin) return guess;
  for (const Word& w : split_words(text)) {
    if (contains(kFrenchStopWords, w.folded)) ++guess.french_score;
    if (contains(kEnglishStopWords, w.folded)) ++guess.english_score;
    for (const CodePoint& cp : decode_utf8(text.substr(w.begin, w.end - w.begin))) {
      if (french_accent(cp.value)) {
        guess.french_score += 2;
        break;
      }
    }
  }
  guess.language = guess.french_score > guess.english_score ? Language::fr : Language::en;
  return guess;
}

}  // namespace syncreel::engine
