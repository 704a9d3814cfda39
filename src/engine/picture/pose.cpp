#include "engine/picture/pose.hpp"

#include <algorithm>
#include <cmath>

#include "engine/picture/paint.hpp"
#include "engine/plan/gait.hpp"
#include "engine/plan/seed_hash.hpp"

namespace syncreel::engine {
namespace {

constexpr double kBlinkClose = 0.05;
constexpr double kBlinkShut = 0.09;  // >= 2 frames at 24 fps
constexpr double kBlinkOpen = 0.07;

Point dir(double angle) { return {std::sin(angle), std::cos(angle)}; }
Point add(Point a, Point b, double k = 1.0) { return {a.x + b.x * k, a.y + b.y * k}; }
Point rotate(Point v, double a) {
  return {v.x * std::cos(a) - v.y * std::sin(a), v.x * std::sin(a) + v.y * std::cos(a)};
}

// 0..1: how much `character` is talking around t, eased in and out.
double speaking_weight(const Timeline& tl, int character, double t) {
  double w = 0;
  for (const DialogueLine& line : tl.dialogue) {
    if (line.speaker != character) continue;
    w = std::max(w, smoothstep(line.start - 0.25, line.start, t) * (1.0 - smoothstep(line.end, line.end + 0.35, t)));
  }
  return w;
}

// Waving comes in bursts of three seconds, one every six.
double wave_weight(double t) {
  const double local = std::fmod(t, 6.0);
  return smoothstep(0.3, 0.65, local) * (1.0 - smoothstep(2.95, 3.3, local));
}

void mood_face(Mood mood, Pose& p) {
  switch (mood) {
    case Mood::calm:
      p.brow = 0.0, p.smile = 0.35;
      break;
    case Mood::happy:
      p.brow = -0.15, p.smile = 0.9;
      break;
    case Mood::tense:
      p.brow = 0.8, p.smile = -0.25;
      break;
    case Mood::sad:
      p.brow = -0.9, p.smile = -0.6;
      break;
    case Mood::romantic:
      p.brow = -0.25, p.smile = 0.65;
      break;
    case Mood::epic:
      p.brow = 0.55, p.smile = 0.2;
      break;
  }
}

void gait(const Timeline& tl, double t, Pose& p) {
  const bool run = tl.motion == Motion::run;
  const double step = step_interval(tl.motion);
  const double phi = kPi * t / step;  // a foot lands at every multiple of pi
  const double c = std::cos(phi), s = std::sin(phi);
  const double facing = 1.0;           // walkers head toward +x; the scenery scrolls the other way
  const double a_leg = run ? 0.6 : 0.36;
  const double bend = run ? 1.35 : 0.75;
  p.facing = 0.7;
  p.legs[0].upper = facing * a_leg * c;
  p.legs[1].upper = -facing * a_leg * c;
  // The swinging leg (moving forward) folds its knee so the foot clears the ground.
  p.legs[0].lower = p.legs[0].upper - facing * (0.06 + bend * std::max(0.0, -s));
  p.legs[1].lower = p.legs[1].upper - facing * (0.06 + bend * std::max(0.0, s));
  const double a_arm = run ? 0.8 : 0.34;
  p.arms[0].upper = -facing * a_arm * c;
  p.arms[1].upper = facing * a_arm * c;
  const double elbow = run ? 1.5 : 0.3;
  p.arms[0].lower = p.arms[0].upper + facing * elbow;
  p.arms[1].lower = p.arms[1].upper + facing * elbow;
  p.lean = facing * (run ? 0.16 : 0.05);
  if (run) p.bob = -0.03 * std::abs(s);  // flight between contacts
  p.head_turn = facing * 0.45;
  if (tl.style == Style::cartoon) p.squash = 1.0 + (run ? 0.07 : 0.045) * std::pow(std::abs(c), 6.0) - 0.02 * std::abs(s);
}

void dance(const Timeline& tl, double t, Pose& p) {
  const double beat = dance_beat_seconds(tl);
  const double psi = kPi * t / beat;  // the body dips on every beat
  const double s = std::sin(psi), c = std::cos(psi);
  p.bob = -0.035 * std::abs(s);
  p.sway = 0.035 * s;
  p.lean = 0.07 * s;
  p.head_tilt = 0.12 * s;
  // Arms up and swapping on the beat; kept high so two dancers fit side by side.
  const double up0 = 2.3 + 0.45 * s, up1 = 2.3 - 0.45 * s;
  p.arms[0] = {-up0, -(up0 + 0.45)};
  p.arms[1] = {up1, up1 + 0.45};
  const double knees = 0.22 * std::abs(c);
  p.legs[0] = {-(0.1 + 0.05 * s) + knees * 0.4, -(0.1 + 0.05 * s) - knees * 0.3};
  p.legs[1] = {(0.1 - 0.05 * s) - knees * 0.4, (0.1 - 0.05 * s) + knees * 0.3};
  if (tl.style == Style::cartoon) p.squash = 1.0 + 0.08 * std::pow(std::abs(c), 4.0) - 0.03 * std::abs(s);
}

}  // namespace

Viseme viseme_at(const Timeline& timeline, int character, double t) {
  if (character < 0 || static_cast<std::size_t>(character) >= timeline.visemes.size()) return Viseme::rest;
  const auto& track = timeline.visemes[static_cast<std::size_t>(character)];
  auto it = std::upper_bound(track.begin(), track.end(), t, [](double v, const VisemeKey& k) { return v < k.start; });
  if (it == track.begin()) return Viseme::rest;
  --it;
  return t < it->end ? it->shape : Viseme::rest;
}

double eye_openness(const Timeline& timeline, int character, double t) {
  SeedStream rng(hash3(timeline.seed, 0xB1175, static_cast<std::uint64_t>(character)));
  double blink = rng.uniform(0.5, 2.2);
  while (blink <= t) {
    const double local = t - blink;
    const double total = kBlinkClose + kBlinkShut + kBlinkOpen;
    if (local < total) {
      if (local < kBlinkClose) return 1.0 - local / kBlinkClose;
      if (local < kBlinkClose + kBlinkShut) return 0.0;
      return (local - kBlinkClose - kBlinkShut) / kBlinkOpen;
    }
    // Now and then a quick double blink, as people do.
    blink += rng.chance(0.2) ? 0.38 : rng.uniform(2.0, 5.5);
  }
  return 1.0;
}

Pose pose_at(const Timeline& tl, int character, double t) {
  Pose p;
  if (character < 0 || static_cast<std::size_t>(character) >= tl.characters.size()) return p;
  const Character& me = tl.characters[static_cast<std::size_t>(character)];
  const std::uint64_t seed = hash3(tl.seed, 0xF16E, static_cast<std::uint64_t>(character));
  const double ph = hash_unit(seed, 1) * kTau;
  p.breath = 0.5 + 0.5 * std::sin(kTau * t / 3.6 + ph);
  p.lean = 0.012 * std::sin(kTau * t / 5.3 + ph * 1.7);
  p.sway = 0.006 * std::sin(kTau * t / 4.1 + ph * 0.6);
  mood_face(tl.mood, p);

  // Toward the other character, or a slow look around when alone.
  const int other = tl.characters.size() > 1 ? 1 - std::min(character, 1) : -1;
  const double toward = other >= 0 ? (tl.characters[static_cast<std::size_t>(other)].x > me.x ? 1.0 : -1.0) : 0.0;
  const double speak = speaking_weight(tl, character, t);
  const double listen = other >= 0 ? speaking_weight(tl, other, t) : 0.0;
  p.speaking = viseme_at(tl, character, t) != Viseme::rest || speak > 0.5;
  p.head_turn = other >= 0 ? toward * (0.5 * listen + 0.2 * speak + 0.1) : 0.14 * std::sin(kTau * t / 7.7 + ph);

  // Idle: arms hang a little away from the body; a talker gestures with the arm toward
  // the listener (or the right arm when alone).
  p.arms[0] = {-0.1, -0.04};
  p.arms[1] = {0.1, 0.04};
  p.legs[0] = {-0.035, -0.02};
  p.legs[1] = {0.035, 0.02};
  if (speak > 0) {
    const std::size_t g = toward < 0 ? 0 : 1;
    const double side = g == 0 ? -1.0 : 1.0;
    const double lift = speak * (0.32 + 0.08 * std::sin(kTau * 0.9 * t + ph));
    const double fore = speak * (1.9 + 0.3 * std::sin(kTau * 1.3 * t + ph));
    p.arms[g] = {side * (0.1 + lift), side * (0.04 + lift - fore)};
  }

  switch (tl.motion) {
    case Motion::walk:
    case Motion::run: {
      const double turn = p.head_turn;
      gait(tl, t, p);
      p.head_turn = std::clamp(p.head_turn + 0.5 * (turn - 0.1 * toward), -0.8, 0.8);
      break;
    }
    case Motion::dance:
      dance(tl, t, p);
      break;
    case Motion::wave: {
      const double w = wave_weight(t + hash_unit(seed, 2) * 0.4);
      const std::size_t g = toward < 0 ? 0 : 1;
      const double side = g == 0 ? -1.0 : 1.0;
      const Limb raised{side * 2.45, side * (2.95 + 0.38 * std::sin(kTau * 2.3 * t))};
      p.arms[g] = {p.arms[g].upper + (raised.upper - p.arms[g].upper) * w,
                   p.arms[g].lower + (raised.lower - p.arms[g].lower) * w};
      p.head_tilt = 0.06 * w * side;
      p.smile = std::max(p.smile, 0.8 * w);
      break;
    }
    case Motion::still:
      break;
  }
  p.eye_open = eye_openness(tl, character, t);
  p.look = std::clamp(p.head_turn * 0.8, -1.0, 1.0);
  p.mouth = viseme_at(tl, character, t);
  return p;
}

Skeleton skeleton_of(const Pose& p, Gender gender) {
  Skeleton s;
  const double side_view = std::abs(p.facing);
  const double hw = 0.062 * (1.0 - 0.5 * side_view);
  // Hip height: whichever leg reaches lower stands on the ground.
  double reach = 0;
  for (const Limb& leg : p.legs) reach = std::max(reach, kThigh * std::cos(leg.upper) + kShin * std::cos(leg.lower));
  s.hip = {p.sway, -reach - 0.012 + p.bob};
  for (std::size_t i = 0; i < 2; ++i) {
    s.hip_joint[i] = {s.hip.x + (i == 0 ? -hw : hw), s.hip.y};
    s.knee[i] = add(s.hip_joint[i], dir(p.legs[i].upper), kThigh);
    s.foot[i] = add(s.knee[i], dir(p.legs[i].lower), kShin);
  }
  const auto up = [&](double dy) { return add(s.hip, rotate({0, -dy}, p.lean)); };
  s.chest = up(0.265 + 0.006 * p.breath);
  s.neck = up(0.295 + 0.006 * p.breath);
  s.head = up(0.428 + 0.004 * p.breath);
  s.head.x += 0.012 * p.head_turn;
  s.head_radius = kHeadRadius;
  const double sw = (gender == Gender::male ? 0.108 : 0.094) * (1.0 - 0.45 * side_view);
  for (std::size_t i = 0; i < 2; ++i) {
    const double side = i == 0 ? -1.0 : 1.0;
    s.shoulder[i] = add(s.chest, rotate({side * sw, 0.012}, p.lean));
    s.elbow[i] = add(s.shoulder[i], dir(p.arms[i].upper + p.lean), kUpperArm);
    s.hand[i] = add(s.elbow[i], dir(p.arms[i].lower + p.lean), kForearm);
  }
  return s;
}

}  // namespace syncreel::engine
