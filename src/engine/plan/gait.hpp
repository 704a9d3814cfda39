// Gait timing shared by the planner (footstep sounds) and the renderer (leg cycles).
//
// Both sides read the same numbers, so a foot touches the ground in the picture on the
// very frame its footstep sounds. Constants only; thread-safe.
#pragma once

#include "engine/timeline.hpp"

namespace syncreel::engine {

// Seconds between two foot contacts (half a stride cycle), or 0 when the motion has no
// steps. Contacts happen at t = k * step_interval for every integer k >= 0.
constexpr double step_interval(Motion motion) {
  switch (motion) {
    case Motion::walk:
      return 0.5;
    case Motion::run:
      return 0.3;
    case Motion::still:
    case Motion::dance:
    case Motion::wave:
      return 0.0;
  }
  return 0.0;
}

// How far the scene scrolls past the characters, in figure heights per second, while
// they walk or run (the camera tracks them).
constexpr double travel_speed(Motion motion) {
  switch (motion) {
    case Motion::walk:
      return 0.55;
    case Motion::run:
      return 1.5;
    case Motion::still:
    case Motion::dance:
    case Motion::wave:
      return 0.0;
  }
  return 0.0;
}

// The beat the dancers follow: the first music cue's tempo, or 100 bpm without music.
inline double dance_beat_seconds(const Timeline& timeline) {
  const double bpm = timeline.music.empty() ? 100.0 : timeline.music.front().tempo_bpm;
  return 60.0 / (bpm > 1.0 ? bpm : 100.0);
}

}  // namespace syncreel::engine
