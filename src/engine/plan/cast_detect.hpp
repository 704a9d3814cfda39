// Cast detection: how many people a prompt is about, their genders and names, and who
// says each quote.
//
// Heuristics over French and English words, documented in cast_detect.cpp. Two people
// are detected from a count ("two women", "deux amis", "both"), a plural person noun
// ("des filles"), two distinct people named or described ("un homme et une femme",
// "Alice and Bob talk"), pronouns of both genders ("he tells her"), or quotes
// introduced by different subjects. Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/plan/dialogue_extract.hpp"
#include "engine/plan/text_scan.hpp"
#include "engine/timeline.hpp"

namespace syncreel::engine {

struct CastMember {
  std::optional<Gender> gender;  // unknown when the words do not say
  std::string name;              // as written in the prompt, "" when unnamed
};

struct Cast {
  std::vector<CastMember> members;  // one or two
  std::vector<int> quote_speakers;  // one index into `members` per quote
};

// The cast of `prompt` (split into `words`, with its `quotes`): one or two members and
// the speaker of each quote. Never empty: a prompt naming nobody has one unknown member.
Cast detect_cast(std::string_view prompt, const std::vector<Word>& words, const std::vector<Quote>& quotes);

}  // namespace syncreel::engine
