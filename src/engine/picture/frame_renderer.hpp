// FrameRenderer: the picture of a clip, frame by frame, from its Timeline.
//
// A small animated scene: parallax scenery for the setting and time of day, weather,
// one or two characters who breathe, blink, turn toward whoever speaks, move their
// mouths along their viseme tracks and walk, run, dance or wave, captions from the
// subtitles, the style's look (letterbox and grain, cel shading and speed lines,
// handheld drift and a lower third, or thick ink and squash-and-stretch) and the
// watermark. Frame n is a pure function of (timeline, n): frames may be rendered in
// any order and the same timeline gives byte-identical frames.
//
// Static layers are drawn once at create(); a frame composites them and draws only
// what moves. Thread-safety: an instance is not thread-safe (it owns Cairo state and a
// cache); use one per thread. Instances are movable, not copyable.
#pragma once

#include <cstdint>
#include <memory>

#include "core/error.hpp"
#include "engine/timeline.hpp"

namespace syncreel::engine {

struct Rect {
  double x = 0, y = 0, width = 0, height = 0;
};

class FrameRenderer {
 public:
  // Prepares every cached layer, figure and caption for `timeline` (copied; the
  // renderer does not keep a reference). A timeline without characters renders the
  // scene alone. Errors: invalid_argument (no frame size, fps or duration, a dialogue
  // speaker or viseme track that names no character), internal (Cairo or Pango could
  // not allocate).
  static Result<FrameRenderer> create(const Timeline& timeline);

  FrameRenderer(FrameRenderer&&) noexcept;
  FrameRenderer& operator=(FrameRenderer&&) noexcept;
  ~FrameRenderer();

  // Draws the frame at time frame_index / fps into `argb`: height rows of width pixels
  // in Cairo ARGB32 (media::kInputPixelFormat), `stride` bytes apart, every pixel
  // written. The caller owns the buffer; it is not kept. Errors: invalid_argument
  // (index outside [0, frame_count()), null buffer, stride below width * 4 or not a
  // multiple of 4), internal (Cairo reported a failure).
  Result<void> render(int frame_index, std::uint8_t* argb, int stride);

  // Where `character` is drawn on frame `frame_index`, in pixels: the box around the
  // whole figure (hair, hands and feet included). An empty Rect for an unknown
  // character or a frame out of range.
  Rect character_bounds(int character, int frame_index) const;

  int width() const;
  int height() const;
  // round(duration * fps): the number of frames in the clip.
  int frame_count() const;

 private:
  struct State;
  explicit FrameRenderer(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace syncreel::engine
