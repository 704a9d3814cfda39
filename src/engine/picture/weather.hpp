// Weather in the picture: rain streaks, snowflakes, fog banks, wind-blown leaves and
// lightning flashes.
//
// Particles are stateless: each one's position is a function of its seeded start and
// t, so any frame can be drawn without drawing the ones before it. Far particles go
// behind the characters, near ones in front. Lightning flashes just before each
// thunder effect. Not thread-safe: one per renderer.
#pragma once

#include <cstdint>
#include <vector>

#include "core/error.hpp"
#include "engine/picture/cairo_handles.hpp"
#include "engine/picture/stage.hpp"
#include "engine/timeline.hpp"

namespace syncreel::engine {

class WeatherFx {
 public:
  // Errors: internal (allocating the fog sprite).
  static Result<WeatherFx> create(const Timeline& timeline, const Stage& stage, bool indoor);

  // Fog and far particles, under the characters.
  void draw_back(cairo_t* cr, const CameraView& camera, double t) const;
  // Near particles, over the characters.
  void draw_front(cairo_t* cr, const CameraView& camera, double t) const;
  // 0-1: how bright a lightning flash is at t (0 without rain).
  double flash(double t) const;

 private:
  struct Particle {
    double x, y, speed, size, phase;
  };
  void draw_particles(cairo_t* cr, const std::vector<Particle>& ps, bool near, const CameraView& camera,
                      double t) const;

  Weather weather_ = Weather::clear;
  Stage stage_;
  std::vector<Particle> far_, near_;
  std::vector<double> thunder_;
  CairoSurfacePtr fog_;
};

}  // namespace syncreel::engine
