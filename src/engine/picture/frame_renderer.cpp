#include "engine/picture/frame_renderer.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "engine/picture/captions.hpp"
#include "engine/picture/figure.hpp"
#include "engine/picture/overlays.hpp"
#include "engine/picture/paint.hpp"
#include "engine/picture/scenery.hpp"
#include "engine/picture/stage.hpp"
#include "engine/picture/weather.hpp"

namespace syncreel::engine {
namespace {

Result<void> check_timeline(const Timeline& tl) {
  if (tl.width <= 0 || tl.height <= 0 || tl.fps <= 0 || !(tl.duration > 0)) {
    return fail(Error::invalid("timeline has no frame size, rate or duration"));
  }
  const auto n = static_cast<int>(tl.characters.size());
  for (const DialogueLine& line : tl.dialogue) {
    if (n > 0 && (line.speaker < 0 || line.speaker >= n)) {
      return fail(Error::invalid("a dialogue line's speaker is not a character"));
    }
  }
  if (tl.visemes.size() > tl.characters.size()) return fail(Error::invalid("more viseme tracks than characters"));
  return {};
}

// Space has no time of day: a cool, even light so the characters read against the dark.
SceneLight light_of(const Timeline& tl) {
  if (tl.setting == Setting::space) return {{0.85, 0.9, 1.0}, 0.15, 0.95, 1.0, 0};
  return light_for(tl.time_of_day, tl.weather);
}

}  // namespace

struct FrameRenderer::State {
  Timeline timeline;
  const StyleLook* look = nullptr;
  SceneLight light;
  Stage stage;
  Scenery scenery;
  std::optional<WeatherFx> weather;
  std::optional<Captions> captions;
  std::vector<FigureLook> figures;
  std::vector<FigureSprites> sprites;  // one cache per character
  std::vector<CairoSurfacePtr> film;
  int frames = 0;

  void draw_characters(cairo_t* cr, const CameraView& cam, double t);
};

void FrameRenderer::State::draw_characters(cairo_t* cr, const CameraView& cam, double t) {
  for (std::size_t i = 0; i < figures.size(); ++i) {
    const Pose pose = pose_at(timeline, static_cast<int>(i), t);
    const Point feet = to_screen(stage, cam, stage.xs[i], stage.ground);
    draw_figure(cr, figures[i], *look, pose, feet.x, feet.y, stage.figure * cam.zoom, &sprites[i]);
  }
}

FrameRenderer::FrameRenderer(std::unique_ptr<State> state) : state_(std::move(state)) {}
FrameRenderer::FrameRenderer(FrameRenderer&&) noexcept = default;
FrameRenderer& FrameRenderer::operator=(FrameRenderer&&) noexcept = default;
FrameRenderer::~FrameRenderer() = default;

Result<FrameRenderer> FrameRenderer::create(const Timeline& timeline) {
  if (auto ok = check_timeline(timeline); !ok) return fail(ok.error());
  auto s = std::make_unique<State>();
  s->timeline = timeline;
  const Timeline& tl = s->timeline;
  s->look = &look_for(tl.style);
  s->light = light_of(tl);
  s->stage = make_stage(tl, *s->look);
  s->frames = std::max(1, static_cast<int>(std::lround(tl.duration * tl.fps)));
  auto scenery = build_scenery(tl, s->stage, *s->look, s->light);
  if (!scenery) return fail(scenery.error());
  s->scenery = std::move(*scenery);
  auto weather = WeatherFx::create(tl, s->stage, s->scenery.indoor);
  if (!weather) return fail(weather.error());
  s->weather.emplace(std::move(*weather));
  auto captions = Captions::create(tl, s->stage, *s->look);
  if (!captions) return fail(captions.error());
  s->captions.emplace(std::move(*captions));
  const Tone tone{s->look, s->light};
  // Heads are cached at the largest size any frame shows them, and only scaled down.
  double max_zoom = 1.0;
  for (int f = 0; f < s->frames; ++f) {
    max_zoom = std::max(max_zoom, camera_at(tl, s->stage, *s->look, static_cast<double>(f) / tl.fps).zoom);
  }
  for (std::size_t i = 0; i < tl.characters.size(); ++i) {
    s->figures.push_back(make_figure_look(tl, static_cast<int>(i), tone));
    s->sprites.emplace_back(s->stage.figure * max_zoom);
  }
  auto film = film_overlays(*s->look, tl.width, tl.height, tl.seed);
  if (!film) return fail(film.error());
  s->film = std::move(*film);
  return FrameRenderer(std::move(s));
}

Result<void> FrameRenderer::render(int frame_index, std::uint8_t* argb, int stride) {
  State& s = *state_;
  const Timeline& tl = s.timeline;
  if (frame_index < 0 || frame_index >= s.frames) return fail(Error::invalid("frame index out of range"));
  if (argb == nullptr || stride < tl.width * 4 || stride % 4 != 0) {
    return fail(Error::invalid("frame buffer is null or its stride is too short or misaligned"));
  }
  CairoSurfacePtr surface(cairo_image_surface_create_for_data(argb, CAIRO_FORMAT_ARGB32, tl.width, tl.height, stride));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return fail(Error::internal("cairo could not wrap the frame buffer"));
  }
  CairoContextPtr context(cairo_create(surface.get()));
  cairo_t* cr = context.get();
  const double t = static_cast<double>(frame_index) / tl.fps;
  const CameraView cam = camera_at(tl, s.stage, *s.look, t);

  draw_scenery(cr, s.scenery, tl, s.stage, *s.look, s.light, cam, t);
  draw_speed_lines(cr, tl, s.stage, *s.look, cam, t);
  s.weather->draw_back(cr, cam, t);
  s.draw_characters(cr, cam, t);
  s.weather->draw_front(cr, cam, t);
  if (const double flash = s.weather->flash(t); flash > 0) {
    cairo_set_source_rgba(cr, 0.92, 0.94, 1.0, flash);
    cairo_paint(cr);
  }
  draw_film_overlay(cr, s.film, tl.seed, frame_index);
  draw_letterbox(cr, s.stage);
  s.captions->draw_lower_third(cr, t);
  s.captions->draw_subtitle(cr, t);
  s.captions->draw_watermark(cr);
  if (auto ok = cairo_ok(cr, "drawing a frame"); !ok) return ok;
  cairo_surface_flush(surface.get());
  return {};
}

Rect FrameRenderer::character_bounds(int character, int frame_index) const {
  const State& s = *state_;
  if (character < 0 || static_cast<std::size_t>(character) >= s.figures.size() || frame_index < 0 ||
      frame_index >= s.frames) {
    return {};
  }
  const double t = static_cast<double>(frame_index) / s.timeline.fps;
  const CameraView cam = camera_at(s.timeline, s.stage, *s.look, t);
  const Pose pose = pose_at(s.timeline, character, t);
  const Box b = pose_box(pose, s.timeline.characters[static_cast<std::size_t>(character)].gender);
  const Point feet = to_screen(s.stage, cam, s.stage.xs[static_cast<std::size_t>(character)], s.stage.ground);
  const double scale = s.stage.figure * cam.zoom;
  return {feet.x + b.x0 * scale, feet.y + b.y0 * scale, b.width() * scale, b.height() * scale};
}

int FrameRenderer::width() const { return state_->timeline.width; }
int FrameRenderer::height() const { return state_->timeline.height; }
int FrameRenderer::frame_count() const { return state_->frames; }

}  // namespace syncreel::engine
