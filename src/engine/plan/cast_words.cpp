#include "engine/plan/cast_words.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "engine/plan/prompt_words.hpp"

namespace syncreel::engine {
namespace {

struct PersonNoun {
  std::string_view forms;  // '|'-separated, matched with plural tolerance like scene words
  PersonKind kind;
};

constexpr std::array<PersonNoun, 3> kPersonNouns = {{
    {"femme|woman|fille|girl|dame|lady|mère|mother|maman|mom|mum|soeur|sister|grand mère|grandmother|grandma|"
     "mamie|princesse|princess|reine|queen|amie|copine|girlfriend|épouse|wife|actrice|actress|chanteuse|danseuse|"
     "infirmière|étudiante|héroïne|heroine|madame|mrs|miss|mademoiselle|voisine|fillette|daughter|nièce|niece|"
     "tante|aunt|sorcière|witch|fée|fairy|inconnue",
     PersonKind::female},
    {"homme|man|garçon|boy|monsieur|sir|mr|père|father|papa|dad|frère|brother|grand père|grandfather|grandpa|"
     "papi|prince|roi|king|ami|copain|boyfriend|mari|husband|acteur|actor|chanteur|danseur|étudiant|héros|hero|"
     "voisin|fils|son|neveu|nephew|oncle|uncle|sorcier|wizard|chevalier|knight|inconnu",
     PersonKind::male},
    {"personne|person|enfant|child|kid|friend|robot|astronaute|astronaut|chef|professeur|teacher|student|"
     "voyageur|traveler|traveller|détective|detective|soldat|soldier|pirate|ninja|guerrier|warrior|explorateur|"
     "explorer|stranger|singer|dancer",
     PersonKind::unknown},
}};

// Plurals that the +s rule misses; each names at least two people.
struct IrregularPlural {
  std::string_view word;
  PersonKind kind;
};
constexpr std::array<IrregularPlural, 7> kIrregularPlurals = {{
    {"women", PersonKind::female}, {"ladies", PersonKind::female}, {"men", PersonKind::male},
    {"gentlemen", PersonKind::male}, {"children", PersonKind::unknown}, {"people", PersonKind::unknown},
    {"gens", PersonKind::unknown},
}};

// French masculine plurals also name mixed groups ("deux amis" may be a man and a woman).
constexpr std::array<std::string_view, 8> kMixedPlurals = {"ami",     "copain",  "voisin", "etudiant",
                                                           "danseur", "chanteur", "acteur", "friend"};
constexpr std::array<std::string_view, 8> kCountWords = {"two", "deux", "2", "both", "couple", "pair", "duo",
                                                         "twins"};
constexpr std::array<std::string_view, 4> kAnotherWords = {"another", "other", "autre", "second"};
constexpr std::array<std::string_view, 4> kConjunctions = {"and", "et", "with", "avec"};
constexpr std::array<std::string_view, 6> kImpersonalAfterIl = {"y", "fait", "pleut", "neige", "faut", "semble"};

constexpr std::string_view kSpeechVerbs =
    "says|say|said|asks|asked|replies|replied|answers|answered|whispers|whispered|shouts|shouted|yells|tells|told|"
    "explains|talks|talk|speaks|exclaims|sings|dit|disent|demande|demandent|répond|répondent|murmure|crie|crient|"
    "explique|parle|parlent|chuchote|raconte|ajoute|lance|exclame|chante";

// Capitalised words that start sentences without being names.
constexpr std::string_view kNotNames =
    "the|a|an|and|in|on|at|with|then|when|while|after|before|suddenly|finally|later|meanwhile|he|she|they|it|his|her|"
    "this|that|there|here|le|la|les|un|une|des|et|dans|sur|avec|puis|quand|alors|soudain|enfin|il|elle|ils|elles|"
    "ce|cette|ces|son|sa|ses|mon|ma|mes|je|tu|nous|vous|on|i|we|you|my|your|our|deux|two|both|oh|ah|hey|hello|"
    "bonjour|salut|yes|no|oui|non|ok|okay|scene|scène|clip|video|vidéo|close|gros|plan|shot";

bool in_list(std::string_view list, const std::string& word) {
  while (!list.empty()) {
    const std::size_t bar = list.find('|');
    if (list.substr(0, bar) == word) return true;
    list = bar == std::string_view::npos ? std::string_view{} : list.substr(bar + 1);
  }
  return false;
}

template <std::size_t N>
bool in_array(const std::array<std::string_view, N>& list, const std::string& word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

struct NounForm {
  std::vector<std::string> words;
  PersonKind kind;
};

const std::vector<NounForm>& noun_forms() {
  static const std::vector<NounForm> forms = [] {
    std::vector<NounForm> out;
    for (const PersonNoun& noun : kPersonNouns) {
      std::string_view rest = noun.forms;
      while (!rest.empty()) {
        const std::size_t bar = rest.find('|');
        out.push_back({folded_words(rest.substr(0, bar)), noun.kind});
        rest = bar == std::string_view::npos ? std::string_view{} : rest.substr(bar + 1);
      }
    }
    // Longest first, so "grand mère" wins over "mère".
    std::stable_sort(out.begin(), out.end(), [](const NounForm& a, const NounForm& b) {
      return a.words.size() > b.words.size();
    });
    return out;
  }();
  return forms;
}

// Single-word scene spellings ("Paris", "Sahara"): capitalised, but places, not people.
const std::set<std::string>& scene_single_words() {
  static const std::set<std::string> words = [] {
    std::set<std::string> out;
    for (const SceneWord& entry : scene_words()) {
      std::string_view rest = entry.forms;
      while (!rest.empty()) {
        const std::size_t bar = rest.find('|');
        if (auto w = folded_words(rest.substr(0, bar)); w.size() == 1) out.insert(w.front());
        rest = bar == std::string_view::npos ? std::string_view{} : rest.substr(bar + 1);
      }
    }
    return out;
  }();
  return words;
}


}  // namespace

std::optional<NounHit> person_noun_at(const std::vector<Word>& words, std::size_t at) {
  for (const IrregularPlural& p : kIrregularPlurals) {
    if (words[at].folded == p.word) return NounHit{p.kind, true, 1, std::string(p.word)};
  }
  for (const NounForm& form : noun_forms()) {
    if (at + form.words.size() > words.size()) continue;
    bool match = true;
    bool plural = false;
    for (std::size_t k = 0; k < form.words.size() && match; ++k) {
      const std::string& w = words[at + k].folded;
      const std::string& f = form.words[k];
      plural = w != f;
      match = w == f || (w.size() == f.size() + 1 && w.starts_with(f) && (w.back() == 's' || w.back() == 'x'));
    }
    if (match) return NounHit{form.kind, plural, form.words.size(), form.words.back()};
  }
  return std::nullopt;
}

bool is_name_at(std::string_view prompt, const std::vector<Word>& words, std::size_t i) {
  const Word& w = words[i];
  if (!w.capitalized || w.folded.size() < 2) return false;
  if (in_list(kNotNames, w.folded) || in_list(kSpeechVerbs, w.folded) || in_array(kCountWords, w.folded)) {
    return false;
  }
  if (person_noun_at(words, i) || scene_single_words().contains(w.folded)) return false;
  if (!w.sentence_start) return true;
  // A capital at a sentence start proves nothing; a name there is followed by "and
  // <Name>", a speech verb or a colon.
  if (w.end < prompt.size() && prompt[w.end] == ':') return true;
  if (i + 1 >= words.size()) return false;
  // "Marie, une jeune femme, ...": a comma and a person noun right after.
  if (w.end < prompt.size() && prompt[w.end] == ',') {
    for (std::size_t k = i + 1; k < words.size() && k <= i + 3; ++k) {
      if (person_noun_at(words, k)) return true;
    }
  }
  const Word& next = words[i + 1];
  if (in_list(kSpeechVerbs, next.folded)) return true;
  return (next.folded == "and" || next.folded == "et") && i + 2 < words.size() && words[i + 2].capitalized;
}

std::optional<Gender> gender_of(PersonKind kind) {
  if (kind == PersonKind::female) return Gender::female;
  if (kind == PersonKind::male) return Gender::male;
  return std::nullopt;
}

bool is_speech_verb(const std::string& folded) { return in_list(kSpeechVerbs, folded); }
bool is_count_word(const std::string& folded) { return in_array(kCountWords, folded); }
bool is_another_word(const std::string& folded) { return in_array(kAnotherWords, folded); }
bool is_conjunction(const std::string& folded) { return in_array(kConjunctions, folded); }
bool is_impersonal_after_il(const std::string& folded) { return in_array(kImpersonalAfterIl, folded); }
bool is_mixed_plural(const std::string& key) { return in_array(kMixedPlurals, key); }

}  // namespace syncreel::engine
