#include "engine/picture/captions.hpp"

#include <fontconfig/fontconfig.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/picture/paint.hpp"

namespace syncreel::engine {
namespace {

constexpr double kFade = 0.12;  // seconds: captions ease in and out instead of popping

struct TextStyle {
  const char* font;
  double px;
  double width;     // wrap width; <= 0 for one unwrapped line
  Rgb fill;
  double outline;   // outline width in px, 0 for none
  double fill_alpha = 1.0;
};

Result<PangoLayoutPtr> make_layout(cairo_t* cr, const std::string& text, const TextStyle& s) {
  PangoLayoutPtr layout(pango_cairo_create_layout(cr));
  PangoFontDescriptionPtr font(pango_font_description_from_string(s.font));
  if (!layout || !font) return fail(Error::internal("pango could not create a text layout"));
  pango_font_description_set_absolute_size(font.get(), s.px * PANGO_SCALE);
  pango_layout_set_font_description(layout.get(), font.get());  // copies the description
  if (s.width > 0) {
    pango_layout_set_width(layout.get(), static_cast<int>(s.width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_height(layout.get(), -3);  // at most three lines, then an ellipsis
    pango_layout_set_ellipsize(layout.get(), PANGO_ELLIPSIZE_END);
    pango_layout_set_alignment(layout.get(), PANGO_ALIGN_CENTER);
  }
  // set_text, not markup: a line containing '<' must not be parsed.
  pango_layout_set_text(layout.get(), text.c_str(), static_cast<int>(text.size()));
  return layout;
}

// A missing DejaVu is substituted by fontconfig with whatever font is installed; with no
// font at all Pango lays text out as boxes of absurd sizes, so that is refused clearly.
Result<void> require_some_font() {
  // Pango always lists its generic families; fontconfig's set is what is installed.
  // FcConfigGetCurrent loads the configuration once per process; the set is not owned.
  const FcFontSet* fonts = FcConfigGetFonts(FcConfigGetCurrent(), FcSetSystem);
  if (fonts != nullptr && fonts->nfont > 0) return {};
  return fail(Error::unavailable("no font is installed, so captions cannot be drawn: install the Debian package "
                                 "fonts-dejavu-core"));
}

// The text rendered once, outlined, on a transparent surface just big enough.
Result<CairoSurfacePtr> render_text(const std::string& text, const TextStyle& s) {
  auto probe = make_surface(1, 1);
  if (!probe) return fail(probe.error());
  auto probe_cr = make_context(probe->get());
  if (!probe_cr) return fail(probe_cr.error());
  auto measured = make_layout(probe_cr->get(), text, s);
  if (!measured) return fail(measured.error());
  PangoRectangle ink{}, logical{};
  pango_layout_get_pixel_extents(measured->get(), &ink, &logical);
  const double pad = std::ceil(s.outline + 2);
  // A centred, wrapped layout puts its lines at an x offset (logical.x) inside the wrap
  // width: the surface holds the text only, so callers centring it centre the words.
  const int w = static_cast<int>(std::max(logical.width, ink.x - logical.x + ink.width) + 2 * pad);
  const int h = static_cast<int>(std::max(logical.height, ink.y - logical.y + ink.height) + 2 * pad);
  auto surface = make_surface(w, h);
  if (!surface) return fail(surface.error());
  auto cr = make_context(surface->get());
  if (!cr) return fail(cr.error());
  auto layout = make_layout(cr->get(), text, s);
  if (!layout) return fail(layout.error());
  cairo_move_to(cr->get(), pad - logical.x, pad - logical.y);
  pango_cairo_layout_path(cr->get(), layout->get());
  if (s.outline > 0) {
    cairo_set_source_rgba(cr->get(), 0.02, 0.02, 0.04, 0.9);
    cairo_set_line_width(cr->get(), s.outline * 2);
    cairo_set_line_join(cr->get(), CAIRO_LINE_JOIN_ROUND);
    cairo_stroke_preserve(cr->get());
  }
  set_rgba(cr->get(), s.fill, s.fill_alpha);
  cairo_fill(cr->get());
  if (auto ok = cairo_ok(cr->get(), "drawing text"); !ok) return fail(ok.error());
  return std::move(*surface);
}

std::string setting_label(Setting s, Language l) {
  const bool fr = l == Language::fr;
  switch (s) {
    case Setting::city: return fr ? "En ville" : "In the city";
    case Setting::beach: return fr ? "À la plage" : "At the beach";
    case Setting::forest: return fr ? "En forêt" : "In the forest";
    case Setting::mountains: return fr ? "En montagne" : "In the mountains";
    case Setting::desert: return fr ? "Dans le désert" : "In the desert";
    case Setting::space: return fr ? "Dans l’espace" : "In space";
    case Setting::room: return fr ? "À la maison" : "At home";
    case Setting::kitchen: return fr ? "En cuisine" : "In the kitchen";
    case Setting::countryside: return fr ? "À la campagne" : "In the countryside";
    case Setting::snow: return fr ? "Sous la neige" : "In the snow";
  }
  return {};
}

std::string time_label(TimeOfDay t, Language l) {
  const bool fr = l == Language::fr;
  switch (t) {
    case TimeOfDay::dawn: return fr ? "Aube" : "Dawn";
    case TimeOfDay::day: return fr ? "Jour" : "Day";
    case TimeOfDay::sunset: return fr ? "Coucher du soleil" : "Sunset";
    case TimeOfDay::night: return fr ? "Nuit" : "Night";
  }
  return {};
}

// A title card: an accent bar, then a dark box with a bold title and a smaller line.
Result<CairoSurfacePtr> lower_third(const Timeline& tl, const Stage& st) {
  const Language lang = tl.dialogue.empty() ? Language::en : tl.dialogue.front().language;
  std::string names;
  for (const Character& c : tl.characters) {
    if (c.name.empty()) continue;
    names += names.empty() ? c.name : " & " + c.name;
  }
  const std::string title = names.empty() ? setting_label(tl.setting, lang) : names;
  const std::string line =
      (names.empty() ? std::string() : setting_label(tl.setting, lang) + " · ") + time_label(tl.time_of_day, lang);
  const double u = std::min(st.width, st.height) / 720.0;
  auto big = render_text(title, {"DejaVu Sans Bold", 30 * u, -1, {1, 1, 1}, 0});
  if (!big) return fail(big.error());
  auto small = render_text(line, {"DejaVu Sans", 20 * u, -1, {0.85, 0.88, 0.9}, 0});
  if (!small) return fail(small.error());
  const double bw = cairo_image_surface_get_width(big->get()), bh = cairo_image_surface_get_height(big->get());
  const double sw = cairo_image_surface_get_width(small->get()), sh = cairo_image_surface_get_height(small->get());
  const double accent = 8 * u, inner = 14 * u;
  const int w = static_cast<int>(accent + inner * 2 + std::max(bw, sw));
  const int h = static_cast<int>(bh + sh + inner * 1.2);
  auto surface = make_surface(w, h);
  if (!surface) return fail(surface.error());
  auto cr = make_context(surface->get());
  if (!cr) return fail(cr.error());
  cairo_rectangle(cr->get(), 0, 0, accent, h);
  cairo_set_source_rgb(cr->get(), 0.96, 0.66, 0.16);
  cairo_fill(cr->get());
  cairo_rectangle(cr->get(), accent, 0, w - accent, h);
  cairo_set_source_rgba(cr->get(), 0.06, 0.07, 0.09, 0.78);
  cairo_fill(cr->get());
  cairo_set_source_surface(cr->get(), big->get(), accent + inner, inner * 0.4);
  cairo_paint(cr->get());
  cairo_set_source_surface(cr->get(), small->get(), accent + inner, inner * 0.4 + bh - 4 * u);
  cairo_paint(cr->get());
  if (auto ok = cairo_ok(cr->get(), "drawing the lower third"); !ok) return fail(ok.error());
  return std::move(*surface);
}

}  // namespace

Result<Captions> Captions::create(const Timeline& tl, const Stage& st, const StyleLook& look) {
  if (auto ok = require_some_font(); !ok) return fail(ok.error());
  Captions c;
  c.stage_ = st;
  const bool cartoon = look.style == Style::cartoon;
  const TextStyle cue_style{"DejaVu Sans Bold", st.caption_px, st.caption_width,
                            look.style == Style::cinematic ? Rgb{1.0, 0.97, 0.9} : Rgb{1, 1, 1},
                            st.caption_px * (cartoon ? 0.14 : 0.1)};
  for (const SubtitleCue& cue : tl.subtitles) {
    auto surface = render_text(cue.text, cue_style);
    if (!surface) return fail(surface.error());
    c.cues_.push_back({cue.start, cue.end, std::move(*surface)});
  }
  const double short_side = std::min(st.width, st.height);
  auto mark = render_text(tl.watermark, {"DejaVu Sans Bold", 0.032 * short_side, -1, {1, 1, 1},
                                         0.032 * short_side * 0.08, 0.8});
  if (!mark) return fail(mark.error());
  c.watermark_ = std::move(*mark);
  if (look.lower_third) {
    auto card = lower_third(tl, st);
    if (!card) return fail(card.error());
    c.lower_third_ = std::move(*card);
  }
  return c;
}

void Captions::draw_subtitle(cairo_t* cr, double t) const {
  for (const Cue& cue : cues_) {
    if (t < cue.start || t >= cue.end) continue;
    const double alpha = smoothstep(cue.start, cue.start + kFade, t) * (1.0 - smoothstep(cue.end - kFade, cue.end, t));
    const double w = cairo_image_surface_get_width(cue.surface.get());
    const double h = cairo_image_surface_get_height(cue.surface.get());
    const double y = std::min(stage_.caption_y - h / 2, stage_.height - stage_.bar - h);
    cairo_set_source_surface(cr, cue.surface.get(), std::round((stage_.width - w) / 2), std::round(y));
    cairo_paint_with_alpha(cr, alpha);
    return;  // cues do not overlap; the first match is the one
  }
}

void Captions::draw_lower_third(cairo_t* cr, double t) const {
  if (!lower_third_) return;
  const double in = smoothstep(0.6, 1.0, t), out = 1.0 - smoothstep(4.2, 4.6, t);
  if (in <= 0 || out <= 0) return;
  const double w = cairo_image_surface_get_width(lower_third_.get());
  const double h = cairo_image_surface_get_height(lower_third_.get());
  const double short_side = std::min(stage_.width, stage_.height);
  const double x = stage_.margin * 1.5 - (1.0 - in) * (w * 0.4);
  const double y = stage_.caption_y - 0.06 * short_side - h - 0.05 * short_side;
  cairo_set_source_surface(cr, lower_third_.get(), std::round(x), std::round(y));
  cairo_paint_with_alpha(cr, in * out);
}

void Captions::draw_watermark(cairo_t* cr) const {
  const double w = cairo_image_surface_get_width(watermark_.get());
  const double h = cairo_image_surface_get_height(watermark_.get());
  // In the letterbox bar when it fits, otherwise in the picture's corner.
  const double y = stage_.bar >= h + 4 ? (stage_.bar - h) / 2 : stage_.bar + stage_.margin * 0.6;
  cairo_set_source_surface(cr, watermark_.get(), std::round(stage_.width - stage_.margin * 0.8 - w), std::round(y));
  cairo_paint(cr);
}

}  // namespace syncreel::engine
