// PNG strips for a person to look at, and the render speed per style.
//
// Every run writes one strip (four moments of a clip side by side) per style and aspect
// into the test's temp dir. With SYNCREEL_FRAMES_DIR set it also writes the contact
// sheets kept in docs/frames/ (style x aspect, the settings, the mouth shapes).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <iostream>

#include "engine/picture/frame_renderer.hpp"
#include "picture_test_support.hpp"

namespace syncreel::engine {
namespace {

using test::Frame;

constexpr Style kStyles[] = {Style::cinematic, Style::anime, Style::documentary, Style::cartoon};
constexpr AspectRatio kAspects[] = {AspectRatio::r16x9, AspectRatio::r9x16, AspectRatio::r1x1};
constexpr double kMoments[] = {0.4, 2.1, 4.6, 7.3};

// A prompt per style, so the sheets show a range of scenes.
const char* prompt_for(Style style) {
  switch (style) {
    case Style::cinematic:
      return "Une femme dit « Bonjour, quelle belle soirée ! » sur une plage au coucher du soleil, romantique";
    case Style::anime:
      return "Two friends run through the city at night. \"Hurry, the last train!\" \"Wait for me!\"";
    case Style::documentary:
      return "Un homme marche dans la forêt sous la pluie. « Écoutez… la forêt respire. »";
    case Style::cartoon:
      return "A boy and a girl dance in the countryside, happy. \"Look at me!\" \"Ha ha, nice moves!\"";
  }
  return "";
}

std::vector<Frame> moments(const Timeline& t) {
  auto r = FrameRenderer::create(t);
  EXPECT_TRUE(r);
  std::vector<Frame> frames;
  if (!r) return frames;
  for (const double at : kMoments) frames.push_back(test::render(*r, static_cast<int>(at * t.fps)));
  return frames;
}

// The part of a frame inside `r` (clamped), as a frame of its own.
Frame crop(const Frame& f, Rect r) {
  const int x0 = std::clamp(static_cast<int>(r.x), 0, f.width - 1), y0 = std::clamp(static_cast<int>(r.y), 0, f.height - 1);
  const int w = std::clamp(static_cast<int>(r.width), 1, f.width - x0);
  const int h = std::clamp(static_cast<int>(r.height), 1, f.height - y0);
  Frame out{w, h, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * h * 4)};
  for (int y = 0; y < h; ++y) {
    std::memcpy(out.pixels.data() + static_cast<std::size_t>(y) * w * 4,
                f.pixels.data() + (static_cast<std::size_t>(y0 + y) * f.width + x0) * 4, static_cast<std::size_t>(w) * 4);
  }
  return out;
}

// Frames laid out in rows, each scaled to `cell_height` pixels high.
bool write_sheet(const std::filesystem::path& path, const std::vector<std::vector<Frame>>& rows, int cell_height) {
  if (rows.empty() || rows.front().empty()) return false;
  const double scale = static_cast<double>(cell_height) / rows.front().front().height;
  const int cell_w = static_cast<int>(rows.front().front().width * scale);
  std::size_t cols = 0;
  for (const auto& row : rows) cols = std::max(cols, row.size());
  const int gap = 6;
  cairo_surface_t* sheet = cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(cols) * (cell_w + gap) + gap,
                                                      static_cast<int>(rows.size()) * (cell_height + gap) + gap);
  cairo_t* cr = cairo_create(sheet);
  cairo_set_source_rgb(cr, 0.12, 0.12, 0.14);
  cairo_paint(cr);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      const Frame& f = rows[r][c];
      cairo_surface_t* s = cairo_image_surface_create_for_data(const_cast<unsigned char*>(f.pixels.data()),
                                                               CAIRO_FORMAT_ARGB32, f.width, f.height, f.width * 4);
      cairo_save(cr);
      cairo_translate(cr, gap + static_cast<double>(c) * (cell_w + gap), gap + static_cast<double>(r) * (cell_height + gap));
      cairo_scale(cr, scale, scale);
      cairo_set_source_surface(cr, s, 0, 0);
      cairo_paint(cr);
      cairo_restore(cr);
      cairo_surface_destroy(s);
    }
  }
  cairo_destroy(cr);
  const bool ok = cairo_surface_write_to_png(sheet, path.c_str()) == CAIRO_STATUS_SUCCESS;
  cairo_surface_destroy(sheet);
  return ok;
}

TEST(Strips, WritesAStripPerStyleAndAspect) {
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "syncreel_picture_strips";
  std::filesystem::create_directories(dir);
  for (const Style style : kStyles) {
    for (const AspectRatio aspect : kAspects) {
      const Timeline t = test::planned(prompt_for(style), style, aspect, Resolution::p360, 17, 10);
      std::string name = std::string(to_string(style)) + "_" + std::string(to_string(aspect)) + ".png";
      std::replace(name.begin(), name.end(), ':', 'x');
      EXPECT_TRUE(test::write_strip(dir / name, moments(t))) << name;
    }
  }
  std::cout << "strips written to " << dir.string() << "\n";
}

