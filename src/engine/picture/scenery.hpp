// Scenery: the setting behind the characters, as parallax layers drawn once.
//
// Each setting is three horizontally repeating layers (far, mid, near), drawn and graded
// once when the renderer is created; a frame only composites them at the camera's pan,
// zoom and travel (far layers follow the camera least). What moves by itself (clouds,
// surf, birds, lightning, steam, shooting stars) is drawn per frame by
// draw_scenery_motion, timed from the timeline's sound effects so picture and sound
// agree. Not thread-safe: one Scenery per renderer.
#pragma once

#include <cstdint>
#include <vector>

#include "core/error.hpp"
#include "engine/picture/cairo_handles.hpp"
#include "engine/picture/look.hpp"
#include "engine/picture/stage.hpp"
#include "engine/plan/seed_hash.hpp"
#include "engine/timeline.hpp"

namespace syncreel::engine {

// A rectangle of a layer tile that has something drawn in it (surface pixels).
struct Span {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

struct Layer {
  CairoSurfacePtr surface;  // one tile; repeats every `period` pixels along x
  double y0 = 0;            // stage y of the surface's top row
  double parallax = 1;      // share of the camera pan and travel this layer follows
  double depth = 1;         // share of the camera zoom this layer follows
  // The non-empty parts of the tile: compositing only these skips the empty sky
  // between a mid layer's trees, which is most of its area.
  std::vector<Span> spans;
};

struct SkyPalette {
  Rgb top, mid, horizon;
  Rgb sun;                 // sun or moon colour
  double sun_x = 0.7;      // fraction of the frame width (the far tile barely pans)
  double sun_y = 0.3;      // fraction of the horizon height
  double sun_r = 0.05;     // fraction of the short side
  bool moon = false;
  bool sun_visible = true;
  double stars = 0;        // 0-1 density
  double clouds = 0.3;     // 0-1 cover
  Rgb cloud{1, 1, 1};
};

// The sky of a time of day, greyed by overcast weather; anime gets its deeper blue.
SkyPalette sky_for(TimeOfDay time, Weather weather, Style style);

// One cloud, drawn and graded for the sky and style (sky.cpp). Errors: internal.
Result<CairoSurfacePtr> make_cloud_sprite(const Stage& stage, const StyleLook& look, const SkyPalette& sky,
                                          std::uint64_t seed);

struct Scenery {
  std::vector<Layer> layers;  // back to front
  int period = 0;
  SkyPalette sky;
  std::vector<CairoSurfacePtr> clouds;  // cloud sprites, drifted per frame
  bool indoor = false;
};

// Draws every layer of the timeline's setting. Errors: internal (allocation).
Result<Scenery> build_scenery(const Timeline& timeline, const Stage& stage, const StyleLook& look,
                              const SceneLight& light);

// Paints the whole scenery for a camera view at time t into `cr` (which must cover the
// stage): the far layer, the drifting clouds, the mid and near layers, then what
// moves in front of them (surf, cars, steam, birds, bolts), all under the characters.
void draw_scenery(cairo_t* cr, const Scenery& scenery, const Timeline& timeline, const Stage& stage,
                  const StyleLook& look, const SceneLight& light, const CameraView& camera, double t);

// Paints layers [first, last) for a camera view.
void composite_layers(cairo_t* cr, const Scenery& scenery, const Stage& stage, const CameraView& camera,
                      std::size_t first, std::size_t last);

// The moving parts (scenery_motion.cpp): clouds go between the far and mid layers,
// the rest over the near layer.
void draw_clouds(cairo_t* cr, const Scenery& scenery, const Timeline& timeline, const Stage& stage,
                 const CameraView& camera, double t);
void draw_scenery_motion(cairo_t* cr, const Scenery& scenery, const Timeline& timeline, const Stage& stage,
                         const StyleLook& look, const SceneLight& light, const CameraView& camera, double t);

// Sets `cr`'s transform so stage coordinates of `layer` (unwrapped: x may run past the
// tile) land where the composite put them; returns the visible x range in those units.
std::pair<double, double> enter_layer(cairo_t* cr, const Layer& layer, const Stage& stage, const CameraView& camera);

// Where the sea meets the sand on the beach (the surf animates there).
inline double beach_sea_bottom(const Stage& s) { return s.horizon + 0.42 * (s.ground - s.horizon); }
// The kitchen counter's top and the pot's spout, for the steam above it.
inline double kitchen_counter_top(const Stage& s) { return s.horizon - 0.2 * s.height; }
// The city road's far edge and the curb, where cars pass.
inline double city_road_top(const Stage& s) { return s.horizon + 0.03 * s.height; }
inline double city_curb(const Stage& s) { return s.ground - 0.11 * s.height; }

// --- Shared by the per-setting painters (backgrounds*.cpp). ---

// Drawing state for one layer tile: stage coordinates, tiling, style and light.
class Canvas {
 public:
  Canvas(cairo_t* cr, double period, const Stage& stage, const StyleLook& look, const SceneLight& light,
         std::uint64_t seed);

  cairo_t* cr() const { return cr_; }
  double period() const { return period_; }
  const Stage& stage() const { return stage_; }
  const StyleLook& look() const { return look_; }
  SeedStream& rng() { return rng_; }
  double u() const { return stage_.unit; }  // 1 px at 720p

  Rgb lit(Rgb c) const { return apply_light(light_, c); }
  bool night() const { return light_.brightness < 0.7; }
  // Fills the current path with the style's shading (shadow = base darkened by
  // `shadow`) and ink; colours are lit here.
  void fill(Rgb base, double shadow = 0.72) const;
  // A plain fill of the current path, lit, without ink or shading.
  void flat(Rgb c, double alpha = 1.0) const;
  // Calls draw(x') for x' = x - period, x, x + period: shapes that straddle the tile's
  // edge appear on both sides, so the tile repeats seamlessly.
  template <class F>
  void tiled(double x, F&& draw) const {
    for (const double dx : {-period_, 0.0, period_}) draw(x + dx);
  }
  // A closed ridge across the whole tile from `base` (stage y) down to `bottom`: a
  // sum of three waves with whole cycles per tile, so it repeats seamlessly.
  void ridge(double base, double amplitude, double bottom, std::uint64_t salt, double roughness = 1.0) const;

 private:
  cairo_t* cr_;
  double period_;
  const Stage& stage_;
  const StyleLook& look_;
  SceneLight light_;
  SeedStream rng_;
  double ink_;
};

// The sky gradient down to `bottom` (stage y), with stars, and the sun or moon.
void paint_sky(Canvas& c, const SkyPalette& sky, double bottom);

// One painter per setting; each draws the far, mid and near tiles of its setting.
struct SettingPainter {
  void (*far)(Canvas&, const SkyPalette&);
  void (*mid)(Canvas&, const SkyPalette&);
  void (*near)(Canvas&, const SkyPalette&);
  bool indoor;
};
// The painter of a setting.
SettingPainter painter_for(Setting setting);

// Per-setting painters (backgrounds_*.cpp).
SettingPainter city_painter();
SettingPainter beach_painter();
SettingPainter forest_painter();
SettingPainter mountains_painter();
SettingPainter desert_painter();
SettingPainter space_painter();
SettingPainter room_painter();
SettingPainter kitchen_painter();
SettingPainter countryside_painter();
SettingPainter snow_painter();

}  // namespace syncreel::engine
