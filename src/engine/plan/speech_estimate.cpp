#include "engine/plan/speech_estimate.hpp"

#include <algorithm>
#include <cmath>

#include "engine/plan/text_scan.hpp"

namespace syncreel::engine {
namespace {

constexpr double kLeadIn = 0.5;        // silence before the first line
constexpr double kTail = 0.6;          // silence after the last
constexpr double kPause = 0.35;        // between two lines
constexpr double kMaxSpeedUp = 1.25;   // synthesis can say a line this much faster
constexpr double kMinLineSec = 0.6;
constexpr double kMaxExtraLead = 0.7;  // when there is time to spare
constexpr double kMaxExtraPause = 1.1;
constexpr std::size_t kCueChars = 84;  // two subtitle lines of ~42
constexpr double kMinVisemeSec = 0.07;

std::size_t char_count(std::string_view text) { return decode_utf8(text).size(); }

double speaking_time(std::string_view text, double speed) {
  return std::max(kMinLineSec, static_cast<double>(char_count(text)) / (kSpeechCharsPerSec * speed));
}

// The first `max_chars` code points of `text`, cut back to a word end, with an ellipsis.
std::string shorten(std::string_view text, std::size_t max_chars) {
  const std::vector<CodePoint> cps = decode_utf8(text);
  if (cps.size() <= max_chars) return std::string(text);
  std::size_t cut = max_chars;
  while (cut > 0 && classify(cps[cut].value) != CharClass::space) --cut;
  if (cut == 0) cut = std::max<std::size_t>(1, max_chars);
  std::string out(text.substr(0, cps[cut - 1].end));
  while (!out.empty() && (out.back() == ',' || out.back() == ';' || out.back() == ' ')) out.pop_back();
  return out + "\u2026";
}

bool ends_clause(char32_t cp) {
  return cp == '.' || cp == '!' || cp == '?' || cp == ',' || cp == ';' || cp == ':' || cp == 0x2026;
}

// Splits at the last sentence/clause end, else the last space, before kCueChars.
std::vector<std::string> cue_chunks(std::string_view text) {
  std::vector<std::string> out;
  const std::vector<CodePoint> cps = decode_utf8(text);
  if (cps.empty()) return out;
  std::size_t from = 0;
  while (cps.size() - from > kCueChars) {
    std::size_t clause = 0, space = 0;
    for (std::size_t i = from + kCueChars / 2; i < from + kCueChars; ++i) {
      if (classify(cps[i].value) != CharClass::space) continue;
      space = i;
      if (ends_clause(cps[i - 1].value)) clause = i;
    }
    const std::size_t cut = clause ? clause : space ? space : from + kCueChars;
    out.push_back(collapse_spaces(text.substr(cps[from].begin, cps[cut].begin - cps[from].begin)));
    from = cut;
  }
  out.push_back(collapse_spaces(text.substr(cps[from].begin)));
  std::erase_if(out, [](const std::string& s) { return s.empty(); });
  return out;
}

Viseme viseme_of(const std::string& folded, const std::string& next) {
  if (folded.empty()) return Viseme::rest;
  switch (folded.front()) {
    case 'm': case 'b': case 'p':
      return Viseme::mbp;
    case 'f': case 'v':
      return Viseme::fv;
    case 'a':
      return Viseme::aa;
    case 'o':
      return next == "u" || next == "o" ? Viseme::oo : Viseme::oh;
    case 'u': case 'w': case 'q':
      return Viseme::oo;
    case 'l':
      return Viseme::l;
    case 't':
      return next == "h" ? Viseme::l : Viseme::ee;
    default:
      break;
  }
  if (folded.front() >= 'a' && folded.front() <= 'z') return Viseme::ee;
  if (folded.front() >= '0' && folded.front() <= '9') return Viseme::ee;
  // Another script: open and close the mouth in a steady rhythm.
  static constexpr Viseme kCycle[] = {Viseme::aa, Viseme::ee, Viseme::oh, Viseme::mbp};
  return kCycle[static_cast<unsigned char>(folded.back()) % 4];
}

}  // namespace

void estimate_line_times(std::vector<DialogueLine>& lines, double duration) {
  if (lines.empty()) return;
  const double available = std::max(1.0, duration - kLeadIn - kTail);
  const auto speech_sum = [&](double speed) {
    double sum = 0;
    for (const DialogueLine& l : lines) sum += speaking_time(l.text, speed);
    return sum;
  };
  const auto pauses = [&] { return kPause * static_cast<double>(lines.size() - 1); };
  double speed = 1.0;
  if (speech_sum(1.0) + pauses() > available) {
    speed = std::min(kMaxSpeedUp, speech_sum(1.0) / std::max(0.1, available - pauses()));
  }
  if (speech_sum(speed) + pauses() > available) {
    // Keep what fits, in order; shorten the first line that does not.
    double used = 0;
    std::size_t keep = 0;
    for (; keep < lines.size(); ++keep) {
      const double pause = keep > 0 ? kPause : 0.0;
      const double need = speaking_time(lines[keep].text, speed);
      if (used + pause + need <= available) {
        used += pause + need;
        continue;
      }
      const double left = available - used - pause;
      if (left >= kMinLineSec || keep == 0) {
        const auto chars = static_cast<std::size_t>(std::max(kMinLineSec, left) * kSpeechCharsPerSec * speed);
        lines[keep].text = shorten(lines[keep].text, std::max<std::size_t>(chars, 1));
        ++keep;
      }
      break;
    }
    lines.resize(std::max<std::size_t>(keep, 1));
  }
  const double spare = std::max(0.0, available - speech_sum(speed) - pauses());
  const double lead = kLeadIn + std::min(kMaxExtraLead, spare * 0.25);
  const double spare_after_lead = spare - (lead - kLeadIn);
  const double pause =
      kPause + (lines.size() > 1 ? std::min(kMaxExtraPause, spare_after_lead * 0.6 / static_cast<double>(lines.size() - 1))
                                 : 0.0);
  double t = lead;
  for (DialogueLine& l : lines) {
    l.start = t;
    l.end = std::min(duration, t + speaking_time(l.text, speed));
    t = l.end + pause;
  }
}

std::vector<SubtitleCue> subtitles_for(const std::vector<DialogueLine>& lines) {
  std::vector<SubtitleCue> cues;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const DialogueLine& line = lines[i];
    const std::vector<std::string> chunks = cue_chunks(line.text);
    double total = 0;
    for (const std::string& c : chunks) total += static_cast<double>(char_count(c));
    double t = line.start;
    for (std::size_t k = 0; k < chunks.size(); ++k) {
      const double share = total > 0 ? static_cast<double>(char_count(chunks[k])) / total : 1.0;
      const double end = k + 1 == chunks.size() ? line.end : t + (line.end - line.start) * share;
      cues.push_back({t, end, chunks[k]});
      t = end;
    }
    // Readers need a moment after the voice stops; hold the last cue a little if free.
    const double next = i + 1 < lines.size() ? lines[i + 1].start - 0.05 : line.end + 0.4;
    if (!cues.empty()) cues.back().end = std::max(cues.back().end, std::min(line.end + 0.4, next));
  }
  return cues;
}

