#include "providers/local/local_scene.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <string_view>

#include "providers/local/seed_stream.hpp"

namespace syncreel {
namespace {

constexpr int kCaptionWords = 6;
constexpr double kPi = std::numbers::pi;

// The first few whitespace-separated words; Pango ellipsizes whatever still does not fit.
std::string first_words(std::string_view prompt) {
  std::string out;
  int words = 0;
  std::size_t i = 0;
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (i < prompt.size() && words < kCaptionWords) {
    while (i < prompt.size() && is_space(prompt[i])) ++i;
    const std::size_t start = i;
    while (i < prompt.size() && !is_space(prompt[i])) ++i;
    if (i == start) break;
    if (!out.empty()) out += ' ';
    out.append(prompt.substr(start, i - start));
    ++words;
  }
  return out;
}

Result<PangoLayoutPtr> make_layout(cairo_t* cr, const std::string& text, const char* family, double px, double width,
                                   int max_lines) {
  PangoLayoutPtr layout(pango_cairo_create_layout(cr));
  PangoFontDescription* font = pango_font_description_from_string(family);
  if (!layout || font == nullptr) {
    if (font != nullptr) pango_font_description_free(font);
    return fail(Error::internal("pango could not create a text layout"));
  }
  pango_font_description_set_absolute_size(font, px * PANGO_SCALE);
  pango_layout_set_font_description(layout.get(), font);  // copies the description
  pango_font_description_free(font);
  pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_height(layout.get(), -max_lines);  // negative: a line count
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize(layout.get(), PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment(layout.get(), PANGO_ALIGN_CENTER);
  // set_text, not markup: a prompt containing '<' must not be parsed.
  pango_layout_set_text(layout.get(), text.c_str(), static_cast<int>(text.size()));
  return layout;
}

Result<void> check(cairo_t* cr, const char* what) {
  const cairo_status_t status = cairo_status(cr);
  if (status != CAIRO_STATUS_SUCCESS) {
    return fail(Error::internal(std::string(what) + ": " + cairo_status_to_string(status)));
  }
  return {};
}

}  // namespace

LocalScene::Palette LocalScene::palette_for(Style style) {
  switch (style) {
    case Style::cinematic:
      return {{0.04, 0.06, 0.16}, {0.96, 0.52, 0.22}, {1.0, 0.82, 0.5}, {0.16, 0.11, 0.16}, {0.06, 0.04, 0.07},
              {0.98, 0.92, 0.82}, true, false, false};
    case Style::anime:
      return {{0.22, 0.52, 0.96}, {1.0, 0.76, 0.86}, {1.0, 0.98, 0.88}, {0.38, 0.74, 0.52}, {0.18, 0.56, 0.36},
              {1.0, 1.0, 1.0}, false, false, true};
    case Style::documentary:
      return {{0.5, 0.6, 0.68}, {0.86, 0.85, 0.78}, {0.98, 0.95, 0.84}, {0.45, 0.43, 0.32}, {0.29, 0.29, 0.2},
              {0.95, 0.95, 0.92}, false, false, false};
    case Style::cartoon:
      return {{0.28, 0.78, 1.0}, {0.62, 0.92, 1.0}, {1.0, 0.84, 0.08}, {0.42, 0.86, 0.2}, {0.2, 0.66, 0.1},
              {1.0, 1.0, 1.0}, false, true, true};
  }
  return palette_for(Style::cinematic);
}

Result<LocalScene> LocalScene::create(const JobSpec& spec, FrameSize size, std::uint32_t seed, int total_frames) {
  if (size.width <= 0 || size.height <= 0 || total_frames <= 0) {
    return fail(Error::invalid("scene needs a frame size and at least one frame"));
  }
  LocalScene scene;
  scene.palette_ = palette_for(spec.style);
  scene.width_ = size.width;
  scene.height_ = size.height;
  scene.horizon_ = size.height * 0.66;
  scene.total_frames_ = total_frames;

  SeedStream rng(seed);
  Layout& l = scene.layout_;
  l.sun_from = rng.uniform(0.08, 0.38);
  l.sun_to = rng.uniform(0.62, 0.92);
  l.sun_peak = rng.uniform(0.12, 0.32);
  for (std::size_t i = 0; i < l.phase.size(); ++i) {
    l.phase[i] = rng.uniform(0.0, 2 * kPi);
    l.freq[i] = rng.uniform(1.5, 4.5);
  }
  for (std::size_t i = 0; i < l.cloud_x.size(); ++i) {
    l.cloud_x[i] = rng.uniform(0.0, 1.0);
    l.cloud_y[i] = rng.uniform(0.1, 0.4);
  }

  scene.surface_.reset(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, size.width, size.height));
  scene.sky_.reset(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, size.width, size.height));
  for (cairo_surface_t* s : {scene.surface_.get(), scene.sky_.get()}) {
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
      return fail(Error::internal("cairo could not allocate a frame"));
    }
  }
  {
    CairoPtr sky_cr(cairo_create(scene.sky_.get()));
    cairo_pattern_t* gradient = cairo_pattern_create_linear(0, 0, 0, scene.horizon_);
    const Palette& p = scene.palette_;
    cairo_pattern_add_color_stop_rgb(gradient, 0, p.sky_top.r, p.sky_top.g, p.sky_top.b);
    cairo_pattern_add_color_stop_rgb(gradient, 1, p.sky_horizon.r, p.sky_horizon.g, p.sky_horizon.b);
    cairo_set_source(sky_cr.get(), gradient);
    cairo_pattern_destroy(gradient);  // the context holds its own reference
    cairo_paint(sky_cr.get());
    if (auto ok = check(sky_cr.get(), "drawing the sky"); !ok) return fail(ok.error());
  }
  scene.cr_.reset(cairo_create(scene.surface_.get()));
  if (auto ok = check(scene.cr_.get(), "creating the cairo context"); !ok) return fail(ok.error());

  const double short_side = std::min(scene.width_, scene.height_);
  auto caption = make_layout(scene.cr_.get(), first_words(spec.prompt), "Sans Bold", short_side * 0.075,
                             scene.width_ * 0.9, 2);
  if (!caption) return fail(caption.error());
  scene.caption_ = std::move(*caption);
  auto watermark = make_layout(scene.cr_.get(), "syncreel", "Sans Bold", short_side * 0.05, scene.width_ * 0.5, 1);
  if (!watermark) return fail(watermark.error());
  scene.watermark_ = std::move(*watermark);
  pango_layout_set_alignment(scene.watermark_.get(), PANGO_ALIGN_RIGHT);
  return scene;
}

