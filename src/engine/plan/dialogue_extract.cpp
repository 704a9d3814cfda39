#include "engine/plan/dialogue_extract.hpp"

#include <array>
#include <optional>

#include "engine/plan/text_scan.hpp"

namespace syncreel::engine {
namespace {

struct QuotePair {
  char32_t open;
  char32_t close;
  char32_t close_alt;  // a second accepted closer, or the same as `close`
};

constexpr std::array<QuotePair, 7> kPairs = {{
    {U'"', U'"', U'"'},
    {U'\u00AB', U'\u00BB', U'\u00BB'},  // « »
    {U'\u201C', U'\u201D', U'\u201D'},  // “ ”
    {U'\u2018', U'\u2019', U'\u2019'},  // ‘ ’
    {U'\u201E', U'\u201C', U'\u201D'},  // „ “ (German) or „ ” (Polish, Romanian)
    {U'\u2039', U'\u203A', U'\u203A'},  // ‹ ›
    {U'\u300C', U'\u300D', U'\u300D'},  // 「 」
}};

std::optional<QuotePair> opener(char32_t cp) {
  for (const QuotePair& p : kPairs) {
    if (p.open == cp) return p;
  }
  return std::nullopt;
}

bool is_letter(char32_t cp) {
  const CharClass c = classify(cp);
  return c == CharClass::latin_letter || c == CharClass::other_letter || c == CharClass::digit;
}

}  // namespace

std::vector<Quote> extract_quotes(std::string_view prompt) {
  const std::vector<CodePoint> cps = decode_utf8(prompt);
  std::vector<Quote> quotes;
  std::size_t i = 0;
  while (i < cps.size()) {
    const auto pair = opener(cps[i].value);
    if (!pair) {
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    for (; j < cps.size(); ++j) {
      const char32_t cp = cps[j].value;
      if (cp != pair->close && cp != pair->close_alt) continue;
      // ’ between two letters is an apostrophe (l’océan, it’s), not the end of a quote.
      const bool apostrophe = cp == U'\u2019' && j > 0 && j + 1 < cps.size() && is_letter(cps[j - 1].value) &&
                              is_letter(cps[j + 1].value);
      if (!apostrophe) break;
    }
    const std::size_t text_begin = cps[i].end;
    const std::size_t text_end = j < cps.size() ? cps[j].begin : prompt.size();
    std::string text = collapse_spaces(prompt.substr(text_begin, text_end - text_begin));
    const std::size_t end = j < cps.size() ? cps[j].end : prompt.size();
    if (!text.empty()) quotes.push_back({std::move(text), cps[i].begin, end});
    i = j + 1;
  }
  return quotes;
}

}  // namespace syncreel::engine
