// Character poses: where every joint of a figure is at time t, in figure units.
//
// A pose is a pure function of (timeline, character, t): breathing, blinking (seeded
// intervals), the mouth shape from the character's viseme track, the head turning
// toward whoever speaks, and the walk / run / dance / wave cycles (walk and run feet
// touch the ground exactly at the planner's footstep times). Figure units: the figure
// is 1.0 tall standing, feet centre at the origin, y grows downward. Thread-safe.
#pragma once

#include <array>

#include "engine/timeline.hpp"

namespace syncreel::engine {

// Limb angles are absolute: 0 points straight down, positive turns toward screen +x.
struct Limb {
  double upper = 0;
  double lower = 0;
};

struct Pose {
  double bob = 0;       // vertical body offset (negative = up)
  double sway = 0;      // horizontal body offset
  double lean = 0;      // radians, positive = top toward +x
  double squash = 1;    // cartoon squash and stretch: > 1 wider and shorter
  double breath = 0;    // 0-1, chest rise
  double facing = 0;    // -1..1: body turned toward -x / +x (side view at +-1)
  double head_turn = 0; // -1..1
  double head_tilt = 0; // radians
  std::array<Limb, 2> arms{};  // [0] screen-left, [1] screen-right
  std::array<Limb, 2> legs{};
  double eye_open = 1;  // 0 closed - 1 open
  double look = 0;      // pupils, -1..1 along x
  Viseme mouth = Viseme::rest;
  double brow = 0;      // -1 worried (inner ends up) .. 1 frowning (inner ends down)
  double smile = 0.4;   // rest mouth curve, -1 frown .. 1 grin
  bool speaking = false;
};

// The pose of `character` (an index into timeline.characters) at `t` seconds.
Pose pose_at(const Timeline& timeline, int character, double t);

// The mouth shape of `character` at `t`: the viseme key covering t, rest in gaps.
Viseme viseme_at(const Timeline& timeline, int character, double t);

// How open the eyes are, 0 (closed) to 1: blinks at seeded intervals of 2-5.5 s, each
// fully closed for at least two frames at 24 fps.
double eye_openness(const Timeline& timeline, int character, double t);

// Joint positions derived from a pose, in figure units.
struct Point {
  double x = 0, y = 0;
};
struct Skeleton {
  Point hip, chest, neck, head;  // head = centre of the head
  double head_radius = 0;
  std::array<Point, 2> shoulder{}, elbow{}, hand{};
  std::array<Point, 2> hip_joint{}, knee{}, foot{};
};
// Forward kinematics of a pose: hip height from the longer leg, so a foot is always
// on the ground (y = 0) unless the pose bobs up.
Skeleton skeleton_of(const Pose& pose, Gender gender);

// Length constants of the figure (figure units).
inline constexpr double kHeadRadius = 0.128;
inline constexpr double kUpperArm = 0.165;
inline constexpr double kForearm = 0.155;
inline constexpr double kThigh = 0.225;
inline constexpr double kShin = 0.215;

}  // namespace syncreel::engine
