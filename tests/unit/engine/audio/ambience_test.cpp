#include "engine/audio/ambience.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "audio_test_support.hpp"
#include "engine/audio/audio_format.hpp"
#include "media/audio/loudness.hpp"

namespace syncreel::engine {
namespace {

class EverySetting : public testing::TestWithParam<Setting> {};

TEST_P(EverySetting, BedIsLevelledExactLengthAndDeterministic) {
  Timeline t = test::base_timeline(6.5, 3);
  t.setting = GetParam();
  auto a = render_ambience(t);
  ASSERT_TRUE(a.has_value()) << a.error().message;
  EXPECT_EQ(a->size(), 2 * frame_count(6.5));
  EXPECT_TRUE(std::ranges::all_of(*a, [](float s) { return std::isfinite(s) && std::fabs(s) < 1.0f; }));
  auto lufs = media::integrated_loudness(*a, 2);
  ASSERT_TRUE(lufs.has_value());
  EXPECT_NEAR(*lufs, kAmbienceBedLufs, 0.1);
  auto b = render_ambience(t);
  ASSERT_TRUE(b.has_value());
  EXPECT_TRUE(*a == *b);
  t.seed = 4;
  auto c = render_ambience(t);
  ASSERT_TRUE(c.has_value());
  EXPECT_FALSE(*a == *c);
}

INSTANTIATE_TEST_SUITE_P(Ambience, EverySetting,
                         testing::Values(Setting::city, Setting::beach, Setting::forest, Setting::mountains,
                                         Setting::desert, Setting::space, Setting::room, Setting::kitchen,
                                         Setting::countryside, Setting::snow));

TEST(Ambience, NightInTheCountryAndWeatherStillRender) {
  for (const Weather w : {Weather::clear, Weather::cloudy, Weather::rain, Weather::snow, Weather::fog, Weather::wind}) {
    Timeline t = test::base_timeline(8);
    t.setting = Setting::countryside;
    t.time_of_day = TimeOfDay::night;
    t.weather = w;
    auto a = render_ambience(t);
    ASSERT_TRUE(a.has_value());
    auto lufs = media::integrated_loudness(*a, 2);
    ASSERT_TRUE(lufs.has_value());
    EXPECT_GT(*lufs, -35) << static_cast<int>(w);
  }
}

class EveryEffect : public testing::TestWithParam<Sfx> {};

TEST_P(EveryEffect, SoundsOnItsCue) {
  Timeline t = test::base_timeline(6);
  t.setting = Setting::room;  // the quietest bed
  t.effects = {{3.0, GetParam(), 1.0}};
  auto with = render_ambience(t);
  ASSERT_TRUE(with.has_value());
  t.effects.clear();
  auto without = render_ambience(t);
  ASSERT_TRUE(without.has_value());
  EXPECT_TRUE(std::equal(with->begin(), with->begin() + 2 * 3 * kSampleRate, without->begin()))
      << "nothing may change before the cue";
  // Over the bed (-30 LUFS) by the 8 LU between it and an effect at gain 1, give or take
  // how much of the measured window the effect fills.
  const auto slice = [](const std::vector<float>& s) {
    return std::vector<float>(s.begin() + 2 * 3 * kSampleRate, s.begin() + 2 * 5 * kSampleRate);
  };
  auto louder = media::integrated_loudness(slice(*with), 2);
  auto bed = media::integrated_loudness(slice(*without), 2);
  ASSERT_TRUE(louder.has_value() && bed.has_value());
  EXPECT_GT(*louder, *bed + 4);
}

INSTANTIATE_TEST_SUITE_P(Ambience, EveryEffect,
                         testing::Values(Sfx::footsteps, Sfx::whoosh, Sfx::chime, Sfx::thunder, Sfx::splash,
                                         Sfx::bird_call, Sfx::car_horn, Sfx::door, Sfx::wind_gust));

TEST(Ambience, EffectsPastTheEndAreClippedNotACrash) {
  Timeline t = test::base_timeline(5);
  t.effects = {{4.9, Sfx::thunder, 1.0}, {7.0, Sfx::chime, 1.0}, {-1.0, Sfx::door, 1.0}};
  auto a = render_ambience(t);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->size(), 2 * frame_count(5));
}

}  // namespace
}  // namespace syncreel::engine
