#include "engine/plan/score_plan.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "engine/plan/gait.hpp"
#include "engine/plan/planner.hpp"

namespace syncreel::engine {
namespace {

Timeline planned(std::string prompt, Style style = Style::cinematic) {
  JobSpec s;
  s.prompt = std::move(prompt);
  s.style = style;
  s.seed = 5;
  auto t = plan(s);
  EXPECT_TRUE(t);
  return *t;
}

bool has_effect(const Timeline& t, Sfx kind) {
  return std::any_of(t.effects.begin(), t.effects.end(), [&](const SoundEffect& e) { return e.kind == kind; });
}

bool uses(const MusicCue& cue, int program) {
  return std::find(cue.instruments.begin(), cue.instruments.end(), program) != cue.instruments.end();
}

TEST(ScorePlan, InstrumentsComeFromTheStyle) {
  for (std::uint32_t seed = 0; seed < 8; ++seed) {
    JobSpec s;
    s.prompt = "A quiet walk";
    s.seed = seed;
    s.style = Style::cartoon;
    const MusicCue cartoon = plan(s)->music.front();
    EXPECT_TRUE(uses(cartoon, gm::kPizzicato) && uses(cartoon, gm::kTuba));
    EXPECT_TRUE(uses(cartoon, gm::kXylophone) || uses(cartoon, gm::kClarinet));
    s.style = Style::cinematic;
    const MusicCue cinematic = plan(s)->music.front();
    EXPECT_TRUE(uses(cinematic, gm::kStrings) && uses(cinematic, gm::kPiano));
    s.style = Style::documentary;
    const MusicCue doc = plan(s)->music.front();
    EXPECT_TRUE(uses(doc, gm::kNylonGuitar) || uses(doc, gm::kSteelGuitar));
    s.style = Style::anime;
    const MusicCue anime = plan(s)->music.front();
    EXPECT_TRUE(uses(anime, gm::kPiano));
    EXPECT_TRUE(uses(anime, gm::kSynthBass));
  }
}

TEST(ScorePlan, MoodSetsModeAndTempo) {
  const MusicCue sad = planned("A sad evening").music.front();
  const MusicCue tense = planned("A tense chase").music.front();
  const MusicCue happy = planned("A happy day").music.front();
  const MusicCue epic = planned("An epic battle").music.front();
  EXPECT_TRUE(sad.minor);
  EXPECT_TRUE(tense.minor);
  EXPECT_FALSE(happy.minor);
  EXPECT_FALSE(epic.minor);
  EXPECT_LT(sad.tempo_bpm, happy.tempo_bpm);
  EXPECT_LT(tense.tempo_bpm, epic.tempo_bpm);
}

TEST(ScorePlan, MusicFollowsTheShots) {
  const Timeline t = planned("Une femme marche");
  ASSERT_EQ(t.music.size(), t.shots.size());
  for (std::size_t i = 0; i < t.music.size(); ++i) {
    EXPECT_DOUBLE_EQ(t.music[i].start, t.shots[i].start);
    EXPECT_EQ(t.music[i].key, t.music.front().key);
  }
}

TEST(ScorePlan, FootstepsLandOnTheGaitContacts) {
  for (const Motion motion : {Motion::walk, Motion::run}) {
    const Timeline t = planned(motion == Motion::walk ? "A man walks" : "A man runs");
    ASSERT_EQ(t.motion, motion);
    const double step = step_interval(motion);
    int steps = 0;
    for (const SoundEffect& e : t.effects) {
      if (e.kind != Sfx::footsteps) continue;
      ++steps;
      EXPECT_NEAR(std::remainder(e.at, step), 0.0, 1e-9);
    }
    EXPECT_EQ(steps, static_cast<int>(std::ceil(t.duration / step - 1e-9)));
  }
  EXPECT_FALSE(has_effect(planned("A man stands"), Sfx::footsteps));
}

TEST(ScorePlan, EffectsFitTheScene) {
  EXPECT_TRUE(has_effect(planned("Rain in the forest"), Sfx::thunder));
  EXPECT_TRUE(has_effect(planned("A day at the beach"), Sfx::splash));
  EXPECT_TRUE(has_effect(planned("A morning in the countryside"), Sfx::bird_call));
  EXPECT_TRUE(has_effect(planned("Downtown city traffic"), Sfx::car_horn));
  EXPECT_FALSE(has_effect(planned("A night in the city"), Sfx::bird_call));
  bool anime_whoosh = false;
  for (std::uint32_t seed = 0; seed < 6; ++seed) {
    JobSpec s;
    s.prompt = "A girl in the city";
    s.style = Style::anime;
    s.seed = seed;
    const Timeline t = *plan(s);
    for (const SoundEffect& e : t.effects) {
      if (e.kind != Sfx::whoosh) continue;
      anime_whoosh = true;
      const bool on_a_move_cut = std::any_of(t.shots.begin(), t.shots.end(), [&](const Shot& shot) {
        return shot.start == e.at && shot.move != CameraMove::hold;
      });
      EXPECT_TRUE(on_a_move_cut);
    }
  }
  EXPECT_TRUE(anime_whoosh);
}

TEST(ScorePlan, ScatteredEffectsSitOnTheBeat) {
  const Timeline t = planned("Storm over the city");
  const double beat = 60.0 / t.music.front().tempo_bpm;
  for (const SoundEffect& e : t.effects) {
    if (e.kind == Sfx::thunder || e.kind == Sfx::car_horn) {
      EXPECT_NEAR(std::remainder(e.at, beat), 0.0, 1e-6);
    }
  }
}

}  // namespace
}  // namespace syncreel::engine
