// The planner's vocabulary: prompt words (French and English) that pick the setting,
// time of day, weather, mood and motion of a clip.
//
// One table holds every word, so tests can walk it and a translator can extend it in one
// place. Matching folds case and accents, splits elisions ("l'océan", "d'une plage") and
// accepts the plural of each form (+s / +x); feminine and verb forms are listed in the
// table explicitly, because generic suffix rules would turn "mère" into "mer". Thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/plan/text_scan.hpp"
#include "engine/timeline.hpp"

namespace syncreel::engine {

using SceneCue = std::variant<Setting, TimeOfDay, Weather, Mood, Motion>;

struct SceneWord {
  // '|'-separated spellings as people write them; a spelling may be several words
  // ("coucher du soleil").
  std::string_view forms;
  SceneCue cue;
  // A weak cue counts only when no other cue of its kind is in the prompt: "snow" is the
  // setting only if no place is named, "standing" the motion only if nobody walks.
  bool weak = false;
  // Skipped right after an article or a noun's adjective, where the word is a noun:
  // "the waves", "le marché", "un court métrage".
  bool verb_only = false;
};

// Every entry, in a fixed order.
std::span<const SceneWord> scene_words();

struct SceneReading {
  std::optional<Setting> setting;
  std::optional<TimeOfDay> time_of_day;
  std::optional<Weather> weather;
  std::optional<Mood> mood;
  std::optional<Motion> motion;
};

// For each kind, the cue of the earliest matching word (strong cues before weak ones).
SceneReading read_scene(const std::vector<Word>& words);

// The folded words of one spelling ("Coucher du soleil" -> {"coucher", "du", "soleil"}).
std::vector<std::string> folded_words(std::string_view spelling);

}  // namespace syncreel::engine