void LocalScene::draw_sun(double t) {
  cairo_t* cr = cr_.get();
  const double x = width_ * (layout_.sun_from + (layout_.sun_to - layout_.sun_from) * t);
  // A flattened arc: rises from near the horizon to its peak at mid-clip and sinks again.
  const double lift = std::sin(kPi * (0.2 + 0.6 * t));
  const double y = horizon_ - (horizon_ - height_ * layout_.sun_peak) * lift;
  const double r = std::min(width_, height_) * 0.08;
  const Rgb& c = palette_.sun;
  cairo_pattern_t* glow = cairo_pattern_create_radial(x, y, r * 0.6, x, y, r * 3.0);
  cairo_pattern_add_color_stop_rgba(glow, 0, c.r, c.g, c.b, 0.55);
  cairo_pattern_add_color_stop_rgba(glow, 1, c.r, c.g, c.b, 0.0);
  cairo_set_source(cr, glow);
  cairo_pattern_destroy(glow);
  cairo_arc(cr, x, y, r * 3.0, 0, 2 * kPi);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, c.r, c.g, c.b);
  cairo_arc(cr, x, y, r, 0, 2 * kPi);
  cairo_fill_preserve(cr);
  if (palette_.outlines) {
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, height_ * 0.008);
    cairo_stroke(cr);
  }
  cairo_new_path(cr);
}

void LocalScene::draw_clouds(double t) {
  cairo_t* cr = cr_.get();
  const double unit = std::min(width_, height_) * 0.06;
  for (std::size_t i = 0; i < layout_.cloud_x.size(); ++i) {
    // Drift right and wrap, each cloud at its own speed.
    const double speed = 0.08 + 0.04 * static_cast<double>(i);
    const double x = std::fmod(layout_.cloud_x[i] + t * speed, 1.2) * width_ - 0.1 * width_;
    const double y = height_ * layout_.cloud_y[i];
    cairo_new_path(cr);
    for (int puff = 0; puff < 4; ++puff) {
      cairo_new_sub_path(cr);
      cairo_arc(cr, x + puff * unit * 0.9, y - (puff % 2) * unit * 0.4, unit * (puff % 2 ? 0.9 : 0.7), 0, 2 * kPi);
    }
    cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
    cairo_fill(cr);
  }
}

