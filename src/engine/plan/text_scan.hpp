// Text scanning for the planner: UTF-8 decoding, accent- and case-folding, words.
//
// Prompts are untrusted but already validated as UTF-8; decoding still maps any bad byte
// to U+FFFD instead of trusting that. Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace syncreel::engine {

struct CodePoint {
  char32_t value = 0;
  std::size_t begin = 0, end = 0;  // byte range in the source text
};

// The code points of `text` with their byte ranges; a malformed byte becomes U+FFFD.
std::vector<CodePoint> decode_utf8(std::string_view text);
// Appends `cp` to `out` as UTF-8.
void append_utf8(std::string& out, char32_t cp);

// Lower case without accents for Latin letters ("É" -> "e", "œ" -> "oe", "ß" -> "ss"); other
// letters are lower-cased where simple and otherwise kept as they are.
std::string fold_char(char32_t cp);
// fold_char over a whole string; non-letters are kept.
std::string fold_text(std::string_view text);

enum class CharClass {
  space,
  latin_letter,  // A-Z, a-z, Latin-1 and Latin Extended letters
  other_letter,  // a letter of another script (Greek, Cyrillic, CJK, Arabic, ...)
  digit,
  apostrophe,    // ' and the typographic apostrophe U+2019
  symbol,        // punctuation, emoji, pictographs, joiners, variation selectors
};
// What kind of character `cp` is, for splitting words and telling scripts apart.
CharClass classify(char32_t cp);

// A Latin letter carrying a diacritic (é, à, ç, ...): strong evidence for French here.
bool is_accented_latin(char32_t cp);

struct Word {
  std::string folded;      // fold_text of the word
  std::size_t begin = 0;   // byte range in the source text
  std::size_t end = 0;
  bool capitalized = false;     // first letter upper case in the source
  bool sentence_start = false;  // first word, or first after . ! ? : or a quote mark
};

// Words are runs of letters and digits. Apostrophes and hyphens split words, so the
// elided article of "l'océan" is its own word ("l") and "après-midi" is two.
std::vector<Word> split_words(std::string_view text);

// `text` with runs of white space collapsed to one space and the ends trimmed.
std::string collapse_spaces(std::string_view text);

}  // namespace syncreel::engine
