#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <vector>

#include "engine/picture/look.hpp"
#include "engine/picture/paint.hpp"
#include "engine/plan/seed_hash.hpp"

namespace syncreel::engine {
namespace {

constexpr int kGrainVariants = 3;

double unit(std::uint64_t h) { return static_cast<double>(h >> 11) / 9007199254740992.0; }

StyleLook make_look(Style style) {
  StyleLook l;
  l.style = style;
  switch (style) {
    case Style::cinematic:
      // Teal shadows, warm highlights, a touch of contrast: the blockbuster grade.
      l.ink = 0.0;
      l.shading = Shading::soft;
      l.saturation = 1.05;
      l.contrast = 1.08;
      l.shadow_tint = {0.22, 0.52, 0.60};
      l.highlight_tint = {0.78, 0.55, 0.34};
      l.split = 0.32;
      l.letterbox = 0.095;
      l.film_grain = true;
      l.vignette = 0.55;
      break;
    case Style::anime:
      l.ink = 0.0075;
      l.shading = Shading::cel;
      l.saturation = 1.18;
      l.contrast = 1.04;
      l.speed_lines = true;
      l.eye_scale = 1.35;
      break;
    case Style::documentary:
      l.ink = 0.0;
      l.shading = Shading::soft;
      l.saturation = 0.72;
      l.contrast = 0.92;
      l.lift = 0.05;
      l.shadow_tint = {0.46, 0.5, 0.5};
      l.highlight_tint = {0.55, 0.52, 0.46};
      l.split = 0.2;
      l.lower_third = true;
      l.handheld = true;
      l.vignette = 0.25;
      break;
    case Style::cartoon:
      l.ink = 0.014;
      l.ink_black = true;
      l.shading = Shading::flat;
      l.saturation = 1.4;
      l.contrast = 1.06;
      l.squash = true;
      l.eye_scale = 1.2;
      break;
  }
  return l;
}

struct GradeF {
  float sat, contrast, lift, split;
  float sr, sg, sb, hr, hg, hb;  // tint offsets from grey
};

GradeF grade_params(const StyleLook& l) {
  return {static_cast<float>(l.saturation), static_cast<float>(l.contrast), static_cast<float>(l.lift),
          static_cast<float>(l.split),      static_cast<float>(l.shadow_tint.r - 0.5),
          static_cast<float>(l.shadow_tint.g - 0.5), static_cast<float>(l.shadow_tint.b - 0.5),
          static_cast<float>(l.highlight_tint.r - 0.5), static_cast<float>(l.highlight_tint.g - 0.5),
          static_cast<float>(l.highlight_tint.b - 0.5)};
}

// One implementation for colours and pixels, so a character graded per colour matches
// the scenery graded per pixel.
inline void grade_rgb(const GradeF& g, float& r, float& gr, float& b) {
  float y = 0.2126f * r + 0.7152f * gr + 0.0722f * b;
  r = y + (r - y) * g.sat;
  gr = y + (gr - y) * g.sat;
  b = y + (b - y) * g.sat;
  r = 0.5f + (r - 0.5f) * g.contrast;
  gr = 0.5f + (gr - 0.5f) * g.contrast;
  b = 0.5f + (b - 0.5f) * g.contrast;
  const float ws = (1.0f - y) * (1.0f - y) * g.split;
  const float wh = y * y * g.split;
  r += ws * g.sr + wh * g.hr;
  gr += ws * g.sg + wh * g.hg;
  b += ws * g.sb + wh * g.hb;
  r = g.lift + r * (1.0f - g.lift);
  gr = g.lift + gr * (1.0f - g.lift);
  b = g.lift + b * (1.0f - g.lift);
  r = std::clamp(r, 0.0f, 1.0f);
  gr = std::clamp(gr, 0.0f, 1.0f);
  b = std::clamp(b, 0.0f, 1.0f);
}

}  // namespace

const StyleLook& look_for(Style style) {
  static const std::array<StyleLook, 4> looks = {make_look(Style::cinematic), make_look(Style::anime),
                                                 make_look(Style::documentary), make_look(Style::cartoon)};
  return looks[static_cast<std::size_t>(style)];
}

Rgb grade(const StyleLook& look, Rgb c) {
  const GradeF g = grade_params(look);
  auto r = static_cast<float>(c.r), gr = static_cast<float>(c.g), b = static_cast<float>(c.b);
  grade_rgb(g, r, gr, b);
  return {r, gr, b};
}

void grade_surface(const StyleLook& look, cairo_surface_t* surface) {
  cairo_surface_flush(surface);
  const GradeF g = grade_params(look);
  // Drawn scenery is made of flat fills: the same few thousand pixel values over and
  // over. A direct-mapped cache of graded values turns most pixels into one lookup and
  // is exact (a hit is the same input).
  struct Entry {
    std::uint32_t in = 0, out = 0;  // {0, 0} is valid: transparent stays transparent
  };
  std::vector<Entry> cache(1u << 14);
  unsigned char* data = cairo_image_surface_get_data(surface);
  const int w = cairo_image_surface_get_width(surface);
  const int h = cairo_image_surface_get_height(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  for (int y = 0; y < h; ++y) {
    auto* row = reinterpret_cast<std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
    for (int x = 0; x < w; ++x) {
      const std::uint32_t px = row[x];
      Entry& e = cache[(px * 0x9E3779B1u) >> 18];
      if (e.in == px) {
        row[x] = e.out;
        continue;
      }
      const std::uint32_t a = px >> 24;
      std::uint32_t out = 0;
      if (a != 0) {
        const float inv = 1.0f / static_cast<float>(a);  // un-premultiply
        float r = static_cast<float>((px >> 16) & 0xFF) * inv;
        float gr = static_cast<float>((px >> 8) & 0xFF) * inv;
        float b = static_cast<float>(px & 0xFF) * inv;
        grade_rgb(g, r, gr, b);
        const auto fa = static_cast<float>(a);
        const auto to8 = [&](float c) { return static_cast<std::uint32_t>(std::min(c * fa + 0.5f, fa)); };
        out = (a << 24) | (to8(r) << 16) | (to8(gr) << 8) | to8(b);
      }
      e = {px, out};
      row[x] = out;
    }
  }
  cairo_surface_mark_dirty(surface);
}

SceneLight light_for(TimeOfDay time, Weather weather) {
  SceneLight l;
  switch (time) {
    case TimeOfDay::day:
      break;
    case TimeOfDay::dawn:
      l = {{1.0, 0.80, 0.82}, 0.22, 0.95, 1.0, 0};
      break;
    case TimeOfDay::sunset:
      l = {{1.0, 0.66, 0.40}, 0.32, 0.9, 0.98, 0};
      break;
    case TimeOfDay::night:
      l = {{0.42, 0.52, 0.92}, 0.5, 0.55, 0.8, 0};
      break;
  }
  if (weather == Weather::cloudy || weather == Weather::rain || weather == Weather::fog) {
    l.desaturate = 0.25;
    l.brightness *= 0.88;
    l.subject *= 0.95;
  }
  return l;
}

Rgb apply_light(const SceneLight& light, Rgb c, bool subject) {
  // Characters take half the tint: a face keeps its skin tone even under a blue night.
  const double strength = subject ? light.strength * 0.5 : light.strength;
  const Rgb tinted = mix(c, Rgb{c.r * light.tint.r, c.g * light.tint.g, c.b * light.tint.b}, strength);
  const double y = luma(tinted);
  const Rgb muted = mix(tinted, Rgb{y, y, y}, light.desaturate);
  return shade(muted, subject ? light.subject : light.brightness);
}

Result<std::vector<CairoSurfacePtr>> film_overlays(const StyleLook& look, int width, int height, std::uint64_t seed) {
  std::vector<CairoSurfacePtr> out;
  if (!look.film_grain && look.vignette <= 0) return out;
  const int variants = look.film_grain ? kGrainVariants : 1;
  // The vignette is the same for every variant: compute it once.
  std::vector<float> vignette(static_cast<std::size_t>(width) * height);
  const double cx = width / 2.0, cy = height / 2.0;
  for (int y = 0; y < height; ++y) {
    const double dy = (y - cy) / cy;
    for (int x = 0; x < width; ++x) {
      const double dx = (x - cx) / cx;
      vignette[static_cast<std::size_t>(y) * width + x] =
          static_cast<float>(look.vignette * smoothstep(0.55, 1.45, std::sqrt(dx * dx * 0.8 + dy * dy * 1.1)));
    }
  }
  const int bw = (width + 1) / 2;
  std::vector<float> coarse(static_cast<std::size_t>(bw) * ((height + 1) / 2));
  for (int v = 0; v < variants; ++v) {
    auto surface = make_surface(width, height);
    if (!surface) return fail(surface.error());
    cairo_surface_flush(surface->get());
    unsigned char* data = cairo_image_surface_get_data(surface->get());
    const int stride = cairo_image_surface_get_stride(surface->get());
    const std::uint64_t fine_base = hash3(seed, 0x62A1, static_cast<std::uint64_t>(v));
    const std::uint64_t coarse_base = hash3(seed, 0xC0A2, static_cast<std::uint64_t>(v));
    if (look.film_grain) {
      // Two octaves (per pixel and per 2x2 block) read as film, not as TV static.
      for (std::size_t i = 0; i < coarse.size(); ++i) coarse[i] = static_cast<float>(unit(mix64(coarse_base + i)) - 0.5);
    }
    for (int y = 0; y < height; ++y) {
      auto* row = reinterpret_cast<std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
      // xorshift32 along the row, seeded per row: noise needs no more than that.
      auto state = static_cast<std::uint32_t>(mix64(fine_base + static_cast<std::uint64_t>(y))) | 1u;
      for (int x = 0; x < width; ++x) {
        const float vig = vignette[static_cast<std::size_t>(y) * width + x];
        float grain = 0;
        if (look.film_grain) {
          state ^= state << 13, state ^= state >> 17, state ^= state << 5;
          const float fine = static_cast<float>(state >> 8) * (1.0f / 16777216.0f) - 0.5f;
          grain = (fine * 0.6f + coarse[static_cast<std::size_t>(y / 2) * bw + x / 2]) * 0.07f;
        }
        const float ga = std::abs(grain);
        const float alpha = ga + vig * (1.0f - ga);
        const float colour = grain > 0 ? ga : 0.0f;  // white grain lightens, black darkens
        const auto a8 = static_cast<std::uint32_t>(alpha * 255.0f + 0.5f);
        const auto c8 = static_cast<std::uint32_t>(std::min(colour, alpha) * 255.0f + 0.5f);
        row[x] = (a8 << 24) | (c8 << 16) | (c8 << 8) | c8;
      }
    }
    cairo_surface_mark_dirty(surface->get());
    out.push_back(std::move(*surface));
  }
  return out;
}

}  // namespace syncreel::engine