void LocalScene::draw_hills(double t, bool near) {
  cairo_t* cr = cr_.get();
  const std::size_t w = near ? 2 : 0;  // index of this layer's two waves
  const double base = near ? horizon_ + height_ * 0.08 : horizon_;
  const double amplitude = height_ * (near ? 0.05 : 0.07);
  const double drift = t * (near ? 1.6 : 0.6);  // parallax: the near layer moves faster
  constexpr int kSteps = 64;
  std::array<double, kSteps + 1> ridge{};
  for (int i = 0; i <= kSteps; ++i) {
    const double u = static_cast<double>(i) / kSteps;
    const double wave = std::sin(2 * kPi * layout_.freq[w] * u + layout_.phase[w] + drift) +
                        0.5 * std::sin(2 * kPi * layout_.freq[w + 1] * u + layout_.phase[w + 1] - drift);
    ridge[static_cast<std::size_t>(i)] = base - amplitude * (1.0 + wave / 1.5);
  }
  const auto trace_ridge = [&] {
    for (int i = 0; i <= kSteps; ++i) cairo_line_to(cr, width_ * i / kSteps, ridge[static_cast<std::size_t>(i)]);
  };
  cairo_new_path(cr);
  cairo_move_to(cr, 0, height_);
  trace_ridge();
  cairo_line_to(cr, width_, height_);
  cairo_close_path(cr);
  const Rgb& c = near ? palette_.hills_near : palette_.hills_far;
  cairo_set_source_rgb(cr, c.r, c.g, c.b);
  cairo_fill(cr);
  if (palette_.outlines) {  // ink only the ridge line, not the frame edges
    cairo_new_path(cr);
    trace_ridge();
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, height_ * 0.008);
    cairo_stroke(cr);
  }
  cairo_new_path(cr);
}

void LocalScene::draw_overlays() {
  cairo_t* cr = cr_.get();
  const double bar = palette_.letterbox ? height_ * 0.07 : 0.0;
  if (bar > 0) {
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_rectangle(cr, 0, 0, width_, bar);
    cairo_rectangle(cr, 0, height_ - bar, width_, bar);
    cairo_fill(cr);
  }
  PangoRectangle ink{}, logical{};
  pango_layout_get_pixel_extents(caption_.get(), &ink, &logical);
  const double caption_x = width_ * 0.05;
  const double caption_y = height_ - bar - height_ * 0.04 - logical.height;
  const double shadow = std::max(1.0, height_ * 0.004);
  cairo_set_source_rgba(cr, 0, 0, 0, 0.65);  // a drop shadow keeps the caption legible on any sky
  cairo_move_to(cr, caption_x + shadow, caption_y + shadow);
  pango_cairo_show_layout(cr, caption_.get());
  cairo_set_source_rgb(cr, palette_.caption.r, palette_.caption.g, palette_.caption.b);
  cairo_move_to(cr, caption_x, caption_y);
  pango_cairo_show_layout(cr, caption_.get());

  const double margin = std::min(width_, height_) * 0.03;
  cairo_set_source_rgba(cr, 0, 0, 0, 0.5);
  cairo_move_to(cr, width_ * 0.5 - margin + shadow, bar + margin + shadow);
  pango_cairo_show_layout(cr, watermark_.get());
  cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
  cairo_move_to(cr, width_ * 0.5 - margin, bar + margin);
  pango_cairo_show_layout(cr, watermark_.get());
}

Result<void> LocalScene::draw(int index) {
  if (index < 0 || index >= total_frames_) return fail(Error::invalid("frame index out of range"));
  const double t = total_frames_ > 1 ? static_cast<double>(index) / (total_frames_ - 1) : 0.0;
  cairo_t* cr = cr_.get();
  cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);  // a copy, not a blend: faster
  cairo_set_source_surface(cr, sky_.get(), 0, 0);
  cairo_paint(cr);
  cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
  draw_sun(t);
  if (palette_.clouds) draw_clouds(t);
  draw_hills(t, false);
  draw_hills(t, true);
  draw_overlays();
  if (auto ok = check(cr, "drawing a frame"); !ok) return ok;
  cairo_surface_flush(surface_.get());  // make Cairo's pending writes visible in pixels()
  return {};
}

}  // namespace syncreel
