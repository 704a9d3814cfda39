#include "engine/plan/planner.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "engine/plan/cast_detect.hpp"
#include "engine/plan/dialogue_extract.hpp"
#include "engine/plan/language_detect.hpp"
#include "engine/plan/prompt_words.hpp"
#include "engine/plan/score_plan.hpp"
#include "engine/plan/seed_hash.hpp"
#include "engine/plan/shot_plan.hpp"
#include "engine/plan/speech_estimate.hpp"
#include "engine/plan/text_scan.hpp"

namespace syncreel::engine {
namespace {

constexpr std::array<Rgb, 8> kSkinTones = {{
    {0.99, 0.87, 0.77}, {0.96, 0.80, 0.67}, {0.90, 0.70, 0.54}, {0.80, 0.58, 0.42},
    {0.66, 0.46, 0.32}, {0.50, 0.34, 0.23}, {0.38, 0.25, 0.17}, {0.93, 0.76, 0.62},
}};
constexpr std::array<Rgb, 7> kHairColours = {{
    {0.10, 0.08, 0.08}, {0.26, 0.16, 0.10}, {0.45, 0.28, 0.15}, {0.58, 0.24, 0.11},
    {0.90, 0.74, 0.44}, {0.80, 0.42, 0.16}, {0.20, 0.13, 0.10},
}};
// Anime hair may also be a colour no one is born with.
constexpr std::array<Rgb, 4> kAnimeHair = {{{0.96, 0.55, 0.70}, {0.32, 0.48, 0.92}, {0.55, 0.36, 0.80},
                                            {0.30, 0.72, 0.68}}};
constexpr std::array<Rgb, 9> kClothes = {{
    {0.86, 0.22, 0.26}, {0.20, 0.42, 0.86}, {0.18, 0.64, 0.42}, {0.98, 0.76, 0.20}, {0.56, 0.32, 0.76},
    {0.96, 0.52, 0.16}, {0.10, 0.60, 0.66}, {0.95, 0.45, 0.62}, {0.18, 0.26, 0.5},
}};

// Where characters stand, as a fraction of the frame width: portrait frames put them
// closer to the edges so each can be drawn large.
std::vector<double> stage_positions(AspectRatio aspect, std::size_t count) {
  if (count < 2) return {0.5};
  switch (aspect) {
    case AspectRatio::r16x9:
      return {0.36, 0.64};
    case AspectRatio::r1x1:
      return {0.31, 0.69};
    case AspectRatio::r9x16:
      return {0.27, 0.73};
  }
  return {0.35, 0.65};
}

std::vector<Character> make_characters(const Cast& cast, Style style, AspectRatio aspect, std::uint64_t seed) {
  SeedStream rng(hash3(seed, 0xCA57));
  std::vector<Character> out;
  const std::vector<double> xs = stage_positions(aspect, cast.members.size());
  int previous_clothes = -1;
  std::optional<Gender> previous_gender;
  for (std::size_t i = 0; i < cast.members.size(); ++i) {
    const CastMember& m = cast.members[i];
    Character c;
    c.name = m.name;
    // Unknown genders: the seed picks the first; a second unknown is the other one, for
    // a pair that reads apart at a glance.
    if (m.gender) {
      c.gender = *m.gender;
    } else if (previous_gender) {
      c.gender = *previous_gender == Gender::female ? Gender::male : Gender::female;
    } else {
      c.gender = rng.chance(0.5) ? Gender::female : Gender::male;
    }
    previous_gender = c.gender;
    c.skin = kSkinTones[static_cast<std::size_t>(rng.between(0, kSkinTones.size() - 1))];
    if (style == Style::anime && rng.chance(0.4)) {
      c.hair = kAnimeHair[static_cast<std::size_t>(rng.between(0, kAnimeHair.size() - 1))];
    } else {
      c.hair = kHairColours[static_cast<std::size_t>(rng.between(0, kHairColours.size() - 1))];
    }
    int clothes = rng.between(0, kClothes.size() - 1);
    if (clothes == previous_clothes) clothes = (clothes + 3) % static_cast<int>(kClothes.size());
    previous_clothes = clothes;
    c.clothes = kClothes[static_cast<std::size_t>(clothes)];
    c.x = xs[std::min(i, xs.size() - 1)];
    out.push_back(std::move(c));
  }
  return out;
}

// espeak-ng voice names; synthesis may substitute what it has installed.
std::string default_voice(Language language, Gender gender, int speaker) {
  const std::string base = language == Language::fr ? "fr" : "en-us";
  if (gender == Gender::female) return base + (speaker == 0 ? "+f3" : "+f4");
  return base + (speaker == 0 ? "+m3" : "+m7");
}

std::string_view generic_line(Language language) {
  return language == Language::fr ? "Bonjour ! Regardez ça." : "Hello! Look at this.";
}

Setting default_setting(std::uint64_t seed) {
  constexpr std::array<Setting, 6> kPleasant = {Setting::countryside, Setting::beach, Setting::city,
                                                Setting::forest,      Setting::mountains, Setting::room};
  return kPleasant[hash3(seed, 0x5E7) % kPleasant.size()];
}

bool has_word_chars(std::string_view text) {
  for (const CodePoint& cp : decode_utf8(text)) {
    const CharClass c = classify(cp.value);
    if (c == CharClass::latin_letter || c == CharClass::other_letter || c == CharClass::digit) return true;
  }
  return false;
}

// The scene as the narration describes it; what characters say ("Quelle belle
// journée !") only fills in what the narration leaves open.
SceneReading read_narration(std::string_view prompt, const std::vector<Quote>& quotes) {
  std::string narration(prompt), spoken;
  for (const Quote& q : quotes) {
    std::fill(narration.begin() + static_cast<std::ptrdiff_t>(q.begin),
              narration.begin() + static_cast<std::ptrdiff_t>(q.end), ' ');
    spoken += q.text + " . ";
  }
  SceneReading r = read_scene(split_words(narration));
  const SceneReading s = read_scene(split_words(spoken));
  if (!r.setting) r.setting = s.setting;
  if (!r.time_of_day) r.time_of_day = s.time_of_day;
  if (!r.weather) r.weather = s.weather;
  if (!r.mood) r.mood = s.mood;
  if (!r.motion) r.motion = s.motion;
  return r;
}

}  // namespace

std::uint32_t prompt_seed(std::string_view prompt) {
  std::uint32_t h = 2166136261u;
  for (const char c : prompt) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return h;
}

Result<Timeline> plan(const JobSpec& spec) {
  if (collapse_spaces(spec.prompt).empty()) return fail(Error::invalid("prompt is empty", "prompt"));
  if (spec.duration_sec < kMinDurationSec || spec.duration_sec > kMaxDurationSec) {
    return fail(Error::invalid("duration is out of range", "duration_sec"));
  }
  Timeline t;
  const FrameSize size = frame_size(spec.aspect_ratio, spec.resolution);
  t.width = size.width;
  t.height = size.height;
  t.fps = kTimelineFps;
  t.duration = spec.duration_sec;
  t.style = spec.style;
  t.aspect = spec.aspect_ratio;
  t.seed = spec.seed.value_or(prompt_seed(spec.prompt));
  const std::uint64_t seed = t.seed;

  const std::vector<Word> words = split_words(spec.prompt);
  std::vector<Quote> quotes = extract_quotes(spec.prompt);
  const SceneReading scene = read_narration(spec.prompt, quotes);
  t.setting = scene.setting.value_or(default_setting(seed));
  t.time_of_day = t.setting == Setting::space ? TimeOfDay::night : scene.time_of_day.value_or(TimeOfDay::day);
  t.weather = scene.weather.value_or(t.setting == Setting::snow ? Weather::snow : Weather::clear);
  if (t.setting == Setting::space) t.weather = Weather::clear;  // no air, no weather
  t.mood = scene.mood.value_or(Mood::calm);
  t.motion = scene.motion.value_or(Motion::still);

  std::erase_if(quotes, [](const Quote& q) { return !has_word_chars(q.text); });
  const Cast cast = detect_cast(spec.prompt, words, quotes);
  t.characters = make_characters(cast, t.style, t.aspect, seed);

  const LanguageGuess prompt_guess = detect_language(spec.prompt);
  const Language prompt_language = spec.language.value_or(prompt_guess.language);
  const auto line_language = [&](std::string_view text) {
    if (spec.language) return *spec.language;
    // A line with evidence of its own wins ("A woman says « Bonjour ! »" is French speech).
    const LanguageGuess g = detect_language(text);
    return g.french_score + g.english_score > 0 ? g.language : prompt_language;
  };
  for (std::size_t i = 0; i < quotes.size(); ++i) {
    DialogueLine line;
    line.speaker = cast.quote_speakers[i];
    line.text = quotes[i].text;
    line.language = line_language(line.text);
    t.dialogue.push_back(std::move(line));
  }
  if (t.dialogue.empty()) {
    DialogueLine line;
    line.speaker = 0;
    line.text = prompt_guess.has_letters ? collapse_spaces(spec.prompt) : std::string(generic_line(prompt_language));
    line.language = prompt_language;
    t.dialogue.push_back(std::move(line));
  }
  for (DialogueLine& line : t.dialogue) {
    const Character& who = t.characters[static_cast<std::size_t>(line.speaker)];
    line.voice = spec.voice.value_or(default_voice(line.language, who.gender, line.speaker));
  }
  estimate_line_times(t.dialogue, t.duration);
  t.subtitles = subtitles_for(t.dialogue);
  t.visemes = viseme_tracks(t.dialogue, static_cast<int>(t.characters.size()));
  t.shots = plan_shots(t, seed);
  t.music = plan_music(t, seed);
  t.effects = plan_effects(t, seed);
  return t;
}

}  // namespace syncreel::engine