TEST(Strips, WritesTheContactSheetsWhenAsked) {
  const char* out = std::getenv("SYNCREEL_FRAMES_DIR");
  if (out == nullptr) GTEST_SKIP() << "set SYNCREEL_FRAMES_DIR to write the docs/frames contact sheets";
  const std::filesystem::path dir(out);
  std::filesystem::create_directories(dir);
  for (const AspectRatio aspect : kAspects) {
    std::vector<std::vector<Frame>> rows;
    for (const Style style : kStyles) {
      rows.push_back(moments(test::planned(prompt_for(style), style, aspect, Resolution::p720, 17, 10)));
    }
    std::string name = "styles_" + std::string(to_string(aspect)) + ".png";
    std::replace(name.begin(), name.end(), ':', 'x');
    EXPECT_TRUE(write_sheet(dir / name, rows, aspect == AspectRatio::r9x16 ? 480 : 270));
  }
  const char* settings[] = {
      "A man and a woman talk in the city at night", "Une femme sur la plage", "Two friends walk in the forest",
      "A man in the mountains at dawn",             "A woman in the desert",  "An astronaut waves in space",
      "Two women talk in the living room",          "A man cooks in the kitchen",
      "A girl in the countryside at sunset",        "A boy in the snow",
  };
  std::vector<std::vector<Frame>> rows(5);
  for (std::size_t i = 0; i < std::size(settings); ++i) {
    const Style style = kStyles[i % 4];
    const Timeline t = test::planned(settings[i], style, AspectRatio::r16x9, Resolution::p720, 5, 5);
    rows[i / 2].push_back(test::render_timeline(t, 50));
  }
  EXPECT_TRUE(write_sheet(dir / "settings.png", rows, 270));
  // Mouth shapes: the face of a still character with each viseme, one row per style.
  std::vector<std::vector<Frame>> faces;
  for (const Style style : {Style::cinematic, Style::anime, Style::cartoon}) {
    Timeline t = test::planned("A woman in a room", style, AspectRatio::r16x9, Resolution::p720, 12, 5);
    t.motion = Motion::still;
    t.shots = {{0, t.duration, CameraMove::hold, -1}};
    t.subtitles.clear();
    faces.emplace_back();
    for (const Viseme v : {Viseme::rest, Viseme::mbp, Viseme::fv, Viseme::ee, Viseme::aa, Viseme::oh, Viseme::oo,
                           Viseme::l}) {
      t.visemes = {{{1.8, 2.2, v}}};
      auto r = FrameRenderer::create(t);
      ASSERT_TRUE(r);
      const Rect b = r->character_bounds(0, 48);
      const double side = b.height * 0.3;  // the head is the top 30 % of the figure
      faces.back().push_back(crop(test::render(*r, 48), {b.x + (b.width - side) / 2, b.y, side, side}));
    }
  }
  EXPECT_TRUE(write_sheet(dir / "mouths.png", faces, 160));
  std::cout << "contact sheets written to " << dir.string() << "\n";
}

double cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

// The cost a clip pays per frame at 720p: preparation spread over the clip, plus the
// frames. Thread CPU time, so other load on the machine does not count.
TEST(Strips, ReportsMillisecondsPerFrameAt720p) {
  for (const Style style : kStyles) {
    const Timeline t = test::planned(prompt_for(style), style, AspectRatio::r16x9, Resolution::p720, 17, 10);
    const double start = cpu_ms();
    auto r = FrameRenderer::create(t);
    ASSERT_TRUE(r);
    const double prepared = cpu_ms();
    std::vector<std::uint8_t> buf(static_cast<std::size_t>(r->width()) * r->height() * 4);
    for (int f = 0; f < r->frame_count(); ++f) ASSERT_TRUE(r->render(f, buf.data(), r->width() * 4));
    const double done = cpu_ms();
    const double per_frame = (done - start) / r->frame_count();
    std::cout << to_string(style) << ": create " << prepared - start << " ms, "
              << (done - prepared) / r->frame_count() << " ms/frame drawing, " << per_frame
              << " ms/frame all in\n";
    RecordProperty(std::string(to_string(style)) + "_ms_per_frame_720p", std::to_string(per_frame));
    // Generous: a regression to vector-drawing everything per frame costs 3x this.
    EXPECT_LT(per_frame, 20.0) << to_string(style);
  }
}

}  // namespace
}  // namespace syncreel::engine
