// Helpers shared by the picture tests: planned timelines, rendered frames, pixel
// statistics and PNG output.
#pragma once

#include <cairo.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/picture/frame_renderer.hpp"
#include "engine/plan/planner.hpp"

namespace syncreel::engine::test {

inline Timeline planned(const std::string& prompt, Style style = Style::cartoon,
                        AspectRatio aspect = AspectRatio::r16x9, Resolution res = Resolution::p360,
                        std::uint32_t seed = 7, int duration = 10) {
  JobSpec s;
  s.prompt = prompt;
  s.style = style;
  s.aspect_ratio = aspect;
  s.resolution = res;
  s.seed = seed;
  s.duration_sec = duration;
  auto t = plan(s);
  EXPECT_TRUE(t) << (t ? "" : t.error().message);
  return t ? *t : Timeline{};
}

// One rendered frame: tightly packed ARGB32 rows.
struct Frame {
  int width = 0, height = 0;
  std::vector<std::uint8_t> pixels;

  std::uint32_t at(int x, int y) const {
    std::uint32_t px;
    std::memcpy(&px, pixels.data() + (static_cast<std::size_t>(y) * width + x) * 4, 4);
    return px;
  }
  static int red(std::uint32_t px) { return (px >> 16) & 0xFF; }
  static int green(std::uint32_t px) { return (px >> 8) & 0xFF; }
  static int blue(std::uint32_t px) { return px & 0xFF; }
};

inline Frame render(FrameRenderer& r, int index) {
  Frame f{r.width(), r.height(), std::vector<std::uint8_t>(static_cast<std::size_t>(r.width()) * r.height() * 4)};
  const auto ok = r.render(index, f.pixels.data(), r.width() * 4);
  EXPECT_TRUE(ok) << (ok ? "" : ok.error().message);
  return f;
}

inline Frame render_timeline(const Timeline& t, int index) {
  auto r = FrameRenderer::create(t);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return r ? render(*r, index) : Frame{};
}

// Normalised 4x4x4 RGB histogram.
inline std::array<double, 64> histogram(const Frame& f) {
  std::array<double, 64> h{};
  for (int y = 0; y < f.height; ++y) {
    for (int x = 0; x < f.width; ++x) {
      const std::uint32_t px = f.at(x, y);
      h[static_cast<std::size_t>((Frame::red(px) / 64) * 16 + (Frame::green(px) / 64) * 4 + Frame::blue(px) / 64)] += 1;
    }
  }
  for (double& v : h) v /= static_cast<double>(f.width) * f.height;
  return h;
}

// L1 distance between two histograms: 0 (same) to 2 (disjoint).
inline double histogram_distance(const std::array<double, 64>& a, const std::array<double, 64>& b) {
  double d = 0;
  for (std::size_t i = 0; i < a.size(); ++i) d += std::abs(a[i] - b[i]);
  return d;
}

// Mean HSV saturation, 0-1.
inline double mean_saturation(const Frame& f) {
  double sum = 0;
  for (int y = 0; y < f.height; ++y) {
    for (int x = 0; x < f.width; ++x) {
      const std::uint32_t px = f.at(x, y);
      const int mx = std::max({Frame::red(px), Frame::green(px), Frame::blue(px)});
      const int mn = std::min({Frame::red(px), Frame::green(px), Frame::blue(px)});
      sum += mx > 0 ? static_cast<double>(mx - mn) / mx : 0.0;
    }
  }
  return sum / (static_cast<double>(f.width) * f.height);
}

// Share of pixels whose luma differs from the right or lower neighbour by more than
// `threshold`: how much hard-edged ink a frame has.
inline double edge_density(const Frame& f, int threshold = 96) {
  const auto luma = [&](int x, int y) {
    const std::uint32_t px = f.at(x, y);
    return (Frame::red(px) * 54 + Frame::green(px) * 183 + Frame::blue(px) * 19) >> 8;
  };
  long edges = 0;
  for (int y = 0; y + 1 < f.height; ++y) {
    for (int x = 0; x + 1 < f.width; ++x) {
      const int l = luma(x, y);
      if (std::abs(l - luma(x + 1, y)) > threshold || std::abs(l - luma(x, y + 1)) > threshold) ++edges;
    }
  }
  return static_cast<double>(edges) / (static_cast<double>(f.width) * f.height);
}

// Pixels that differ between two frames inside a rectangle (clamped to the frame).
inline long differing_pixels(const Frame& a, const Frame& b, Rect r) {
  const int x0 = std::max(0, static_cast<int>(r.x)), y0 = std::max(0, static_cast<int>(r.y));
  const int x1 = std::min(a.width, static_cast<int>(r.x + r.width)), y1 = std::min(a.height, static_cast<int>(r.y + r.height));
  long n = 0;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) n += a.at(x, y) != b.at(x, y) ? 1 : 0;
  }
  return n;
}

// Writes frames side by side as one PNG; returns whether Cairo wrote it.
inline bool write_strip(const std::filesystem::path& path, const std::vector<Frame>& frames) {
  if (frames.empty()) return false;
  const int w = frames.front().width, h = frames.front().height;
  cairo_surface_t* strip = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w * static_cast<int>(frames.size()), h);
  cairo_t* cr = cairo_create(strip);
  for (std::size_t i = 0; i < frames.size(); ++i) {
    cairo_surface_t* s = cairo_image_surface_create_for_data(const_cast<unsigned char*>(frames[i].pixels.data()),
                                                             CAIRO_FORMAT_ARGB32, w, h, w * 4);
    cairo_set_source_surface(cr, s, w * static_cast<double>(i), 0);
    cairo_paint(cr);
    cairo_surface_destroy(s);
  }
  cairo_destroy(cr);
  const bool ok = cairo_surface_write_to_png(strip, path.c_str()) == CAIRO_STATUS_SUCCESS;
  cairo_surface_destroy(strip);
  return ok;
}

}  // namespace syncreel::engine::test
