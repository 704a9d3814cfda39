#include "engine/audio/engine_audio.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "audio_test_support.hpp"
#include "engine/audio/audio_format.hpp"

namespace syncreel::engine {
namespace {

Timeline beach_scene(double duration) {
  Timeline t = test::base_timeline(duration, 42);
  t.weather = Weather::wind;
  t.dialogue = {test::line(0, "Regarde la mer, elle est magnifique ce soir.", Language::fr),
                test::line(1, "It really is. Shall we walk to the lighthouse?", Language::en),
                test::line(0, "Oui, allons-y !", Language::fr)};
  t.effects = {{1.5, Sfx::splash, 0.6}, {duration - 2.5, Sfx::bird_call, 0.8}};
  return t;
}

// Writes the mix as a WAV file and measures it with ffmpeg's ebur128 filter.
test::FfmpegLoudness measure_with_ffmpeg(const AudioResult& r, const std::string& name) {
  const test::ScratchDir dir;
  const auto wav = dir.path() / name;
  test::write_wav(wav, r.samples, r.channels, r.sample_rate);
  const auto measured = test::ffmpeg_loudness(wav);
  EXPECT_TRUE(measured.has_value()) << "ffmpeg did not measure " << name;
  return measured.value_or(test::FfmpegLoudness{NAN, NAN});
}

TEST(EngineAudio, ATenSecondClipMeetsTheLoudnessTargetOnFfmpegsMeter) {
  Timeline t = beach_scene(10);
  auto r = render_audio(t, {});
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->samples.size(), 2 * frame_count(10));
  EXPECT_EQ(r->sample_rate, 48000);
  EXPECT_EQ(r->channels, 2);
  EXPECT_FALSE(r->silent);
  EXPECT_EQ(r->spoken_lines, 3u);
  EXPECT_NEAR(r->integrated_lufs, -14.0, 0.5);
  EXPECT_LE(r->true_peak_dbtp, -1.0);

  const auto ff = measure_with_ffmpeg(*r, "clip10.wav");
  EXPECT_NEAR(ff.integrated_lufs, -14.0, 1.0);
  EXPECT_LE(ff.true_peak_dbtp, -1.0);

  // The timeline now carries what the picture needs.
  EXPECT_GT(t.dialogue[2].start, t.dialogue[1].end);
  EXPECT_FALSE(t.visemes[0].empty());
  EXPECT_FALSE(t.visemes[1].empty());
  EXPECT_GE(t.subtitles.size(), 3u);
}

TEST(EngineAudio, AThirtySecondStormInTheCityMeetsTheTargetToo) {
  Timeline t = beach_scene(30);
  t.setting = Setting::city;
  t.weather = Weather::rain;
  t.music[0].intensity = 0.9;
  t.music[0].minor = true;
  t.effects.push_back({12, Sfx::thunder, 1.0});
  auto r = render_audio(t, {});
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->samples.size(), 2 * frame_count(30));
  const auto ff = measure_with_ffmpeg(*r, "clip30.wav");
  EXPECT_NEAR(ff.integrated_lufs, -14.0, 1.0);
  EXPECT_LE(ff.true_peak_dbtp, -1.0);
}

TEST(EngineAudio, AClipWithoutDialogueStillHasItsMusicAndAmbience) {
  Timeline t = test::base_timeline(5);
  t.setting = Setting::forest;
  auto r = render_audio(t, {});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->spoken_lines, 0u);
  EXPECT_FALSE(r->silent);
  EXPECT_NEAR(r->integrated_lufs, -14.0, 0.5);
  EXPECT_TRUE(t.subtitles.empty());
}

TEST(EngineAudio, AFailureLeavesTheTimelineUntouched) {
  Timeline t = beach_scene(10);
  t.dialogue[1].voice = "nobody";
  auto r = render_audio(t, {});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(t.dialogue[0].end, 0.0);
  EXPECT_TRUE(t.visemes.empty());

  Timeline u = beach_scene(10);
  AudioConfig config;
  config.music.soundfont_path = "/missing/FluidR3_GM.sf2";
  auto m = render_audio(u, config);
  ASSERT_FALSE(m.has_value());
  EXPECT_EQ(m.error().code, ErrorCode::unavailable);
  EXPECT_TRUE(u.visemes.empty());
}

}  // namespace
}  // namespace syncreel::engine
