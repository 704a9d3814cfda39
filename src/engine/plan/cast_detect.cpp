#include "engine/plan/cast_detect.hpp"

#include <algorithm>

#include "engine/plan/cast_words.hpp"

namespace syncreel::engine {
namespace {

enum class MentionKind { noun, name, pronoun };

struct Mention {
  std::size_t at = 0;  // word index
  MentionKind kind = MentionKind::noun;
  std::optional<Gender> gender;
  std::string key;     // noun form or name, what identifies the person
  int count = 1;       // 2 for "two women", "les filles"
  bool fresh = false;  // "another woman": a new person even with the same key
  bool subject = true;  // may introduce a quote (not "her", "him", "his")
};

struct Person {
  std::optional<Gender> gender;
  std::string name;  // folded name for matching
  std::string display_name;
  std::string noun;
};

std::vector<Mention> collect_mentions(std::string_view prompt, const std::vector<Word>& words,
                                      const std::vector<bool>& quoted) {
  std::vector<Mention> out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (quoted[i]) continue;
    const std::string& w = words[i].folded;
    const bool after_les = i > 0 && (words[i - 1].folded == "les" || words[i - 1].folded == "tous" ||
                                     words[i - 1].folded == "toutes");
    if (is_count_word(w)) {
      // "two (young) women": the count belongs to a person noun a few words on.
      std::optional<NounHit> hit;
      std::size_t k = i + 1;
      for (; k < words.size() && k <= i + 3 && !hit; ++k) hit = person_noun_at(words, k);
      if (hit) {
        const bool mixed = is_mixed_plural(hit->key);
        out.push_back({k - 1, MentionKind::noun, mixed ? std::nullopt : gender_of(hit->kind), hit->key, 2});
        i = k - 1 + hit->length - 1;
      } else if (w != "two" && w != "2" && (w != "deux" || after_les)) {
        out.push_back({i, MentionKind::noun, std::nullopt, "couple", 2});
      }
      continue;
    }
    if (auto hit = person_noun_at(words, i)) {
      const bool fresh = (i > 0 && is_another_word(words[i - 1].folded)) ||
                         (i > 1 && is_another_word(words[i - 2].folded));
      const bool mixed = hit->plural && is_mixed_plural(hit->key);
      out.push_back(
          {i, MentionKind::noun, mixed ? std::nullopt : gender_of(hit->kind), hit->key, hit->plural ? 2 : 1, fresh});
      i += hit->length - 1;
      continue;
    }
    const bool impersonal = w == "il" && i + 1 < words.size() && is_impersonal_after_il(words[i + 1].folded);
    if ((w == "il" && !impersonal) || w == "he") {
      out.push_back({i, MentionKind::pronoun, Gender::male, w});
    } else if (w == "elle" || w == "she") {
      out.push_back({i, MentionKind::pronoun, Gender::female, w});
    } else if (w == "him" || w == "his") {
      out.push_back({i, MentionKind::pronoun, Gender::male, w, 1, false, false});
    } else if (w == "her") {
      out.push_back({i, MentionKind::pronoun, Gender::female, w, 1, false, false});
    } else if (is_name_at(prompt, words, i)) {
      out.push_back({i, MentionKind::name, std::nullopt, w});
    }
  }
  return out;
}

bool conjunction_between(const std::vector<Word>& words, std::size_t a, std::size_t b) {
  for (std::size_t k = std::min(a, b) + 1; k < std::max(a, b); ++k) {
    if (is_conjunction(words[k].folded)) return true;
  }
  return false;
}


class CastBuilder {
 public:
  CastBuilder(std::string_view prompt, const std::vector<Word>& words) : prompt_(prompt), words_(words) {}

