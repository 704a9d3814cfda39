#include "engine/audio/music.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "audio_test_support.hpp"
#include "engine/audio/audio_format.hpp"
#include "media/audio/loudness.hpp"
#include "engine/audio/score.hpp"

namespace syncreel::engine {
namespace {

TEST(Music, RendersTheWholeClipDeterministicallyForASeed) {
  const Timeline t = test::base_timeline(6, 11);
  auto a = render_music(t, {});
  auto b = render_music(t, {});
  ASSERT_TRUE(a.has_value()) << a.error().message;
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(a->size(), 2 * frame_count(6));
  EXPECT_TRUE(*a == *b);
  auto lufs = media::integrated_loudness(*a, 2);
  ASSERT_TRUE(lufs.has_value());
  EXPECT_GT(*lufs, -40);  // audible music, not a few stray notes

  Timeline other = t;
  other.seed = 12;
  auto c = render_music(other, {});
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->size(), a->size());
  EXPECT_FALSE(*a == *c);
}

TEST(Music, ConcurrentRendersMatchTheSequentialOnes) {
  std::vector<Timeline> timelines;
  for (std::uint32_t seed = 1; seed <= 3; ++seed) timelines.push_back(test::base_timeline(5, seed));
  std::vector<std::vector<float>> sequential, parallel(timelines.size());
  for (const Timeline& t : timelines) sequential.push_back(render_music(t, {}).value());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < timelines.size(); ++i) {
    threads.emplace_back([&, i] { parallel[i] = render_music(timelines[i], {}).value_or(std::vector<float>{}); });
  }
  for (auto& th : threads) th.join();
  for (std::size_t i = 0; i < timelines.size(); ++i) EXPECT_TRUE(parallel[i] == sequential[i]) << i;
}

TEST(Music, AMissingSoundfontIsAnErrorNamingThePathAndThePackage) {
  const Timeline t = test::base_timeline(5);
  auto r = render_music(t, {"/nonexistent/GeneralUser.sf2"});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::unavailable);
  EXPECT_NE(r.error().message.find("/nonexistent/GeneralUser.sf2"), std::string::npos);
  EXPECT_NE(r.error().message.find("fluid-soundfont-gm"), std::string::npos);
}

TEST(Music, AFileThatIsNotASoundfontIsAnError) {
  const test::ScratchDir dir;
  const auto bogus = dir.path() / "bogus.sf2";
  std::ofstream(bogus) << "not a soundfont";
  auto r = render_music(test::base_timeline(5), {bogus.string()});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::unavailable);
}

TEST(Music, NoCuesIsSilenceWithoutTheSoundfont) {
  Timeline t = test::base_timeline(5);
  t.music.clear();
  auto r = render_music(t, {"/nonexistent.sf2"});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->size(), 2 * frame_count(5));
  EXPECT_TRUE(std::ranges::all_of(*r, [](float s) { return s == 0.0f; }));
}

TEST(Score, FollowsTheCueInstrumentsAndStaysInsideIt) {
  Timeline t = test::base_timeline(12);
  t.music[0].end = 8;
  t.music[0].instruments = {73, 48, 33};
  const std::size_t total = frame_count(12);
  const auto events = compose_score(t, total);
  ASSERT_FALSE(events.empty());
  std::vector<int> programs;
  for (const NoteEvent& e : events) {
    EXPECT_LE(e.frame, frame_count(8));
    if (e.kind == NoteEventKind::program) programs.push_back(e.data1);
    if (e.kind == NoteEventKind::note_on) {
      EXPECT_NE(e.channel, kDrumChannel);  // intensity 0.5: no drums
    }
  }
  EXPECT_EQ(programs, (std::vector<int>{73, 48, 33}));
  EXPECT_TRUE(std::ranges::is_sorted(events, {}, &NoteEvent::frame));
}

TEST(Score, HighIntensityAddsDrumsAndSeedsChangeTheNotes) {
  Timeline t = test::base_timeline(8);
  t.music[0].intensity = 0.9;
  const auto events = compose_score(t, frame_count(8));
  EXPECT_TRUE(std::ranges::any_of(
      events, [](const NoteEvent& e) { return e.kind == NoteEventKind::note_on && e.channel == kDrumChannel; }));
  Timeline other = t;
  other.seed = t.seed + 1;
  const auto different = compose_score(other, frame_count(8));
  const auto key_list = [](const std::vector<NoteEvent>& ev) {
    std::vector<int> keys;
    for (const NoteEvent& e : ev) {
      if (e.kind == NoteEventKind::note_on && e.channel == kMelodyChannel) keys.push_back(e.data1);
    }
    return keys;
  };
  EXPECT_NE(key_list(events), key_list(different));
}

}  // namespace
}  // namespace syncreel::engine
