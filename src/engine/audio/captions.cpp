#include "engine/audio/captions.hpp"

#include <algorithm>
#include <string>

namespace syncreel::engine {
namespace {

struct Token {
  std::string text;
  std::size_t cp_begin = 0;  // code point index in the line
  std::size_t cp_length = 0;
};

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t cp = 0;
  bool in_token = false;
  for (const char c : text) {
    const bool continuation = (static_cast<unsigned char>(c) & 0xC0) == 0x80;
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (space) {
      in_token = false;
    } else {
      if (!in_token) tokens.push_back({"", cp, 0});
      in_token = true;
      tokens.back().text.push_back(c);
      if (!continuation) ++tokens.back().cp_length;
    }
    if (!continuation) ++cp;
  }
  return tokens;
}

bool ends_clause(std::string_view token) {
  if (token == "-" || token == "\xE2\x80\x93" || token == "\xE2\x80\x94") return true;  // - – —
  if (token.ends_with("\xE2\x80\xA6")) return true;                                     // …
  const char last = token.back();
  return last == ',' || last == ';' || last == ':' || last == '.' || last == '!' || last == '?';
}

// A run of tokens [first, last).
struct Chunk {
  std::size_t first = 0, last = 0, length = 0;  // length in code points, spaces included
};

std::size_t joined_length(const Chunk& a, const Token& t) { return a.length + (a.length > 0 ? 1 : 0) + t.cp_length; }

// Splits a clause longer than a cue into nearly equal parts between words, so a cue
// never ends with a lone "the" that belongs to the next one.
void split_clause(const std::vector<Token>& tokens, const Chunk& clause, std::vector<Chunk>& out) {
  const std::size_t parts = (clause.length + kMaxCueChars - 1) / kMaxCueChars;
  const std::size_t target = clause.length / std::max<std::size_t>(parts, 1);
  std::size_t made = 0;
  Chunk current{clause.first, clause.first, 0};
  for (std::size_t i = clause.first; i < clause.last; ++i) {
    if (current.last > current.first && joined_length(current, tokens[i]) > kMaxCueChars) {
      out.push_back(current);
      ++made;
      current = {i, i, 0};
    }
    current.length = joined_length(current, tokens[i]);
    current.last = i + 1;
    if (current.length >= target && made + 1 < parts) {
      out.push_back(current);
      ++made;
      current = {i + 1, i + 1, 0};
    }
  }
  if (current.last > current.first) out.push_back(current);
}

std::vector<Chunk> chunk_tokens(const std::vector<Token>& tokens) {
  std::vector<Chunk> pieces;
  Chunk clause;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    clause.length = joined_length(clause, tokens[i]);
    clause.last = i + 1;
    if (ends_clause(tokens[i].text) || i + 1 == tokens.size()) {
      if (clause.length <= kMaxCueChars) {
        pieces.push_back(clause);
      } else {
        split_clause(tokens, clause, pieces);
      }
      clause = {i + 1, i + 1, 0};
    }
  }
  // Short neighbouring clauses share a cue.
  std::vector<Chunk> merged;
  for (const Chunk& p : pieces) {
    if (!merged.empty() && merged.back().length + 1 + p.length <= kMaxCueChars) {
      merged.back().last = p.last;
      merged.back().length += 1 + p.length;
    } else {
      merged.push_back(p);
    }
  }
  return merged;
}

}  // namespace

std::size_t code_points(std::string_view text) {
  std::size_t n = 0;
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::vector<SubtitleCue> make_cues(std::string_view text, std::span<const WordEvent> words, double start, double end) {
  const std::vector<Token> tokens = tokenize(text);
  if (tokens.empty()) return {};
  const std::vector<Chunk> chunks = chunk_tokens(tokens);
  const double total_cp = static_cast<double>(code_points(text));

  std::vector<SubtitleCue> cues;
  std::vector<double> spoken_at;  // from word events
  std::vector<double> spread_at;  // by character count
  for (const Chunk& c : chunks) {
    SubtitleCue cue;
    for (std::size_t i = c.first; i < c.last; ++i) cue.text += (i > c.first ? " " : "") + tokens[i].text;
    cues.push_back(std::move(cue));
    const std::size_t cp_begin = tokens[c.first].cp_begin;
    const std::size_t cp_end = tokens[c.last - 1].cp_begin + tokens[c.last - 1].cp_length;
    spread_at.push_back(start + (end - start) * static_cast<double>(cp_begin) / total_cp);
    double at = -1;
    for (const WordEvent& w : words) {
      if (w.char_begin >= 0 && static_cast<std::size_t>(w.char_begin) >= cp_begin &&
          static_cast<std::size_t>(w.char_begin) < cp_end) {
        at = start + w.ms / 1000.0;
        break;
      }
    }
    spoken_at.push_back(at);
  }
  bool usable = true;
  for (std::size_t i = 1; i < spoken_at.size(); ++i) {
    usable = usable && spoken_at[i] > std::max(start, spoken_at[i - 1]) && spoken_at[i] < end;
  }
  const std::vector<double>& at = usable ? spoken_at : spread_at;
  for (std::size_t i = 0; i < cues.size(); ++i) {
    cues[i].start = i == 0 ? start : at[i];
    cues[i].end = i + 1 < cues.size() ? at[i + 1] : end;
  }
  return cues;
}

}  // namespace syncreel::engine
