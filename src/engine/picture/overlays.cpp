#include "engine/picture/overlays.hpp"

#include <algorithm>
#include <cmath>

#include "engine/picture/paint.hpp"
#include "engine/plan/seed_hash.hpp"

namespace syncreel::engine {

void draw_speed_lines(cairo_t* cr, const Timeline& tl, const Stage& st, const StyleLook& look, const CameraView& cam,
                      double t) {
  if (!look.speed_lines) return;
  double strength = tl.motion == Motion::run ? 1.0 : tl.motion == Motion::walk ? 0.45 : 0.0;
  if (cam.shot >= 0 && static_cast<std::size_t>(cam.shot) < tl.shots.size()) {
    const Shot& shot = tl.shots[static_cast<std::size_t>(cam.shot)];
    if (shot.move != CameraMove::hold) strength = std::max(strength, 1.0 - smoothstep(0.0, 0.45, t - shot.start));
  }
  if (strength <= 0.01) return;
  constexpr int kLines = 26;
  const double w = st.width, span = w * 1.6;
  cairo_new_path(cr);
  for (int i = 0; i < kLines; ++i) {
    const double y = st.height * (0.06 + 0.8 * hash_unit(tl.seed, 0x5EED, static_cast<std::uint64_t>(i)));
    const double len = w * (0.12 + 0.3 * hash_unit(tl.seed, 0x5EEE, static_cast<std::uint64_t>(i)));
    const double speed = w * (2.5 + 2.0 * hash_unit(tl.seed, 0x5EEF, static_cast<std::uint64_t>(i)));
    double x = std::fmod(hash_unit(tl.seed, 0x5EF0, static_cast<std::uint64_t>(i)) * span - speed * t, span);
    if (x < 0) x += span;
    x -= len;
    const double th = st.unit * (1.0 + 2.0 * hash_unit(tl.seed, 0x5EF1, static_cast<std::uint64_t>(i)));
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x + len, y - th);
    cairo_line_to(cr, x + len, y + th);
    cairo_close_path(cr);
  }
  cairo_set_source_rgba(cr, 1, 1, 1, 0.55 * strength);
  cairo_fill(cr);
}

void draw_letterbox(cairo_t* cr, const Stage& st) {
  if (st.bar <= 0) return;
  cairo_new_path(cr);
  cairo_rectangle(cr, 0, 0, st.width, st.bar);
  cairo_rectangle(cr, 0, st.height - st.bar, st.width, st.bar);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_fill(cr);
}

void draw_film_overlay(cairo_t* cr, const std::vector<CairoSurfacePtr>& overlays, std::uint64_t seed, int frame) {
  if (overlays.empty()) return;
  const std::size_t pick = hash3(seed, 0x6A1, static_cast<std::uint64_t>(frame)) % overlays.size();
  cairo_set_source_surface(cr, overlays[pick].get(), 0, 0);
  cairo_paint(cr);
}

}  // namespace syncreel::engine
