#include <algorithm>
#include <cmath>

#include "engine/picture/figure.hpp"
#include "engine/picture/paint.hpp"

namespace syncreel::engine {
namespace {

enum Part : int { kHead = 0, kTorso = 1 };

// Half the side of each square sprite, in figure units: enough for the part at any
// rotation (a bun or spikes above the head, shoulders and a skirt around the hip).
constexpr double kHeadHalf = 1.8 * kHeadRadius;
constexpr double kTorsoHalf = 0.42;

// A square, transparent sprite; its centre will be the part's anchor. nullptr when
// Cairo cannot allocate it.
CairoSurfacePtr blank_sprite(double half, double scale) {
  const int side = static_cast<int>(std::ceil(2 * half * scale)) | 1;  // odd: a true centre pixel
  CairoSurfacePtr s(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, side, side));
  if (cairo_surface_status(s.get()) != CAIRO_STATUS_SUCCESS) return nullptr;
  return s;
}

// The box around the sprite's non-transparent pixels.
FigureSprites::Sprite with_bounds(CairoSurfacePtr s) {
  cairo_surface_flush(s.get());
  const unsigned char* data = cairo_image_surface_get_data(s.get());
  const int w = cairo_image_surface_get_width(s.get()), h = cairo_image_surface_get_height(s.get());
  const int stride = cairo_image_surface_get_stride(s.get());
  int x0 = w, y0 = h, x1 = 0, y1 = 0;
  for (int y = 0; y < h; ++y) {
    const auto* row = reinterpret_cast<const std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
    for (int x = 0; x < w; ++x) {
      if ((row[x] >> 24) == 0) continue;
      x0 = std::min(x0, x), x1 = std::max(x1, x + 1), y0 = std::min(y0, y), y1 = std::max(y1, y + 1);
    }
  }
  return {std::move(s), std::min(x0, x1), std::min(y0, y1), x1, y1};
}

}  // namespace

FigureSprites::FigureSprites(double pixels_per_unit) : scale_(pixels_per_unit) {}

const FigureSprites::Sprite* FigureSprites::cached(const Key& key, double half_extent,
                                                   const std::function<void(cairo_t*)>& draw) {
  if (auto it = sprites_.find(key); it != sprites_.end()) return &it->second;
  CairoSurfacePtr s = blank_sprite(half_extent, scale_);
  if (!s) return nullptr;
  {
    CairoContextPtr cr(cairo_create(s.get()));
    const double c = cairo_image_surface_get_width(s.get()) / 2.0;
    cairo_set_tolerance(cr.get(), 0.5);
    cairo_translate(cr.get(), c, c);
    cairo_scale(cr.get(), scale_, scale_);
    draw(cr.get());
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) return nullptr;
  }
  return &sprites_.emplace(key, with_bounds(std::move(s))).first->second;
}

const FigureSprites::Sprite* FigureSprites::head(const FigureLook& f, const StyleLook& look, int turn_step,
                                                 int tilt_step) {
  return cached({kHead, turn_step, tilt_step}, kHeadHalf, [&](cairo_t* cr) {
    cairo_rotate(cr, tilt_step * kTiltStep);
    const double turn = turn_step * kTurnStep;
    draw_head_base(cr, f, look, {{0, 0}, kHeadRadius, turn * 0.42 * kHeadRadius, turn});
  });
}

const FigureSprites::Sprite* FigureSprites::torso(const FigureLook& f, const StyleLook& look, int lean_step,
                                                  int facing_step) {
  return cached({kTorso, lean_step, facing_step}, kTorsoHalf, [&](cairo_t* cr) {
    // An upright, mid-breath body facing this way, leaning about its hip.
    Pose pose;
    pose.facing = facing_step * kFacingStep;
    pose.lean = lean_step * kLeanStep;
    pose.breath = 0.5;
    const Skeleton k = skeleton_of(pose, f.gender);
    cairo_translate(cr, -k.hip.x, -k.hip.y);
    draw_torso(cr, look, f, pose, k);
  });
}

void paint_sprite(cairo_t* cr, const FigureSprites::Sprite& sprite, Point anchor, double sprite_scale) {
  CairoSaved saved(cr);
  cairo_translate(cr, anchor.x, anchor.y);
  cairo_scale(cr, 1.0 / sprite_scale, 1.0 / sprite_scale);
  const double c = cairo_image_surface_get_width(sprite.surface.get()) / 2.0;
  cairo_translate(cr, -c, -c);
  cairo_set_source_surface(cr, sprite.surface.get(), 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_BILINEAR);
  // Only the drawn box: a sprite is mostly empty, and Cairo pays for every pixel.
  cairo_new_path(cr);
  cairo_rectangle(cr, sprite.x0 - 1, sprite.y0 - 1, sprite.x1 - sprite.x0 + 2, sprite.y1 - sprite.y0 + 2);
  cairo_fill(cr);
}

}  // namespace syncreel::engine