  // Adds the people a mention introduces; returns the person it names, or -1.
  int add(const Mention& m, int previous_person, std::size_t previous_at) {
    const bool apposed = previous_person >= 0 && m.kind != MentionKind::pronoun && apposition(previous_at, m.at);
    if (m.kind == MentionKind::name) {
      if (const int p = find_name(m.key); p >= 0) return p;
      // "the woman, Marie, says": one person, described then named.
      if (apposed && people_[static_cast<std::size_t>(previous_person)].name.empty()) {
        set_name(people_[static_cast<std::size_t>(previous_person)], m);
        return previous_person;
      }
      Person p;
      set_name(p, m);
      return push(std::move(p));
    }
    if (m.count >= 2) {
      if (!m.fresh && find_noun(m.key) >= 0) return -1;
      push({m.gender, "", "", m.key});
      push({m.gender, "", "", m.key});
      return -1;
    }
    if (!m.fresh) {
      if (const int p = find_noun(m.key); p >= 0) return p;
    }
    // "Marie, une jeune femme": the noun describes the person just named.
    if (apposed) {
      Person& named = people_[static_cast<std::size_t>(previous_person)];
      if (named.noun.empty()) {
        named.noun = m.key;
        if (!named.gender) named.gender = m.gender;
        return previous_person;
      }
    }
    return push({m.gender, "", "", m.key});
  }

  // The person a quote's subject refers to, creating one when the subject is new.
  int resolve(const Mention& m) {
    if (m.kind == MentionKind::name) {
      if (const int p = find_name(m.key); p >= 0) return p;
      Person p;
      set_name(p, m);
      return push(std::move(p));
    }
    if (m.kind == MentionKind::noun) {
      if (m.count >= 2) return -1;
      if (const int p = find_noun(m.key); p >= 0) return p;
    }
    if (m.gender) {
      int only = -1, matches = 0, unknown = -1;
      for (std::size_t i = 0; i < people_.size(); ++i) {
        if (people_[i].gender == m.gender) {
          only = static_cast<int>(i);
          ++matches;
        } else if (!people_[i].gender && unknown < 0) {
          unknown = static_cast<int>(i);
        }
      }
      if (matches == 1) return only;
      if (matches > 1) return -1;
      if (unknown >= 0) {
        people_[static_cast<std::size_t>(unknown)].gender = m.gender;
        return unknown;
      }
    }
    return push({m.gender, "", "", m.kind == MentionKind::noun ? m.key : ""});
  }

  // Pronouns of both genders with fewer than two people: the missing one exists too.
  void add_pronoun_people(const std::vector<Mention>& mentions) {
    bool female = false, male = false;
    for (const Person& p : people_) {
      female = female || p.gender == Gender::female;
      male = male || p.gender == Gender::male;
    }
    for (const Mention& m : mentions) {
      if (m.kind != MentionKind::pronoun) continue;
      if (m.gender == Gender::female && !female && people_.size() < 2) {
        adopt_or_push(Gender::female);
        female = true;
      }
      if (m.gender == Gender::male && !male && people_.size() < 2) {
        adopt_or_push(Gender::male);
        male = true;
      }
    }
  }

  std::vector<Person>& people() { return people_; }

 private:
  // "Marie, une jeune femme" / "la femme (Marie)" / "the woman Marie": one person, not two.
  bool apposition(std::size_t before, std::size_t at) const {
    if (at <= before || at - before > 4 || conjunction_between(words_, before, at)) return false;
    if (at - before == 1) return true;
    const std::size_t from = words_[before].end;
    const std::string_view between = prompt_.substr(from, words_[at].begin - from);
    return between.find(',') != std::string_view::npos || between.find('(') != std::string_view::npos;
  }
  void adopt_or_push(Gender g) {
    for (Person& p : people_) {
      if (!p.gender) {
        p.gender = g;
        return;
      }
    }
    push({g, "", "", ""});
  }
  void set_name(Person& p, const Mention& m) {
    p.name = m.key;
    const Word& w = words_[m.at];
    p.display_name = std::string(prompt_.substr(w.begin, w.end - w.begin));
  }
  int find_name(const std::string& key) const {
    for (std::size_t i = 0; i < people_.size(); ++i) {
      if (people_[i].name == key) return static_cast<int>(i);
    }
    return -1;
  }
  int find_noun(const std::string& key) const {
    for (std::size_t i = 0; i < people_.size(); ++i) {
      if (people_[i].noun == key) return static_cast<int>(i);
    }
    return -1;
  }
  int push(Person p) {
    if (people_.size() >= 2) return -1;  // a clip shows at most two people
    people_.push_back(std::move(p));
    return static_cast<int>(people_.size()) - 1;
  }

