#include "engine/audio/speech.hpp"

#include <algorithm>
#include <cmath>

#include "engine/audio/audio_format.hpp"
#include "engine/audio/captions.hpp"
#include "engine/audio/resample.hpp"
#include "engine/audio/visemes.hpp"

namespace syncreel::engine {
namespace {

constexpr double kLeadIn = 0.6;  // before the first line: the viewer settles in first
constexpr double kTail = 0.5;    // after the last line: room for the fade-out
constexpr double kGap = 0.5;     // a natural pause between two lines
constexpr double kMinGap = 0.2;  // shorter sounds like one breathless speaker
constexpr double kMaxGap = 0.9;  // longer and the exchange falls apart
constexpr int kMaxTruncationTries = 8;
constexpr double kMaxDuration = 600;

struct Pending {
  std::size_t index = 0;  // into Timeline::dialogue
  std::string voice;
  std::string text;
  Utterance utterance;
  bool truncated = false;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (!is_space(c)) {
      out.push_back(c);
    } else if (!out.empty() && out.back() != ' ') {
      out.push_back(' ');
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// The first `count` code points of `text`.
std::string_view prefix_code_points(std::string_view text, std::size_t count) {
  std::size_t cp = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && cp++ == count) return text.substr(0, i);
  }
  return text;
}

Result<void> synthesize_all(std::vector<Pending>& lines, int rate) {
  for (Pending& p : lines) {
    auto u = speak(p.text, p.voice, rate);
    if (!u) return fail(u.error());
    p.utterance = std::move(*u);
  }
  return {};
}

double spoken_seconds(const std::vector<Pending>& lines) {
  double s = 0;
  for (const Pending& p : lines) s += p.utterance.seconds();
  return s;
}

// Cuts `line` after a whole word so it lasts at most `budget` seconds. False when not
// even its first word fits.
Result<bool> truncate_to(Pending& line, double budget, int rate) {
  const std::vector<WordEvent> words = line.utterance.words;
  int tries = 0;
  for (std::size_t w = words.size(); w-- > 1 && tries < kMaxTruncationTries;) {
    // Word w starts where the text kept so far (words before w) stops being spoken.
    if (words[w].ms / 1000.0 > budget) continue;
    const WordEvent& last_kept = words[w - 1];
    const std::string text(
        prefix_code_points(line.text, static_cast<std::size_t>(last_kept.char_begin + last_kept.char_length)));
    auto u = speak(text, line.voice, rate);
    if (!u) return fail(u.error());
    ++tries;
    if (u->seconds() <= budget) {
      line.text = text;
      line.utterance = std::move(*u);
      line.truncated = true;
      return true;
    }
  }
  return false;
}

struct Staged {
  std::vector<std::vector<VisemeKey>> visemes;
  std::vector<SubtitleCue> subtitles;
  std::vector<DialogueLine> dialogue;
};

// Puts `line` into the track from `start` seconds on and records what it implies.
Result<void> place(Pending& line, double start, int rate, SpeechTrack& track, Staged& staged) {
  auto audio = resample_to_engine_rate(line.utterance.pcm, line.utterance.sample_rate);
  if (!audio) return fail(audio.error());
  const std::size_t total = track.samples.size();
  const std::size_t begin = frame_at(start, total);
  const std::size_t end = begin + std::min(audio->size(), total - begin);
  std::copy_n(audio->begin(), end - begin, track.samples.begin() + static_cast<std::ptrdiff_t>(begin));

  SpokenLine spoken{line.index, begin, end, rate, line.truncated, line.text, {}};
  for (const PhonemeEvent& e : line.utterance.phonemes) {
    const auto at = begin + static_cast<std::size_t>(std::llround(std::max(0, e.ms) * (kSampleRate / 1000.0)));
    spoken.phonemes.push_back({e.name, std::min(at, end), end, viseme_for_phoneme(e.name)});
  }
  std::ranges::stable_sort(spoken.phonemes, {}, &PhonemeMark::begin);
  for (std::size_t i = 0; i + 1 < spoken.phonemes.size(); ++i) spoken.phonemes[i].end = spoken.phonemes[i + 1].begin;

  DialogueLine& d = staged.dialogue[line.index];
  auto& keys = staged.visemes[static_cast<std::size_t>(d.speaker)];
  for (const PhonemeMark& m : spoken.phonemes) {
    if (m.end > m.begin)
      keys.push_back({static_cast<double>(m.begin) / kSampleRate, static_cast<double>(m.end) / kSampleRate, m.shape});
  }
  d.start = static_cast<double>(begin) / kSampleRate;
  d.end = static_cast<double>(end) / kSampleRate;
  d.voice = line.voice;
  for (SubtitleCue& cue :
       make_cues(line.truncated ? line.text + "\xE2\x80\xA6" : line.text, line.utterance.words, d.start, d.end)) {
    staged.subtitles.push_back(std::move(cue));
  }
  track.lines.push_back(std::move(spoken));
  return {};
}

}  // namespace

Result<SpeechTrack> synthesize_dialogue(Timeline& timeline) {
  const double duration = timeline.duration;
  if (!(duration > 0) || duration > kMaxDuration) return fail(Error::invalid("clip duration out of range", "duration"));
  Staged staged{std::vector<std::vector<VisemeKey>>(timeline.characters.size()), {}, timeline.dialogue};
  std::vector<Pending> pending;
  for (std::size_t i = 0; i < staged.dialogue.size(); ++i) {
    DialogueLine& d = staged.dialogue[i];
    if (d.speaker < 0 || static_cast<std::size_t>(d.speaker) >= timeline.characters.size()) {
      return fail(Error::invalid("dialogue line " + std::to_string(i) + " names no character", "dialogue"));
    }
    d.start = d.end = 0;
    std::string text = collapse_whitespace(d.text);
    if (text.empty()) {
      d.voice.clear();
      continue;
    }
    auto voice = resolve_voice(d.voice, d.language, timeline.characters[static_cast<std::size_t>(d.speaker)].gender);
    if (!voice) return fail(voice.error());
    d.voice.clear();  // set again once the line is placed
    pending.push_back({i, std::move(*voice), std::move(text), {}, false});
  }

  SpeechTrack track;
  track.samples.assign(frame_count(duration), 0.0f);
  if (!pending.empty()) {
    const double lead = std::min(kLeadIn, 0.12 * duration);
    const double last_end = duration - std::min(kTail, 0.1 * duration);
    const double available = last_end - lead;
    const double gaps = static_cast<double>(pending.size() - 1);

    int rate = kSpeechRateNormal;
    if (auto ok = synthesize_all(pending, rate); !ok) return fail(ok.error());
    // Speech length is close to inversely proportional to the rate, so a few passes
    // converge; each one overshoots by 3 % to avoid creeping up on the target.
    for (int pass = 0; pass < 4 && rate < kSpeechRateMax; ++pass) {
      const double spoken = spoken_seconds(pending);
      if (spoken + gaps * kMinGap <= available) break;
      const double target = std::max(0.1, available - gaps * kMinGap);
      rate = std::clamp(static_cast<int>(std::ceil(rate * spoken / target * 1.03)), rate + 5, kSpeechRateMax);
      if (auto ok = synthesize_all(pending, rate); !ok) return fail(ok.error());
    }
    const double gap = gaps > 0 ? std::clamp((available - spoken_seconds(pending)) / gaps, kMinGap, kMaxGap) : 0.0;

    double cursor = lead;
    for (std::size_t k = 0; k < pending.size(); ++k) {
      Pending& line = pending[k];
      if (line.utterance.seconds() > last_end - cursor) {
        auto fitted = truncate_to(line, last_end - cursor, rate);
        if (!fitted) return fail(fitted.error());
        if (!*fitted) {
          for (std::size_t j = k; j < pending.size(); ++j) track.dropped.push_back(pending[j].index);
          break;
        }
      }
      if (auto ok = place(line, cursor, rate, track, staged); !ok) return fail(ok.error());
      cursor = staged.dialogue[line.index].end + gap;
    }
  }
  timeline.dialogue = std::move(staged.dialogue);
  timeline.visemes = std::move(staged.visemes);
  timeline.subtitles = std::move(staged.subtitles);
  return track;
}

}  // namespace syncreel::engine
