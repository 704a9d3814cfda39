// Stage and camera: where the ground, the horizon and the characters sit in a frame of
// a given aspect, and how each shot's camera move frames them.
//
// The character plane is "world" space at zoom 1 (pixels of the output frame). The
// camera maps it to the screen with a pan (cx), a zoom about an anchor and, for the
// documentary look, a handheld drift; the zoom and pan are clamped so every
// character's envelope (the box its whole motion sweeps) stays inside the safe area
// in every frame. Plain values and pure functions; thread-safe.
#pragma once

#include <vector>

#include "engine/picture/look.hpp"
#include "engine/picture/pose.hpp"
#include "engine/timeline.hpp"

namespace syncreel::engine {

struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  double width() const { return x1 - x0; }
  double height() const { return y1 - y0; }
  void add(double x, double y) {
    x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x), y1 = std::max(y1, y);
  }
};

struct Stage {
  int width = 0, height = 0;
  double unit = 1;         // short side / 720: scales sizes so every resolution looks alike
  double horizon = 0;      // y of the horizon
  double ground = 0;       // y of the characters' feet
  double figure = 0;       // a character's standing height at zoom 1
  double bar = 0;          // letterbox bar height (0 without)
  double margin = 0;       // safe margin kept around characters
  double anchor_y = 0;     // the zoom's centre line
  double caption_y = 0;    // vertical centre of the caption block
  double caption_width = 0;
  double caption_px = 0;   // caption font size
  std::vector<double> xs;  // each character's feet x at zoom 1
  std::vector<Box> envelopes;  // each character's whole-clip box, world pixels at zoom 1
};

// Lays out the frame for the timeline's aspect and style, sizing the figures so every
// character's motion fits. Samples every frame's pose (cheap arithmetic).
Stage make_stage(const Timeline& timeline, const StyleLook& look);

// A pose's box in figure units around the feet (hair and hands included).
Box pose_box(const Pose& pose, Gender gender);

struct CameraView {
  double cx = 0;      // world x shown at the frame's centre
  double zoom = 1;
  double shake_x = 0, shake_y = 0;
  double travel = 0;  // world pixels scrolled by walking / running
  int shot = 0;
};

// The camera at t: the shot's framing (single shots move toward and zoom on their
// character) and move, clamped to keep every envelope in the safe area, plus the
// handheld drift and the walking travel.
CameraView camera_at(const Timeline& timeline, const Stage& stage, const StyleLook& look, double t);

// World (character plane) to screen.
inline Point to_screen(const Stage& s, const CameraView& c, double wx, double wy) {
  return {s.width / 2.0 + (wx - c.cx) * c.zoom + c.shake_x, s.anchor_y + (wy - s.anchor_y) * c.zoom + c.shake_y};
}

}  // namespace syncreel::engine
