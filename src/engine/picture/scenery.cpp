#include "engine/picture/scenery.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "engine/picture/figure.hpp"
#include "engine/picture/paint.hpp"

namespace syncreel::engine {
namespace {

struct Depth {
  double parallax, depth;
};

// Outdoors the far tile is the sky and the distance, barely moving; indoors the back
// wall is only a few steps behind the characters. Only the near tile (the ground the
// characters stand on) follows the zoom: a dolly barely enlarges what is behind, and
// unscaled tiles stay on Cairo's fast copy.
constexpr Depth kOutdoor[3] = {{0.1, 0.0}, {0.4, 0.0}, {1.0, 1.0}};
constexpr Depth kIndoor[3] = {{0.55, 0.0}, {0.8, 0.0}, {1.0, 1.0}};

constexpr int kBlockWidth = 64;
constexpr int kBlockHeight = 32;

struct Cropped {
  CairoSurfacePtr surface;
  int top = 0;
};

// Non-empty blocks, merged into runs along each block row, and identical rows merged.
std::vector<Span> content_spans(cairo_surface_t* surface) {
  cairo_surface_flush(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  const int w = cairo_image_surface_get_width(surface), h = cairo_image_surface_get_height(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  std::vector<Span> spans;
  std::vector<Span> previous;
  for (int by = 0; by < h; by += kBlockHeight) {
    const int y1 = std::min(h, by + kBlockHeight);
    std::vector<Span> row;
    for (int bx = 0; bx < w; bx += kBlockWidth) {
      const int x1 = std::min(w, bx + kBlockWidth);
      bool any = false;
      for (int y = by; y < y1 && !any; ++y) {
        const auto* px = reinterpret_cast<const std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
        any = std::any_of(px + bx, px + x1, [](std::uint32_t p) { return (p >> 24) != 0; });
      }
      if (!any) continue;
      if (!row.empty() && row.back().x1 == bx) {
        row.back().x1 = x1;
      } else {
        row.push_back({bx, by, x1, y1});
      }
    }
    const bool same = row.size() == previous.size() &&
                      std::equal(row.begin(), row.end(), previous.begin(),
                                 [](const Span& a, const Span& b) { return a.x0 == b.x0 && a.x1 == b.x1; });
    if (same) {
      // Extend the spans of the rows above instead of adding new ones.
      for (std::size_t i = 0; i < row.size(); ++i) spans[spans.size() - row.size() + i].y1 = y1;
    } else {
      spans.insert(spans.end(), row.begin(), row.end());
    }
    previous = std::move(row);
  }
  return spans;
}

// The rows of `surface` from the first one with any opaque pixel to the bottom.
Result<Cropped> crop_to_content(cairo_surface_t* surface) {
  cairo_surface_flush(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  const int w = cairo_image_surface_get_width(surface), h = cairo_image_surface_get_height(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  int top = 0;
  for (; top < h - 1; ++top) {
    const auto* row = reinterpret_cast<const std::uint32_t*>(data + static_cast<std::ptrdiff_t>(top) * stride);
    if (std::any_of(row, row + w, [](std::uint32_t px) { return (px >> 24) != 0; })) break;
  }
  // One clear row above the content: a zoomed, filtered layer samples across its
  // edges, and must find transparency there, not the opposite edge of the tile.
  top = std::max(0, top - 1);
  auto out = make_surface(w, h - top);
  if (!out) return fail(out.error());
  cairo_surface_flush(out->get());
  unsigned char* dst = cairo_image_surface_get_data(out->get());
  const int dst_stride = cairo_image_surface_get_stride(out->get());
  for (int y = top; y < h; ++y) {
    std::memcpy(dst + static_cast<std::ptrdiff_t>(y - top) * dst_stride, data + static_cast<std::ptrdiff_t>(y) * stride,
                static_cast<std::size_t>(w) * 4);
  }
  cairo_surface_mark_dirty(out->get());
  return Cropped{std::move(*out), top};
}

}  // namespace

Canvas::Canvas(cairo_t* cr, double period, const Stage& stage, const StyleLook& look, const SceneLight& light,
               std::uint64_t seed)
    : cr_(cr), period_(period), stage_(stage), look_(look), light_(light), rng_(seed),
      ink_(look.ink * 250.0 * stage.unit) {}

void Canvas::fill(Rgb base, double shadow) const {
  if (look_.shading != Shading::soft) {
    paint_shape(cr_, look_, lit(base), lit(shade(base, shadow)), ink_);
    return;
  }
  // Scenery is drawn once, so the soft looks can afford real gradients here.
  double x0, y0, x1, y1;
  cairo_fill_extents(cr_, &x0, &y0, &x1, &y1);
  set_vertical_gradient(cr_, y0, std::max(y1, y0 + 1), lit(base), lit(shade(base, 0.5 + shadow * 0.5)));
  cairo_fill(cr_);
}

void Canvas::flat(Rgb c, double alpha) const {
  set_rgba(cr_, lit(c), alpha);
  cairo_fill(cr_);
}

void Canvas::ridge(double base, double amplitude, double bottom, std::uint64_t salt, double roughness) const {
  constexpr int kCycles[3] = {2, 5, 13};
  const double weights[3] = {1.0, 0.45 * roughness, 0.18 * roughness};
  double phase[3];
  for (int i = 0; i < 3; ++i) phase[i] = hash_unit(salt, static_cast<std::uint64_t>(i)) * kTau;
  const double norm = weights[0] + weights[1] + weights[2];
  constexpr int kSteps = 240;
  cairo_new_path(cr_);
  cairo_move_to(cr_, 0, bottom);
  for (int s = 0; s <= kSteps; ++s) {
    const double x = period_ * s / kSteps;
    double v = 0;
    for (int i = 0; i < 3; ++i) v += weights[i] * std::sin(kTau * kCycles[i] * x / period_ + phase[i]);
    cairo_line_to(cr_, x, base - amplitude * (0.5 + 0.5 * v / norm));
  }
  cairo_line_to(cr_, period_, bottom);
  cairo_close_path(cr_);
}

SettingPainter painter_for(Setting setting) {
  switch (setting) {
    case Setting::city:
      return city_painter();
    case Setting::beach:
      return beach_painter();
    case Setting::forest:
      return forest_painter();
    case Setting::mountains:
      return mountains_painter();
    case Setting::desert:
      return desert_painter();
    case Setting::space:
      return space_painter();
    case Setting::room:
      return room_painter();
    case Setting::kitchen:
      return kitchen_painter();
    case Setting::countryside:
      return countryside_painter();
    case Setting::snow:
      return snow_painter();
  }
  return countryside_painter();
}

Result<Scenery> build_scenery(const Timeline& tl, const Stage& stage, const StyleLook& look,
                              const SceneLight& light) {
  Scenery sc;
  sc.period = 2 * static_cast<int>(std::lround(std::max(stage.width, stage.height) * 0.75));
  sc.sky = sky_for(tl.time_of_day, tl.weather, tl.style);
  sc.sky.sun_x = 0.18 + 0.64 * hash_unit(tl.seed, 0x5A);
  const SettingPainter painter = painter_for(tl.setting);
  sc.indoor = painter.indoor;
  const int pad = static_cast<int>(std::ceil(0.03 * std::min(stage.width, stage.height)));
  void (*draw[3])(Canvas&, const SkyPalette&) = {painter.far, painter.mid, painter.near};
  for (int i = 0; i < 3; ++i) {
    auto surface = make_surface(sc.period, stage.height + 2 * pad);
    if (!surface) return fail(surface.error());
    auto cr = make_context(surface->get());
    if (!cr) return fail(cr.error());
    cairo_translate(cr->get(), 0, pad);
    Canvas canvas(cr->get(), sc.period, stage, look, light, hash3(tl.seed, 0x1A7E5, static_cast<std::uint64_t>(i)));
    draw[i](canvas, sc.sky);
    if (auto ok = cairo_ok(cr->get(), "drawing the scenery"); !ok) return fail(ok.error());
    cr->reset();
    // Keep only the rows with something drawn: every frame composites the whole tile.
    auto cropped = crop_to_content(surface->get());
    if (!cropped) return fail(cropped.error());
    grade_surface(look, cropped->surface.get());
    const Depth d = (sc.indoor ? kIndoor : kOutdoor)[i];
    std::vector<Span> spans = content_spans(cropped->surface.get());
    sc.layers.push_back({std::move(cropped->surface), static_cast<double>(cropped->top - pad), d.parallax, d.depth,
                         std::move(spans)});
  }
  if (!sc.indoor && tl.setting != Setting::space && sc.sky.clouds > 0) {
    for (std::uint64_t i = 0; i < 3; ++i) {
      auto sprite = make_cloud_sprite(stage, look, sc.sky, hash3(tl.seed, 0xC10D, i));
      if (!sprite) return fail(sprite.error());
      sc.clouds.push_back(std::move(*sprite));
    }
  }
  return sc;
}

void draw_scenery(cairo_t* cr, const Scenery& sc, const Timeline& tl, const Stage& stage, const StyleLook& look,
                  const SceneLight& light, const CameraView& cam, double t) {
  composite_layers(cr, sc, stage, cam, 0, 1);
  draw_clouds(cr, sc, tl, stage, cam, t);
  composite_layers(cr, sc, stage, cam, 1, sc.layers.size());
  draw_scenery_motion(cr, sc, tl, stage, look, light, cam, t);
}

void composite_layers(cairo_t* cr, const Scenery& sc, const Stage& stage, const CameraView& cam, std::size_t first_layer,
                      std::size_t last_layer) {
  const double w = stage.width, period = sc.period;
  for (std::size_t i = first_layer; i < last_layer && i < sc.layers.size(); ++i) {
    const Layer& layer = sc.layers[i];
    const bool first = i == 0;
    CairoSaved saved(cr);
    const double z = 1.0 + (cam.zoom - 1.0) * layer.depth;
    const double off = (cam.cx - w / 2.0 + cam.travel) * layer.parallax;
    // The back layer is opaque: copying it is cheaper than blending it.
    cairo_set_operator(cr, first ? CAIRO_OPERATOR_SOURCE : CAIRO_OPERATOR_OVER);
    // Span edges then fall on whole pixels, so neighbouring spans never leave seams.
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
    double origin = 0, y = layer.y0, lx0 = 0, lx1 = w;
    const bool unscaled = std::abs(z - 1.0) < 1e-4;
    if (unscaled) {
      // Whole-pixel offsets keep Cairo on its fast unscaled copy.
      origin = std::round(cam.shake_x - off);
      origin -= std::ceil(origin / period) * period;
      y = std::round(layer.y0 + cam.shake_y);
    } else {
      cairo_translate(cr, w / 2.0 + cam.shake_x, stage.anchor_y + cam.shake_y);
      cairo_scale(cr, z, z);
      cairo_translate(cr, -w / 2.0 - off, -stage.anchor_y);
      lx0 = w / 2.0 + off + (-w / 2.0 - cam.shake_x) / z;
      lx1 = w / 2.0 + off + (w / 2.0 - cam.shake_x) / z;
      origin = std::floor(lx0 / period) * period;
    }
    cairo_set_source_surface(cr, layer.surface.get(), origin, y);
    cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_REPEAT);
    if (!unscaled) cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_BILINEAR);
    cairo_new_path(cr);
    for (double tile = origin; tile < lx1; tile += period) {
      for (const Span& s : layer.spans) {
        if (tile + s.x1 < lx0 || tile + s.x0 > lx1) continue;
        cairo_rectangle(cr, tile + s.x0, y + s.y0, s.x1 - s.x0, s.y1 - s.y0);
      }
    }
    cairo_fill(cr);
  }
}

std::pair<double, double> enter_layer(cairo_t* cr, const Layer& layer, const Stage& stage, const CameraView& cam) {
  const double w = stage.width;
  const double z = 1.0 + (cam.zoom - 1.0) * layer.depth;
  const double off = (cam.cx - w / 2.0 + cam.travel) * layer.parallax;
  if (std::abs(z - 1.0) < 1e-4) {
    // Mirrors the whole-pixel copy in composite_layers.
    cairo_translate(cr, std::round(cam.shake_x - off), std::round(cam.shake_y));
  } else {
    cairo_translate(cr, w / 2.0 + cam.shake_x, stage.anchor_y + cam.shake_y);
    cairo_scale(cr, z, z);
    cairo_translate(cr, -w / 2.0 - off, -stage.anchor_y);
  }
  return {w / 2.0 + off + (-w / 2.0 - cam.shake_x) / z, w / 2.0 + off + (w / 2.0 - cam.shake_x) / z};
}

}  // namespace syncreel::engine
