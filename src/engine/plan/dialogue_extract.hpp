// Dialogue extraction: the quoted passages of a prompt.
//
// Recognised pairs: "…", « … », “…”, ‘…’, „…“ (or „…”), ‹ … › and 「…」. A typographic
// apostrophe inside a word (l’océan) never closes a ‘…’ quote. A quote left open runs
// to the end of the prompt. Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace syncreel::engine {

struct Quote {
  std::string text;        // the quoted words, trimmed, white space collapsed; never empty
  std::size_t begin = 0;   // byte offset of the opening mark in the prompt
  std::size_t end = 0;     // byte offset just past the closing mark (or the prompt's end)
};

// Every non-empty quote, in prompt order. Quotes do not nest: inner marks of another
// kind are part of the outer quote's text.
std::vector<Quote> extract_quotes(std::string_view prompt);

}  // namespace syncreel::engine
