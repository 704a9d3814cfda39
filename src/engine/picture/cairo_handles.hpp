// RAII owners for the Cairo and Pango handles the frame renderer uses.
//
// Each is a std::unique_ptr with the library's release function as deleter, so every
// handle is released exactly once on every path, including errors. Movable, not
// copyable. A handle must be used by one thread at a time (Cairo objects are not
// internally synchronised); distinct handles may be used on distinct threads.
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>

namespace syncreel::engine {

struct CairoSurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoContextDeleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
struct CairoPatternDeleter {
  void operator()(cairo_pattern_t* p) const { cairo_pattern_destroy(p); }
};
struct CairoPathDeleter {
  void operator()(cairo_path_t* p) const { cairo_path_destroy(p); }
};
struct PangoLayoutDeleter {
  void operator()(PangoLayout* layout) const { g_object_unref(layout); }
};
struct PangoFontDescriptionDeleter {
  void operator()(PangoFontDescription* font) const { pango_font_description_free(font); }
};

using CairoSurfacePtr = std::unique_ptr<cairo_surface_t, CairoSurfaceDeleter>;
using CairoContextPtr = std::unique_ptr<cairo_t, CairoContextDeleter>;
using CairoPatternPtr = std::unique_ptr<cairo_pattern_t, CairoPatternDeleter>;
using CairoPathPtr = std::unique_ptr<cairo_path_t, CairoPathDeleter>;
using PangoLayoutPtr = std::unique_ptr<PangoLayout, PangoLayoutDeleter>;
using PangoFontDescriptionPtr = std::unique_ptr<PangoFontDescription, PangoFontDescriptionDeleter>;

// cairo_save / cairo_restore as a scope, so an early return cannot leave the context's
// transform or clip changed.
class CairoSaved {
 public:
  explicit CairoSaved(cairo_t* cr) : cr_(cr) { cairo_save(cr_); }
  ~CairoSaved() { cairo_restore(cr_); }
  CairoSaved(const CairoSaved&) = delete;
  CairoSaved& operator=(const CairoSaved&) = delete;

 private:
  cairo_t* cr_;
};

}  // namespace syncreel::engine
