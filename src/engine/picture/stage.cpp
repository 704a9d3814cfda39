#include "engine/picture/stage.hpp"

#include <algorithm>
#include <cmath>

#include "engine/picture/paint.hpp"
#include "engine/plan/gait.hpp"

namespace syncreel::engine {
namespace {

constexpr double kLimbHalfWidth = 0.045;
constexpr double kPushIn = 0.13;      // zoom gained by a push-in / lost by a pull-out
constexpr double kPanFraction = 0.05; // each side of the target, as a fraction of the width
constexpr double kSingleZoom = 1.14;  // a single framing's tighter base zoom

struct Layout {
  double horizon, ground, figure, caption_y;
};

// Fractions of the frame height; a portrait frame gives characters more of its height
// and keeps captions above the bottom fifth, where phone apps draw their buttons.
Layout layout_for(AspectRatio aspect) {
  switch (aspect) {
    case AspectRatio::r16x9:
      return {0.58, 0.925, 0.52, 0.875};
    case AspectRatio::r1x1:
      return {0.56, 0.92, 0.5, 0.87};
    case AspectRatio::r9x16:
      return {0.5, 0.72, 0.38, 0.81};
  }
  return {0.58, 0.92, 0.5, 0.87};
}

Box union_of(const std::vector<Box>& boxes) {
  Box u = boxes.front();
  for (const Box& b : boxes) u.add(b.x0, b.y0), u.add(b.x1, b.y1);
  return u;
}

double zoom_limit(const Stage& s, const Box& u) {
  double z = (s.width - 2 * s.margin) / std::max(1.0, u.width());
  if (u.y0 < s.anchor_y) z = std::min(z, (s.anchor_y - s.bar - s.margin) / (s.anchor_y - u.y0));
  if (u.y1 > s.anchor_y) z = std::min(z, (s.height - s.bar - s.margin - s.anchor_y) / (u.y1 - s.anchor_y));
  return std::max(1.0, z);
}

}  // namespace

Box pose_box(const Pose& pose, Gender gender) {
  const Skeleton k = skeleton_of(pose, gender);
  const double r = k.head_radius;
  Box b{k.head.x - 1.3 * r, k.head.y - 1.5 * r, k.head.x + 1.3 * r, k.head.y + r};
  const auto limb_point = [&](Point p, double pad) {
    b.add(p.x - pad, p.y - pad);
    b.add(p.x + pad, p.y + pad);
  };
  const auto shoe_point = [&](Point p) {  // shoes reach forward and back, barely below the ankle
    b.add(p.x - 0.075, p.y - 0.045);
    b.add(p.x + 0.075, p.y + 0.018);
  };
  for (std::size_t i = 0; i < 2; ++i) {
    limb_point(k.shoulder[i], kLimbHalfWidth);
    limb_point(k.elbow[i], kLimbHalfWidth);
    limb_point(k.hand[i], kLimbHalfWidth);
    limb_point(k.knee[i], kLimbHalfWidth);
    shoe_point(k.foot[i]);
  }
  b.add(k.hip.x - 0.14, k.hip.y + 0.17);  // a skirt's hem
  b.add(k.hip.x + 0.14, k.hip.y);
  // Squash and stretch scales about the feet.
  return {b.x0 * pose.squash, b.y0 / pose.squash, b.x1 * pose.squash, b.y1 / pose.squash};
}

Stage make_stage(const Timeline& tl, const StyleLook& look) {
  Stage s;
  s.width = tl.width;
  s.height = tl.height;
  const double short_side = std::min(tl.width, tl.height);
  s.unit = short_side / 720.0;
  const Layout l = layout_for(tl.aspect);
  s.bar = std::round(look.letterbox * short_side);
  s.margin = 0.03 * short_side;
  s.horizon = l.horizon * tl.height;
  s.ground = std::min(l.ground * tl.height, tl.height - s.bar - 0.05 * short_side);
  s.caption_y = std::min(l.caption_y * tl.height, tl.height - s.bar - 0.07 * short_side);
  s.caption_width = (tl.aspect == AspectRatio::r16x9 ? 0.72 : 0.88) * tl.width;
  s.caption_px = 0.05 * short_side;

  // Each character's box over the whole clip, in figure units.
  const int frames = std::max(1, static_cast<int>(std::lround(tl.duration * tl.fps)));
  std::vector<Box> units;
  for (std::size_t c = 0; c < tl.characters.size(); ++c) {
    Box u = pose_box(pose_at(tl, static_cast<int>(c), 0.0), tl.characters[c].gender);
    for (int f = 1; f < frames; ++f) {
      const Box b = pose_box(pose_at(tl, static_cast<int>(c), static_cast<double>(f) / tl.fps), tl.characters[c].gender);
      u.add(b.x0, b.y0), u.add(b.x1, b.y1);
    }
    units.push_back(u);
    s.xs.push_back(std::clamp(tl.characters[c].x, 0.05, 0.95) * tl.width);
  }

  // The largest figure that keeps every envelope in the safe area at zoom 1.
  double figure = l.figure * tl.height;
  for (std::size_t c = 0; c < units.size(); ++c) {
    const Box& u = units[c];
    figure = std::min(figure, (s.ground - s.bar - s.margin) / std::max(0.5, -u.y0));
    if (u.y1 > 0) figure = std::min(figure, (tl.height - s.bar - s.margin - s.ground) / u.y1);
    figure = std::min(figure, (s.xs[c] - s.margin) / std::max(0.05, -u.x0));
    figure = std::min(figure, (tl.width - s.margin - s.xs[c]) / std::max(0.05, u.x1));
  }
  if (s.xs.size() == 2) figure = std::min(figure, std::abs(s.xs[1] - s.xs[0]) / 0.55);
  s.figure = figure;
  s.anchor_y = s.ground - 0.55 * figure;
  for (std::size_t c = 0; c < units.size(); ++c) {
    const Box& u = units[c];
    s.envelopes.push_back({s.xs[c] + u.x0 * figure, s.ground + u.y0 * figure, s.xs[c] + u.x1 * figure,
                           s.ground + u.y1 * figure});
  }
  return s;
}

CameraView camera_at(const Timeline& tl, const Stage& s, const StyleLook& look, double t) {
  CameraView cam;
  cam.cx = s.width / 2.0;
  if (!tl.shots.empty()) {
    std::size_t i = 0;
    while (i + 1 < tl.shots.size() && t >= tl.shots[i].end) ++i;
    const Shot& shot = tl.shots[i];
    cam.shot = static_cast<int>(i);
    const double e = smoothstep(0.0, 1.0, (t - shot.start) / std::max(0.01, shot.end - shot.start));
    double target = s.width / 2.0;
    double zoom = 1.0;
    if (shot.focus >= 0 && static_cast<std::size_t>(shot.focus) < s.xs.size()) {
      target += (s.xs[static_cast<std::size_t>(shot.focus)] - target) * 0.7;
      zoom = kSingleZoom;
    }
    const double pan = kPanFraction * s.width;
    switch (shot.move) {
      case CameraMove::hold:
        break;
      case CameraMove::push_in:
        zoom += kPushIn * e;
        break;
      case CameraMove::pull_out:
        zoom += kPushIn * (1.0 - e);
        break;
      case CameraMove::pan_left:
        target += pan * (1.0 - 2.0 * e);
        break;
      case CameraMove::pan_right:
        target -= pan * (1.0 - 2.0 * e);
        break;
    }
    cam.cx = target;
    cam.zoom = zoom;
  }
  if (!s.envelopes.empty()) {
    const Box u = union_of(s.envelopes);
    cam.zoom = std::clamp(cam.zoom, 1.0, zoom_limit(s, u));
    const double half = (s.width / 2.0 - s.margin) / cam.zoom;
    const double lo = u.x1 - half, hi = u.x0 + half;
    cam.cx = lo <= hi ? std::clamp(cam.cx, lo, hi) : (lo + hi) / 2.0;
  }
  if (look.handheld) {
    // A person holding the camera: slow drift plus a little breathing, never a shake.
    const double a = 0.006 * std::min(s.width, s.height);
    const double p = static_cast<double>(tl.seed % 1000) * 0.01;
    cam.shake_x = a * (0.65 * std::sin(kTau * 0.23 * t + p) + 0.35 * std::sin(kTau * 0.61 * t + 2 * p));
    cam.shake_y = 0.7 * a * (0.6 * std::sin(kTau * 0.31 * t + 3 * p) + 0.4 * std::sin(kTau * 0.83 * t + p));
  }
  cam.travel = travel_speed(tl.motion) * s.figure * t;
  return cam;
}

}  // namespace syncreel::engine
