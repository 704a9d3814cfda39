#include "media/postprocess/dialogue_cues.hpp"

#include <algorithm>
#include <numeric>

namespace syncreel::media {
namespace {

// Lines laid over `speech` by their share of the characters, on the speech-only clock.
std::vector<Cue> by_length(const std::vector<std::string>& lines, const std::vector<SpeechSegment>& speech) {
  double total = 0;
  for (const auto& s : speech) total += s.end - s.start;
  std::size_t chars = 0;
  for (const auto& l : lines) chars += std::max<std::size_t>(l.size(), 1);
  // Speech-clock time -> clip time.
  auto clip_time = [&](double t) {
    for (const auto& s : speech) {
      if (t <= s.end - s.start) return s.start + t;
      t -= s.end - s.start;
    }
    return speech.back().end;
  };
  std::vector<Cue> out;
  std::size_t done = 0;
  for (const auto& l : lines) {
    const double from = total * static_cast<double>(done) / static_cast<double>(chars);
    done += std::max<std::size_t>(l.size(), 1);
    const double to = total * static_cast<double>(done) / static_cast<double>(chars);
    out.push_back({clip_time(from), clip_time(to), l});
  }
  return out;
}

}  // namespace

std::vector<Cue> dialogue_cues(const std::vector<std::string>& lines, const std::vector<SpeechSegment>& speech,
                               double clip_seconds) {
  if (lines.empty()) return {};
  if (speech.empty()) return by_length(lines, {{0.0, std::max(clip_seconds, 0.0)}});
  if (speech.size() < lines.size()) return by_length(lines, speech);

  // The lines.size() - 1 widest pauses end the groups.
  std::vector<std::size_t> gaps(speech.size() - 1);
  std::iota(gaps.begin(), gaps.end(), 0);
  std::stable_sort(gaps.begin(), gaps.end(), [&](std::size_t a, std::size_t b) {
    return speech[a + 1].start - speech[a].end > speech[b + 1].start - speech[b].end;
  });
  gaps.resize(lines.size() - 1);
  std::sort(gaps.begin(), gaps.end());
  std::vector<Cue> out;
  std::size_t first = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t last = i < gaps.size() ? gaps[i] : speech.size() - 1;
    out.push_back({speech[first].start, speech[last].end, lines[i]});
    first = last + 1;
  }
  return out;
}

}  // namespace syncreel::media
