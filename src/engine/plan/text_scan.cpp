#include "engine/plan/text_scan.hpp"

#include <array>
#include <cstdint>

namespace syncreel::engine {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Folds of U+00C0..U+00FF; "" marks the two symbols in that block (× and ÷).
constexpr std::array<std::string_view, 64> kLatin1Folds = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",  //
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",  //
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",  //
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};

struct FoldRange {
  char32_t first, last;
  std::string_view fold;
};
// Latin Extended-A by base letter (enough for the European names a prompt may carry);
// combining accents fold to nothing, so a decomposed "é" folds like a composed one.
constexpr std::array<FoldRange, 23> kExtendedAFolds = {{
    {0x100, 0x105, "a"}, {0x106, 0x10D, "c"}, {0x10E, 0x111, "d"}, {0x112, 0x11B, "e"}, {0x11C, 0x123, "g"},
    {0x124, 0x127, "h"}, {0x128, 0x131, "i"}, {0x132, 0x133, "ij"}, {0x134, 0x135, "j"}, {0x136, 0x138, "k"},
    {0x139, 0x142, "l"}, {0x143, 0x14B, "n"}, {0x14C, 0x151, "o"}, {0x152, 0x153, "oe"}, {0x154, 0x159, "r"},
    {0x15A, 0x161, "s"}, {0x162, 0x167, "t"}, {0x168, 0x173, "u"}, {0x174, 0x175, "w"}, {0x176, 0x178, "y"},
    {0x179, 0x17E, "z"}, {0x17F, 0x17F, "s"}, {0x300, 0x36F, ""},
}};

bool in(char32_t cp, char32_t first, char32_t last) { return cp >= first && cp <= last; }

bool is_upper(char32_t cp) {
  if (in(cp, 'A', 'Z')) return true;
  if (in(cp, 0xC0, 0xDE)) return cp != 0xD7;
  if (in(cp, 0x100, 0x17F)) return cp % 2 == 0;  // close enough for capitalised names
  return in(cp, 0x391, 0x3A9) || in(cp, 0x400, 0x42F);
}

bool is_symbol_block(char32_t cp) {
  return in(cp, 0x2000, 0x2BFF) || in(cp, 0x2E00, 0x2E7F) || in(cp, 0x3000, 0x303F) || in(cp, 0xE000, 0xF8FF) ||
         in(cp, 0xFE00, 0xFE0F) || in(cp, 0xFE30, 0xFE4F) || in(cp, 0xFF00, 0xFF0F) || in(cp, 0xFFF0, 0xFFFF) ||
         in(cp, 0x1F000, 0x1FAFF) || in(cp, 0xE0000, 0xE007F);
}

bool ends_sentence(char32_t cp) {
  switch (cp) {
    case '.': case '!': case '?': case ':': case ';': case '\n': case '"':
    case 0x2026: case 0xAB: case 0xBB: case 0x201C: case 0x201D: case 0x201E: case 0x2018:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::vector<CodePoint> decode_utf8(std::string_view text) {
  std::vector<CodePoint> out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<std::uint8_t>(text[i]);
    std::size_t len = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
    char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    bool ok = len != 0 && i + len <= text.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      const auto c = static_cast<std::uint8_t>(text[i + k]);
      ok = (c & 0xC0) == 0x80;
      cp = (cp << 6) | (c & 0x3F);
    }
    if (!ok) {
      out.push_back({kReplacement, i, i + 1});
      ++i;
      continue;
    }
    out.push_back({cp, i, i + len});
    i += len;
  }
  return out;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string fold_char(char32_t cp) {
  if (in(cp, 'A', 'Z')) return std::string(1, static_cast<char>(cp - 'A' + 'a'));
  if (cp < 0x80) return std::string(1, static_cast<char>(cp));
  if (in(cp, 0xC0, 0xFF) && !kLatin1Folds[cp - 0xC0].empty()) return std::string(kLatin1Folds[cp - 0xC0]);
  for (const FoldRange& r : kExtendedAFolds) {
    if (in(cp, r.first, r.last)) return std::string(r.fold);
  }
  std::string out;
  if (in(cp, 0x391, 0x3A9) || in(cp, 0x410, 0x42F)) {
    cp += 0x20;
  } else if (in(cp, 0x400, 0x40F)) {
    cp += 0x50;
  }
  append_utf8(out, cp);
  return out;
}

std::string fold_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const CodePoint& cp : decode_utf8(text)) out += fold_char(cp.value);
  return out;
}

CharClass classify(char32_t cp) {
  if (cp == ' ' || in(cp, 0x09, 0x0D) || cp == 0xA0 || in(cp, 0x2000, 0x200A) || cp == 0x202F || cp == 0x205F ||
      cp == 0x3000) {
    return CharClass::space;
  }
  if (cp == '\'' || cp == 0x2019 || cp == 0x02BC) return CharClass::apostrophe;
  if (in(cp, '0', '9')) return CharClass::digit;
  if (in(cp, 'A', 'Z') || in(cp, 'a', 'z')) return CharClass::latin_letter;
  if (cp < 0xC0) return CharClass::symbol;
  if (cp == 0xD7 || cp == 0xF7) return CharClass::symbol;
  if (cp < 0x370 || in(cp, 0x1E00, 0x1EFF)) return CharClass::latin_letter;
  if (is_symbol_block(cp)) return CharClass::symbol;
  return CharClass::other_letter;
}

bool is_accented_latin(char32_t cp) {
  return classify(cp) == CharClass::latin_letter && cp >= 0xC0 && cp != 0xDF && cp != 0xC6 && cp != 0xE6;
}

std::vector<Word> split_words(std::string_view text) {
  std::vector<Word> words;
  bool at_sentence_start = true;
  Word current;
  bool in_word = false;
  const auto close = [&] {
    if (!in_word) return;
    words.push_back(std::move(current));
    current = {};
    in_word = false;
  };
  for (const CodePoint& cp : decode_utf8(text)) {
    const CharClass cls = classify(cp.value);
    const bool part_of_word =
        cls == CharClass::latin_letter || cls == CharClass::other_letter || cls == CharClass::digit;
    if (!part_of_word) {
      close();
      if (ends_sentence(cp.value)) at_sentence_start = true;
      continue;
    }
    if (!in_word) {
      in_word = true;
      current.begin = cp.begin;
      current.capitalized = is_upper(cp.value);
      current.sentence_start = at_sentence_start;
      at_sentence_start = false;
    }
    current.folded += fold_char(cp.value);
    current.end = cp.end;
  }
  close();
  return words;
}

std::string collapse_spaces(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (const CodePoint& cp : decode_utf8(text)) {
    if (classify(cp.value) == CharClass::space) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out.append(text.substr(cp.begin, cp.end - cp.begin));
  }
  return out;
}

}  // namespace syncreel::engine