std::vector<VisemeKey> estimate_visemes(std::string_view text, double start, double end) {
  struct Unit {
    Viseme shape;
    double weight;
  };
  std::vector<Unit> units;
  const std::vector<CodePoint> cps = decode_utf8(text);
  for (std::size_t i = 0; i < cps.size(); ++i) {
    const CharClass c = classify(cps[i].value);
    if (c == CharClass::space) {
      units.push_back({Viseme::rest, 0.6});
      continue;
    }
    if (c == CharClass::symbol || c == CharClass::apostrophe) {
      if (ends_clause(cps[i].value)) units.push_back({Viseme::rest, 2.5});
      continue;
    }
    const std::string folded = fold_char(cps[i].value);
    const std::string next = i + 1 < cps.size() ? fold_char(cps[i + 1].value) : std::string();
    const Viseme v = viseme_of(folded, next);
    units.push_back({v, 1.0});
    // Digraphs read as one sound: "ou"/"oo" and "th".
    if ((v == Viseme::oo && folded == "o") || (v == Viseme::l && folded == "t")) ++i;
  }
  double total = 0;
  for (const Unit& u : units) total += u.weight;
  std::vector<VisemeKey> keys;
  if (total <= 0 || end <= start) return keys;
  double t = start;
  for (const Unit& u : units) {
    const double d = (end - start) * u.weight / total;
    if (!keys.empty() && keys.back().shape == u.shape) {
      keys.back().end = t + d;
    } else {
      keys.push_back({t, t + d, u.shape});
    }
    t += d;
  }
  keys.back().end = end;
  // Shapes shorter than about two frames would flicker: fold them into their neighbour.
  std::vector<VisemeKey> merged;
  for (const VisemeKey& k : keys) {
    if (!merged.empty() && (k.end - k.start < kMinVisemeSec || merged.back().shape == k.shape)) {
      merged.back().end = k.end;
    } else if (!merged.empty() && merged.back().end - merged.back().start < kMinVisemeSec) {
      merged.back().end = k.end;
      merged.back().shape = k.shape;
    } else {
      merged.push_back(k);
    }
  }
  std::erase_if(merged, [](const VisemeKey& k) { return k.shape == Viseme::rest; });
  return merged;
}

std::vector<std::vector<VisemeKey>> viseme_tracks(const std::vector<DialogueLine>& lines, int characters) {
  std::vector<std::vector<VisemeKey>> tracks(static_cast<std::size_t>(std::max(characters, 0)));
  for (const DialogueLine& line : lines) {
    if (line.speaker < 0 || line.speaker >= characters) continue;
    auto& track = tracks[static_cast<std::size_t>(line.speaker)];
    for (const VisemeKey& k : estimate_visemes(line.text, line.start, line.end)) track.push_back(k);
  }
  for (auto& track : tracks) {
    std::sort(track.begin(), track.end(), [](const VisemeKey& a, const VisemeKey& b) { return a.start < b.start; });
  }
  return tracks;
}

}  // namespace syncreel::engine
