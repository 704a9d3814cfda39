// What a person would notice: each setting, style, mouth shape and blink looks different.
#include <gtest/gtest.h>

#include <map>

#include "engine/picture/frame_renderer.hpp"
#include "engine/picture/pose.hpp"
#include "picture_test_support.hpp"

namespace syncreel::engine {
namespace {

using test::Frame;

constexpr Setting kSettings[] = {Setting::city,  Setting::beach, Setting::forest,  Setting::mountains,
                                 Setting::desert, Setting::space, Setting::room,   Setting::kitchen,
                                 Setting::countryside, Setting::snow};

// The bare scenery of a setting: no characters, captions or weather in the way.
Timeline scenery_only(Setting setting, Style style = Style::cinematic) {
  Timeline t = test::planned("A quiet place", style, AspectRatio::r16x9, Resolution::p360, 5, 5);
  t.setting = setting;
  t.time_of_day = setting == Setting::space ? TimeOfDay::night : TimeOfDay::day;
  t.weather = Weather::clear;
  t.characters.clear();
  t.visemes.clear();
  t.dialogue.clear();
  t.subtitles.clear();
  return t;
}

TEST(PictureLooks, EverySettingHasItsOwnBackground) {
  std::map<Setting, std::array<double, 64>> hist;
  for (const Setting s : kSettings) hist[s] = test::histogram(test::render_timeline(scenery_only(s), 0));
  double closest = 2.0;
  for (const Setting a : kSettings) {
    for (const Setting b : kSettings) {
      if (a >= b) continue;
      const double d = test::histogram_distance(hist[a], hist[b]);
      closest = std::min(closest, d);
      EXPECT_GT(d, 0.35) << "settings " << static_cast<int>(a) << " and " << static_cast<int>(b) << " look alike";
    }
  }
  RecordProperty("closest_setting_histogram_distance", std::to_string(closest));
}

TEST(PictureLooks, TimeOfDayChangesTheSky) {
  Timeline day = scenery_only(Setting::countryside);
  Timeline night = day, sunset = day;
  night.time_of_day = TimeOfDay::night;
  sunset.time_of_day = TimeOfDay::sunset;
  const auto h_day = test::histogram(test::render_timeline(day, 0));
  EXPECT_GT(test::histogram_distance(h_day, test::histogram(test::render_timeline(night, 0))), 0.5);
  EXPECT_GT(test::histogram_distance(h_day, test::histogram(test::render_timeline(sunset, 0))), 0.5);
}

TEST(PictureLooks, TheFourStylesGiveVisiblyDifferentFrames) {
  std::map<Style, Frame> frames;
  for (const Style style : {Style::cinematic, Style::anime, Style::documentary, Style::cartoon}) {
    const Timeline t = test::planned("A man and a woman talk in the countryside. \"Hi!\" \"Hello!\"", style,
                                     AspectRatio::r16x9, Resolution::p360, 4, 5);
    frames[style] = test::render_timeline(t, 30);
  }
  // Cinematic: letterbox rows are pure black across the frame, top and bottom.
  const Frame& cine = frames[Style::cinematic];
  for (const int y : {0, 5, cine.height - 1}) {
    for (int x = 0; x < cine.width; x += 4) {
      if (y == 0 && x > cine.width * 0.75) continue;  // the watermark sits in the top bar
      ASSERT_EQ(cine.at(x, y) & 0xFFFFFFu, 0u) << "row " << y;
    }
  }
  for (const Style s : {Style::anime, Style::documentary, Style::cartoon}) {
    EXPECT_NE(frames[s].at(frames[s].width / 3, 2) & 0xFFFFFFu, 0u) << "only cinematic has bars";
  }
  // Cartoon: thick ink gives the most hard edges; documentary the fewest.
  const double ink_cartoon = test::edge_density(frames[Style::cartoon]);
  const double ink_anime = test::edge_density(frames[Style::anime]);
  const double ink_doc = test::edge_density(frames[Style::documentary]);
  EXPECT_GT(ink_cartoon, 1.3 * ink_doc);
  EXPECT_GT(ink_anime, 1.15 * ink_doc);
  // Documentary is muted, cartoon saturated.
  const double sat_doc = test::mean_saturation(frames[Style::documentary]);
  const double sat_cartoon = test::mean_saturation(frames[Style::cartoon]);
  EXPECT_GT(sat_cartoon, sat_doc + 0.1);
  EXPECT_GT(test::mean_saturation(frames[Style::anime]), sat_doc + 0.05);
  // And any two styles differ in their colours overall.
  for (const auto& [a, fa] : frames) {
    for (const auto& [b, fb] : frames) {
      if (a >= b) continue;
      EXPECT_GT(test::histogram_distance(test::histogram(fa), test::histogram(fb)), 0.2)
          << to_string(a) << " vs " << to_string(b);
    }
  }
  RecordProperty("edge_density_cartoon_anime_documentary",
                 std::to_string(ink_cartoon) + " " + std::to_string(ink_anime) + " " + std::to_string(ink_doc));
}

// A still, talking character whose mouth track is one viseme at the frame drawn.
Timeline one_face(Style style) {
  Timeline t = test::planned("A woman in a room", style, AspectRatio::r16x9, Resolution::p720, 12, 5);
  t.motion = Motion::still;
  t.shots = {{0, t.duration, CameraMove::hold, -1}};
  t.subtitles.clear();
  return t;
}

TEST(PictureLooks, MouthShapesDifferPerViseme) {
  constexpr Viseme kAll[] = {Viseme::rest, Viseme::mbp, Viseme::fv, Viseme::ee,
                             Viseme::aa,   Viseme::oh,  Viseme::oo, Viseme::l};
  for (const Style style : {Style::cinematic, Style::cartoon}) {
    Timeline t = one_face(style);
    const int frame = 48;
    const double at = frame / 24.0;
    std::vector<Frame> mouths;
    Rect face;
    for (const Viseme v : kAll) {
      t.visemes = {{{at - 0.2, at + 0.2, v}}};
      auto r = FrameRenderer::create(t);
      ASSERT_TRUE(r);
      mouths.push_back(test::render(*r, frame));
      const Rect b = r->character_bounds(0, frame);
      face = {b.x, b.y, b.width, b.height * 0.3};
    }
    for (std::size_t i = 0; i < mouths.size(); ++i) {
      for (std::size_t j = i + 1; j < mouths.size(); ++j) {
        // Same frame, same everything: only the mouth can differ, and it must, clearly.
        EXPECT_GT(test::differing_pixels(mouths[i], mouths[j], face), 25)
            << to_string(style) << ": viseme " << i << " vs " << j;
      }
    }
  }
}

long near_white_pixels(const Frame& f, Rect r) {
  long n = 0;
  for (int y = static_cast<int>(r.y); y < static_cast<int>(r.y + r.height); ++y) {
    for (int x = static_cast<int>(r.x); x < static_cast<int>(r.x + r.width); ++x) {
      const std::uint32_t px = f.at(x, y);
      n += Frame::red(px) > 225 && Frame::green(px) > 225 && Frame::blue(px) > 225 ? 1 : 0;
    }
  }
  return n;
}

TEST(PictureLooks, EyesCloseOnABlinkFrame) {
  for (const Style style : {Style::anime, Style::documentary}) {
    Timeline t = one_face(style);
    t.setting = Setting::forest;
    t.characters[0].clothes = {0.2, 0.3, 0.6};
    auto r = FrameRenderer::create(t);
    ASSERT_TRUE(r);
    int closed = -1;
    for (int f = 0; f < r->frame_count() && closed < 0; ++f) {
      if (eye_openness(t, 0, f / 24.0) == 0.0) closed = f;
    }
    ASSERT_GE(closed, 6) << "no blink in the clip";
    const int open = closed - 6;
    ASSERT_EQ(eye_openness(t, 0, open / 24.0), 1.0);
    const Rect b = r->character_bounds(0, closed);
    const Rect face{b.x + b.width * 0.2, b.y + b.height * 0.08, b.width * 0.6, b.height * 0.16};
    const long white_open = near_white_pixels(test::render(*r, open), face);
    const long white_closed = near_white_pixels(test::render(*r, closed), face);
    EXPECT_GT(white_open, 30) << to_string(style);
    EXPECT_LT(white_closed, white_open / 4) << to_string(style);
  }
}

}  // namespace
}  // namespace syncreel::engine
