// Drawing a picture over a YUV 4:2:0 picture: how the watermark and the burned-in
// captions reach a provider's clip without converting every decoded picture to RGB and
// back (two full-picture conversions per frame, and a colour shift when the two
// matrices differ). The sprite is drawn once in RGB (Cairo); only its own box of the
// picture is touched, as a BT.709 limited-range blend.
//
// Pure function; thread-safe.
#pragma once

#include <cstdint>

#include "media/argb_to_yuv.hpp"

namespace syncreel::media {

// A premultiplied ARGB32 picture (Cairo's format): `height` rows of `width` pixels,
// `stride` bytes apart.
struct Sprite {
  const std::uint8_t* pixels = nullptr;
  int width = 0;
  int height = 0;
  int stride = 0;
};

// Composites `sprite`, scaled in alpha by `opacity` (0-1), over the `picture_width` x
// `picture_height` picture `dst` with its top-left corner at (x, y); the parts outside
// the picture are skipped. Each chroma sample takes the mean of the sprite over its 2x2
// block (the pixels of the block the sprite does not cover count as transparent).
void blend_over_yuv420(const Sprite& sprite, double opacity, int x, int y, const Yuv420Planes& dst, int picture_width,
                       int picture_height);

}  // namespace syncreel::media
