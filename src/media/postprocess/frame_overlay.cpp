#include "media/postprocess/frame_overlay.hpp"

#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>

namespace syncreel::media {
namespace {

struct CairoDeleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};
using CairoPtr = std::unique_ptr<cairo_t, CairoDeleter>;
struct GObjectDeleter {
  void operator()(void* o) const { g_object_unref(o); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectDeleter>;
struct FontDeleter {
  void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
};
using FontPtr = std::unique_ptr<PangoFontDescription, FontDeleter>;

LayoutPtr make_layout(cairo_t* cr, const std::string& text, double pixel_height, bool bold, int wrap_width) {
  LayoutPtr layout(pango_cairo_create_layout(cr));
  FontPtr font(pango_font_description_from_string(bold ? "DejaVu Sans Bold" : "DejaVu Sans"));
  pango_font_description_set_absolute_size(font.get(), pixel_height * PANGO_SCALE);
  pango_layout_set_font_description(layout.get(), font.get());
  if (wrap_width > 0) {
    pango_layout_set_width(layout.get(), wrap_width * PANGO_SCALE);
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout.get(), PANGO_ALIGN_CENTER);
  }
  pango_layout_set_text(layout.get(), text.c_str(), static_cast<int>(text.size()));
  return layout;
}

}  // namespace

Result<FrameOverlay> FrameOverlay::create(const WatermarkConfig& watermark, int width, int height,
                                          std::vector<Cue> captions) {
  if (width <= 0 || height <= 0) return fail(Error::invalid("overlay size must be positive"));
  if (!(watermark.opacity >= 0 && watermark.opacity <= 1)) {
    return fail(Error::invalid("watermark opacity must be within 0-1", "opacity"));
  }
  if (!(watermark.margin >= 0 && watermark.margin < 0.4) || !(watermark.text_height > 0 && watermark.text_height < 0.5)) {
    return fail(Error::invalid("watermark margin or text height out of range"));
  }
  FrameOverlay o;
  o.width_ = width;
  o.height_ = height;
  o.opacity_ = watermark.opacity;
  if (auto ok = o.render_watermark(watermark); !ok) return fail(ok.error());
  for (auto& cue : captions) o.captions_.push_back({std::move(cue), nullptr});
  return o;
}

Result<void> FrameOverlay::render_watermark(const WatermarkConfig& w) {
  const double short_side = std::min(width_, height_);
  const double text_px = std::max(8.0, w.text_height * short_side);
  const double margin = w.margin * short_side;

  SurfacePtr logo;
  double logo_w = 0, logo_h = 0;
  if (!w.logo_png.empty()) {
    logo.reset(cairo_image_surface_create_from_png(w.logo_png.c_str()));
    if (cairo_surface_status(logo.get()) != CAIRO_STATUS_SUCCESS) {
      return fail(Error::invalid("the watermark logo is not a readable PNG", "logo_png"));
    }
    logo_h = 2 * text_px;
    logo_w = logo_h * cairo_image_surface_get_width(logo.get()) / std::max(1, cairo_image_surface_get_height(logo.get()));
  }
  // Measure the text on a scratch surface, then draw both onto one of the right size.
  SurfacePtr scratch(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1));
  CairoPtr measure(cairo_create(scratch.get()));
  LayoutPtr layout;
  int text_w = 0, text_h = 0;
  if (!w.text.empty()) {
    layout = make_layout(measure.get(), w.text, text_px, true, 0);
    pango_layout_get_pixel_size(layout.get(), &text_w, &text_h);
  }
  if (!logo && !layout) return {};
  const double gap = logo && layout ? text_px / 2 : 0;
  const int surface_w = static_cast<int>(std::ceil(logo_w + gap + text_w)) + 2;
  const int surface_h = static_cast<int>(std::ceil(std::max<double>(logo_h, text_h))) + 2;
  watermark_.reset(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, surface_w, surface_h));
  CairoPtr cr(cairo_create(watermark_.get()));
  if (logo) {
    cairo_save(cr.get());
    cairo_translate(cr.get(), 0, (surface_h - logo_h) / 2);
    cairo_scale(cr.get(), logo_w / cairo_image_surface_get_width(logo.get()),
                logo_h / cairo_image_surface_get_height(logo.get()));
    cairo_set_source_surface(cr.get(), logo.get(), 0, 0);
    cairo_paint(cr.get());
    cairo_restore(cr.get());
  }
  if (layout) {
    pango_cairo_update_layout(cr.get(), layout.get());
    const double x = logo_w + gap, y = (surface_h - text_h) / 2.0;
    // A dark offset copy under the white text keeps it legible on bright pictures.
    cairo_set_source_rgba(cr.get(), 0, 0, 0, 0.7);
    cairo_move_to(cr.get(), x + 1.5, y + 1.5);
    pango_cairo_show_layout(cr.get(), layout.get());
    cairo_set_source_rgb(cr.get(), 1, 1, 1);
    cairo_move_to(cr.get(), x, y);
    pango_cairo_show_layout(cr.get(), layout.get());
  }
  cairo_surface_flush(watermark_.get());
  const bool left = w.position == Corner::top_left || w.position == Corner::bottom_left;
  const bool top = w.position == Corner::top_left || w.position == Corner::top_right;
  watermark_x_ = left ? margin : width_ - margin - surface_w;
  watermark_y_ = top ? margin : height_ - margin - surface_h;
  return {};
}

