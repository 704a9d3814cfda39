#include "engine/plan/shot_plan.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "engine/plan/seed_hash.hpp"

namespace syncreel::engine {
namespace {

constexpr double kTargetShotSec = 4.0;
constexpr double kMinShotSec = 2.0;
constexpr double kSnapWindowSec = 1.2;
constexpr double kCutBeforeLine = 0.15;  // cut just before the voice, as editors do

// Relative odds of hold, pan_left, pan_right, push_in, pull_out.
std::array<int, 5> move_weights(Style style) {
  switch (style) {
    case Style::cinematic:
      return {2, 1, 1, 3, 1};
    case Style::anime:
      return {2, 2, 2, 2, 1};
    case Style::documentary:
      return {4, 1, 1, 1, 0};
    case Style::cartoon:
      return {3, 1, 1, 2, 1};
  }
  return {1, 1, 1, 1, 1};
}

CameraMove pick_move(Style style, SeedStream& rng, CameraMove previous) {
  const auto weights = move_weights(style);
  int total = 0;
  for (const int w : weights) total += w;
  for (int attempt = 0; attempt < 4; ++attempt) {
    int roll = rng.between(0, total - 1);
    std::size_t i = 0;
    while (roll >= weights[i]) roll -= weights[i++];
    const auto move = static_cast<CameraMove>(i);
    // The same move twice in a row reads as one long shot; holds may repeat.
    if (move == CameraMove::hold || move != previous) return move;
  }
  return CameraMove::hold;
}

// How long each character speaks inside [a, b].
std::vector<double> speech_in(const Timeline& t, double a, double b) {
  std::vector<double> out(t.characters.size(), 0.0);
  for (const DialogueLine& line : t.dialogue) {
    const double overlap = std::min(b, line.end) - std::max(a, line.start);
    if (overlap > 0 && line.speaker >= 0 && static_cast<std::size_t>(line.speaker) < out.size()) {
      out[static_cast<std::size_t>(line.speaker)] += overlap;
    }
  }
  return out;
}

}  // namespace

std::vector<Shot> plan_shots(const Timeline& timeline, std::uint64_t seed) {
  SeedStream rng(hash3(seed, 0x5407));
  const double duration = timeline.duration;
  const int count = std::max(1, static_cast<int>(std::lround(duration / kTargetShotSec)));
  std::vector<double> cuts;  // internal boundaries
  for (int i = 1; i < count; ++i) {
    const double nominal = duration * i / count;
    cuts.push_back(nominal + rng.uniform(-0.4, 0.4));
  }
  const bool two_speakers = timeline.characters.size() >= 2;
  if (two_speakers) {
    for (std::size_t i = 0; i < cuts.size(); ++i) {
      double best = cuts[i];
      double best_distance = kSnapWindowSec;
      for (const DialogueLine& line : timeline.dialogue) {
        const double at = line.start - kCutBeforeLine;
        if (std::abs(at - cuts[i]) < best_distance) {
          best = at;
          best_distance = std::abs(at - cuts[i]);
        }
      }
      const double lo = (i == 0 ? 0.0 : cuts[i - 1]) + kMinShotSec;
      const double hi = (i + 1 < cuts.size() ? cuts[i + 1] : duration) - kMinShotSec;
      if (best >= lo && best <= hi) cuts[i] = best;
    }
  }
  std::vector<Shot> shots;
  CameraMove previous = CameraMove::hold;
  for (std::size_t i = 0; i <= cuts.size(); ++i) {
    Shot shot;
    shot.start = i == 0 ? 0.0 : cuts[i - 1];
    shot.end = i == cuts.size() ? duration : cuts[i];
    shot.move = pick_move(timeline.style, rng, previous);
    previous = shot.move;
    if (i > 0) {
      const std::vector<double> talk = speech_in(timeline, shot.start, shot.end);
      if (two_speakers) {
        // Single framing only when one of them has the shot to themselves.
        const double total = talk[0] + talk[1];
        for (int c = 0; c < 2; ++c) {
          if (total > 0 && talk[static_cast<std::size_t>(c)] / total > 0.8) shot.focus = c;
        }
      } else if (!talk.empty() && talk[0] > 0 && i % 2 == 1) {
        shot.focus = 0;  // a closer shot of the lone speaker, every other cut
      }
    }
    shots.push_back(shot);
  }
  return shots;
}

}  // namespace syncreel::engine
