#include "engine/plan/prompt_words.hpp"

#include <array>
#include <string>

namespace syncreel::engine {
namespace {

using S = Setting;
using T = TimeOfDay;
using W = Weather;
using M = Mood;
using Mo = Motion;

// Order matters only for ties at the same word, which the first entry wins.
constexpr std::array kSceneWords = std::to_array<SceneWord>({
    // Settings.
    {"plage|beach|mer|sea|océan|ocean|bord de mer|seaside|seashore|shore|rivage|côte|coast|vagues|île|island|"
     "baie|bay|lagon|lagoon|surf",
     S::beach},
    {"ville|city|rue|street|avenue|boulevard|downtown|centre ville|town|cité|métropole|metropolis|gratte ciel|"
     "skyscraper|immeuble|building|trottoir|sidewalk|paris|new york|tokyo|london|londres",
     S::city},
    {"forêt|forest|bois|woods|jungle|arbre|tree|clairière|clearing", S::forest},
    {"montagne|mountain|sommet|summit|peak|alpes|alps|falaise|cliff|vallée|valley|rocheuses|rockies|himalaya",
     S::mountains},
    {"désert|desert|dune|sahara|oasis|canyon|cactus", S::desert},
    {"espace|space|étoile|star|planète|planet|galaxie|galaxy|cosmos|fusée|rocket|astronaute|astronaut|vaisseau|"
     "spaceship|orbite|orbit",
     S::space},
    {"chambre|salon|room|bedroom|living room|maison|house|home|appartement|apartment|bureau|office|salle|canapé|"
     "sofa|couch",
     S::room},
    {"cuisine|kitchen|restaurant|café|cafe|boulangerie|bakery|cuisiner|cook|cooking", S::kitchen},
    {"campagne|countryside|champ|field|ferme|farm|prairie|meadow|colline|hill|village|verger|orchard|pâturage|"
     "pasture|blé|wheat",
     S::countryside},
    {"neige|snow|enneigé|enneigée|snowy|glace|ice|hiver|winter|ski|banquise|igloo", S::snow, true},
    // Times of day.
    {"aube|dawn|lever|lever du soleil|lever du jour|soleil se lève|sunrise|sun rises|matin|morning|aurore|daybreak",
     T::dawn},
    {"coucher du soleil|coucher de soleil|sunset|crépuscule|dusk|soir|soirée|evening|golden hour|heure dorée|"
     "twilight|soleil se couche|sun sets|sun setting",
     T::sunset},
    {"nuit|night|minuit|midnight|nocturne|nocturnal|tonight|étoilé|étoilée|starry|lune|moon|moonlight|clair de lune",
     T::night},
    {"jour|day|journée|midi|noon|après midi|afternoon|daytime|soleil|sun|ensoleillé|ensoleillée|sunny", T::day},
    // Weather.
    {"pluie|rain|pleut|pleuvoir|rainy|raining|pluvieux|pluvieuse|averse|orage|storm|thunderstorm|thunder|tonnerre|"
     "tempête|downpour|drizzle|bruine",
     W::rain},
    {"neige|snow|neigeux|neigeuse|snowy|snowing|enneigé|enneigée|flocon|snowflake|blizzard|neiger", W::snow},
    {"brouillard|fog|foggy|brume|mist|misty|brumeux|brumeuse|haze", W::fog},
    {"vent|wind|windy|venteux|venteuse|bourrasque|gust|breeze|brise", W::wind},
    {"nuage|cloud|nuageux|nuageuse|cloudy|couvert|overcast", W::cloudy},
    {"beau temps|ciel bleu|blue sky|clear sky|ciel dégagé", W::clear},
    // Moods.
    {"joyeux|joyeuse|happy|heureux|heureuse|joie|joy|gai|gaie|cheerful|fun|rire|rient|rit|laugh|laughs|laughing|"
     "content|contente|glad|smile|smiles|smiling|sourit|sourient|sourire|fête|party|celebrate|célèbre|célèbrent",
     M::happy},
    {"triste|sad|pleure|pleurent|pleurer|cry|cries|crying|larme|tear|mélancolique|melancholy|melancholic|chagrin|"
     "grief|lonely",
     M::sad},
    {"tendu|tendue|tense|peur|fear|afraid|scared|effrayé|effrayée|danger|dangereux|dangereuse|dangerous|angoisse|"
     "anxious|suspense|menace|threat|inquiet|inquiète|worried|nerveux|nerveuse|nervous|poursuite|chase|thriller",
     M::tense},
    {"romantique|romantic|amour|love|amoureux|amoureuse|in love|kiss|baiser|bisou|embrasse|embrassent|rendez vous",
     M::romantic},
    {"épique|epic|héroïque|heroic|héros|hero|bataille|battle|combat|fight|légende|legend|legendary|aventure|"
     "adventure|grandiose|triomphe|triumph",
     M::epic},
    {"calme|calm|paisible|peaceful|serein|sereine|serene|tranquille|quiet|relax|relaxing|doux|douce|gentle",
     M::calm},
    // Motions.
    {"court", Mo::run, false, true},
    {"courent|courir|run|runs|running|ran|sprint|sprints|jog|jogs|jogging|footing|fuit|fuient|flee|flees|course",
     Mo::run},
    {"marche", Mo::walk, false, true},
    {"marchent|marcher|walk|walks|walking|walked|promène|promènent|promenade|stroll|strolls|strolling|balade|"
     "baladent",
     Mo::walk},
    {"danse|dansent|danser|dance|dances|dancing|danced|valse|waltz|tango|salsa|ballet|disco", Mo::dance},
    {"salue|saluent|saluer|waving|waved|fait signe|font signe|coucou", Mo::wave},
    {"wave|waves", Mo::wave, false, true},
    {"assis|assise|sit|sits|sitting|debout|stand|stands|standing|attend|attendent|wait|waits|waiting|immobile",
     Mo::still, true},
});

// Words after which a verb_only form is a noun: articles, and the adjectives people put
// before "waves".
constexpr std::array<std::string_view, 38> kNounMarkers = {
    "the", "a",   "an",  "of",   "some", "these", "those",    "le",    "la",    "les",   "l",    "un",   "une",
    "des", "du",  "de",  "d",    "au",   "aux",   "ce",       "cette", "ces",   "sa",    "son",  "ses",  "big",
    "huge", "giant", "small", "gentle", "crashing", "ocean", "sea", "high", "rolling", "white", "blue", "grandes"};

struct FoldedForm {
  std::vector<std::string> words;
};
struct FoldedEntry {
  std::vector<FoldedForm> forms;
};

const std::vector<FoldedEntry>& folded_table() {
  // Built once; C++ guarantees thread-safe initialisation of function-local statics.
  static const std::vector<FoldedEntry> table = [] {
    std::vector<FoldedEntry> out;
    for (const SceneWord& entry : kSceneWords) {
      FoldedEntry folded;
      std::string_view rest = entry.forms;
      while (!rest.empty()) {
        const std::size_t bar = rest.find('|');
        folded.forms.push_back({folded_words(rest.substr(0, bar))});
        rest = bar == std::string_view::npos ? std::string_view{} : rest.substr(bar + 1);
      }
      out.push_back(std::move(folded));
    }
    return out;
  }();
  return table;
}

bool word_matches(const std::string& word, const std::string& form) {
  if (word == form) return true;
  return word.size() == form.size() + 1 && word.starts_with(form) && (word.back() == 's' || word.back() == 'x');
}

bool is_noun_marker(const std::string& word) {
  for (const std::string_view m : kNounMarkers) {
    if (word == m) return true;
  }
  return false;
}

bool matches_at(const std::vector<Word>& words, std::size_t at, const FoldedForm& form) {
  if (form.words.empty() || at + form.words.size() > words.size()) return false;
  for (std::size_t k = 0; k < form.words.size(); ++k) {
    if (!word_matches(words[at + k].folded, form.words[k])) return false;
  }
  return true;
}

// The earliest hit of each kind, strong and weak apart.
struct Hit {
  std::size_t at = static_cast<std::size_t>(-1);
  SceneCue cue;
};
template <class T>
std::optional<T> pick(const Hit& strong, const Hit& weak) {
  if (strong.at != static_cast<std::size_t>(-1)) return std::get<T>(strong.cue);
  if (weak.at != static_cast<std::size_t>(-1)) return std::get<T>(weak.cue);
  return std::nullopt;
}

}  // namespace

std::span<const SceneWord> scene_words() { return kSceneWords; }

std::vector<std::string> folded_words(std::string_view spelling) {
  std::vector<std::string> out;
  for (Word& w : split_words(spelling)) out.push_back(std::move(w.folded));
  return out;
}

SceneReading read_scene(const std::vector<Word>& words) {
  constexpr std::size_t kKinds = std::variant_size_v<SceneCue>;
  std::array<Hit, kKinds> strong{}, weak{};
  const auto& table = folded_table();
  for (std::size_t i = 0; i < table.size(); ++i) {
    const SceneWord& entry = kSceneWords[i];
    Hit& best = (entry.weak ? weak : strong)[entry.cue.index()];
    for (std::size_t at = 0; at < words.size() && at < best.at; ++at) {
      if (entry.verb_only && at > 0 && is_noun_marker(words[at - 1].folded)) continue;
      bool hit = false;
      for (const FoldedForm& form : table[i].forms) hit = hit || matches_at(words, at, form);
      if (hit) best = {at, entry.cue};
    }
  }
  SceneReading r;
  r.setting = pick<Setting>(strong[0], weak[0]);
  r.time_of_day = pick<TimeOfDay>(strong[1], weak[1]);
  r.weather = pick<Weather>(strong[2], weak[2]);
  r.mood = pick<Mood>(strong[3], weak[3]);
  r.motion = pick<Motion>(strong[4], weak[4]);
  return r;
}

}  // namespace syncreel::engine