FrameOverlay::SurfacePtr FrameOverlay::render_caption(const std::string& text) const {
  const double short_side = std::min(width_, height_);
  const double text_px = std::max(10.0, 0.055 * short_side);
  const int wrap = static_cast<int>(width_ * 0.8);
  SurfacePtr scratch(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1));
  CairoPtr measure(cairo_create(scratch.get()));
  LayoutPtr layout = make_layout(measure.get(), text, text_px, false, wrap);
  int tw = 0, th = 0;
  pango_layout_get_pixel_size(layout.get(), &tw, &th);
  const int pad = static_cast<int>(text_px / 3);
  SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, wrap + 2 * pad, th + 2 * pad));
  CairoPtr cr(cairo_create(surface.get()));
  pango_cairo_update_layout(cr.get(), layout.get());
  // A translucent box behind the lines, as broadcast captions have.
  PangoRectangle ink{}, logical{};
  pango_layout_get_pixel_extents(layout.get(), &ink, &logical);
  cairo_set_source_rgba(cr.get(), 0, 0, 0, 0.6);
  cairo_rectangle(cr.get(), logical.x, 0, logical.width + 2 * pad, th + 2 * pad);
  cairo_fill(cr.get());
  cairo_set_source_rgb(cr.get(), 1, 1, 1);
  cairo_move_to(cr.get(), pad, pad);
  pango_cairo_show_layout(cr.get(), layout.get());
  cairo_surface_flush(surface.get());
  return surface;
}

namespace {

Sprite sprite_of(cairo_surface_t* surface) {
  return {cairo_image_surface_get_data(surface), cairo_image_surface_get_width(surface),
          cairo_image_surface_get_height(surface), cairo_image_surface_get_stride(surface)};
}

}  // namespace

void FrameOverlay::apply(const Yuv420Planes& picture, double seconds) {
  if (watermark_) {
    blend_over_yuv420(sprite_of(watermark_.get()), opacity_, static_cast<int>(std::lround(watermark_x_)),
                      static_cast<int>(std::lround(watermark_y_)), picture, width_, height_);
  }
  for (auto& c : captions_) {
    if (seconds < c.cue.start || seconds >= c.cue.end) continue;
    if (!c.surface) c.surface = render_caption(c.cue.text);
    const Sprite caption = sprite_of(c.surface.get());
    const int x = (width_ - caption.width) / 2;
    const auto y = static_cast<int>(std::lround(height_ - caption.height - 0.08 * height_));
    blend_over_yuv420(caption, 1.0, x, y, picture, width_, height_);
    break;
  }
}

}  // namespace syncreel::media