  std::string_view prompt_;
  const std::vector<Word>& words_;
  std::vector<Person> people_;
};

// For quote k, the mention that introduces it (index into `mentions`), or -1.
// French puts the speaker after the quote ("« Bonjour », dit-elle."): a speech verb that
// opens the text after a quote hands its subject back to that quote.
std::vector<int> quote_subjects(const std::vector<Word>& words, const std::vector<Quote>& quotes,
                                const std::vector<Mention>& mentions) {
  std::vector<int> subject(quotes.size(), -1);
  std::size_t span_begin = 0;
  for (std::size_t k = 0; k <= quotes.size(); ++k) {
    const std::size_t span_end = k < quotes.size() ? quotes[k].begin : static_cast<std::size_t>(-1);
    std::vector<int> in_span;
    for (std::size_t m = 0; m < mentions.size(); ++m) {
      const Word& w = words[mentions[m].at];
      if (w.begin >= span_begin && w.end <= span_end && mentions[m].subject) in_span.push_back(static_cast<int>(m));
    }
    std::size_t first_word = 0;
    while (first_word < words.size() && words[first_word].begin < span_begin) ++first_word;
    const bool trailing = k > 0 && first_word < words.size() && words[first_word].begin < span_end &&
                          (is_speech_verb(words[first_word].folded) ||
                           (first_word + 1 < words.size() && is_speech_verb(words[first_word + 1].folded)));
    std::size_t used = 0;
    if (trailing && !in_span.empty()) {
      subject[k - 1] = in_span.front();
      used = 1;
    }
    // "Alice and Bob talk: …" names both; nobody in particular opens the dialogue.
    const bool joint = in_span.size() >= used + 2 &&
                       conjunction_between(words, mentions[static_cast<std::size_t>(in_span[in_span.size() - 2])].at,
                                           mentions[static_cast<std::size_t>(in_span.back())].at) &&
                       mentions[static_cast<std::size_t>(in_span.back())].at -
                               mentions[static_cast<std::size_t>(in_span[in_span.size() - 2])].at <=
                           3;
    if (k < quotes.size() && in_span.size() > used && !joint) subject[k] = in_span.back();
    if (k < quotes.size()) span_begin = quotes[k].end;
  }
  return subject;
}


}  // namespace

Cast detect_cast(std::string_view prompt, const std::vector<Word>& words, const std::vector<Quote>& quotes) {
  std::vector<bool> quoted(words.size(), false);
  for (std::size_t i = 0; i < words.size(); ++i) {
    for (const Quote& q : quotes) quoted[i] = quoted[i] || (words[i].begin >= q.begin && words[i].end <= q.end);
  }
  const std::vector<Mention> mentions = collect_mentions(prompt, words, quoted);

  CastBuilder builder(prompt, words);
  int previous_person = -1;
  std::size_t previous_at = 0;
  for (const Mention& m : mentions) {
    if (m.kind == MentionKind::pronoun) continue;
    previous_person = builder.add(m, previous_person, previous_at);
    previous_at = m.at;
  }
  builder.add_pronoun_people(mentions);

  Cast cast;
  const std::vector<int> subjects = quote_subjects(words, quotes, mentions);
  std::vector<int> resolved(quotes.size(), -1);
  for (std::size_t k = 0; k < quotes.size(); ++k) {
    if (subjects[k] >= 0) resolved[k] = builder.resolve(mentions[static_cast<std::size_t>(subjects[k])]);
  }
  for (const Person& p : builder.people()) cast.members.push_back({p.gender, p.display_name});
  if (cast.members.empty()) cast.members.push_back({});
  // Quotes nobody introduces answer the previous one.
  const int n = static_cast<int>(cast.members.size());
  int previous = -1;
  for (std::size_t k = 0; k < quotes.size(); ++k) {
    const int speaker = resolved[k] >= 0 && resolved[k] < n ? resolved[k] : (previous + 1) % n;
    cast.quote_speakers.push_back(speaker);
    previous = speaker;
  }
  return cast;
}

}  // namespace syncreel::engine
