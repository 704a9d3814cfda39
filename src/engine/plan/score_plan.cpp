#include "engine/plan/score_plan.hpp"

#include <algorithm>
#include <cmath>

#include "engine/plan/gait.hpp"
#include "engine/plan/seed_hash.hpp"

namespace syncreel::engine {
namespace {

double base_tempo(Style style) {
  switch (style) {
    case Style::cinematic:
      return 84;
    case Style::anime:
      return 112;
    case Style::documentary:
      return 92;
    case Style::cartoon:
      return 126;
  }
  return 96;
}

double mood_tempo_factor(Mood mood) {
  switch (mood) {
    case Mood::calm:
      return 0.95;
    case Mood::happy:
      return 1.12;
    case Mood::tense:
      return 0.88;
    case Mood::sad:
      return 0.78;
    case Mood::romantic:
      return 0.86;
    case Mood::epic:
      return 1.15;
  }
  return 1.0;
}

// Melody, harmony, bass: each style has two ensembles, the seed picks one and the mood
// may swap the melody for a softer or bolder voice.
std::vector<int> instruments(Style style, Mood mood, SeedStream& rng) {
  const bool alt = rng.chance(0.5);
  std::vector<int> set;
  switch (style) {
    case Style::cinematic:
      set = alt ? std::vector<int>{gm::kStrings, gm::kPiano, gm::kContrabass}
                : std::vector<int>{gm::kPiano, gm::kStrings, gm::kCello};
      if (mood == Mood::epic || mood == Mood::tense) set.insert(set.begin() + 1, gm::kBrass);
      break;
    case Style::anime:
      set = alt ? std::vector<int>{gm::kPiano, gm::kSlowStrings, gm::kSynthBass}
                : std::vector<int>{gm::kSquareLead, gm::kPiano, gm::kSynthBass};
      if (mood == Mood::sad || mood == Mood::romantic) set.front() = gm::kPiano;
      if (mood == Mood::epic) set.insert(set.begin() + 1, gm::kSawLead);
      break;
    case Style::documentary:
      set = alt ? std::vector<int>{gm::kNylonGuitar, gm::kWarmPad, gm::kAcousticBass}
                : std::vector<int>{gm::kPiano, gm::kSteelGuitar, gm::kNewAgePad};
      break;
    case Style::cartoon:
      set = alt ? std::vector<int>{gm::kClarinet, gm::kPizzicato, gm::kTuba}
                : std::vector<int>{gm::kXylophone, gm::kPizzicato, gm::kTuba};
      if (mood == Mood::sad) set.front() = gm::kClarinet;
      break;
  }
  return set;
}

double base_intensity(Mood mood) {
  switch (mood) {
    case Mood::sad:
    case Mood::calm:
    case Mood::romantic:
      return 0.4;
    case Mood::happy:
      return 0.6;
    case Mood::tense:
      return 0.6;
    case Mood::epic:
      return 0.7;
  }
  return 0.5;
}

// The beat at or after `t` on the music grid.
double on_beat(double t, double beat) { return std::ceil(t / beat - 1e-9) * beat; }

}  // namespace

std::vector<MusicCue> plan_music(const Timeline& timeline, std::uint64_t seed) {
  SeedStream rng(hash3(seed, 0x3051C));
  MusicCue base;
  base.key = 55 + rng.between(0, 11);  // G3 .. F#4: comfortable for every GM voice
  base.minor = timeline.mood == Mood::sad || timeline.mood == Mood::tense ||
               (timeline.mood == Mood::calm && rng.chance(0.3));
  base.tempo_bpm = std::round(base_tempo(timeline.style) * mood_tempo_factor(timeline.mood));
  base.instruments = instruments(timeline.style, timeline.mood, rng);
  const double intensity = base_intensity(timeline.mood);

  std::vector<MusicCue> cues;
  const std::size_t n = std::max<std::size_t>(timeline.shots.size(), 1);
  for (std::size_t i = 0; i < n; ++i) {
    MusicCue cue = base;
    cue.start = timeline.shots.empty() ? 0.0 : timeline.shots[i].start;
    cue.end = timeline.shots.empty() ? timeline.duration : timeline.shots[i].end;
    // Quiet intro, a build through the middle (stronger for epic), settle at the end.
    const double progress = n > 1 ? static_cast<double>(i) / static_cast<double>(n - 1) : 0.0;
    const double build = timeline.mood == Mood::epic ? 0.3 : 0.15;
    double level = intensity - 0.12 + build * progress;
    if (i + 1 == n && n > 2 && timeline.mood != Mood::epic) level -= 0.1;
    cue.intensity = std::clamp(level, 0.1, 1.0);
    cues.push_back(std::move(cue));
  }
  return cues;
}

std::vector<SoundEffect> plan_effects(const Timeline& timeline, std::uint64_t seed) {
  SeedStream rng(hash3(seed, 0xEFFEC7));
  std::vector<SoundEffect> fx;
  const double d = timeline.duration;
  const double beat = timeline.music.empty() ? 0.6 : 60.0 / timeline.music.front().tempo_bpm;
  // `count` effects at seeded times snapped to the beat, away from the clip's edges.
  const auto scatter = [&](Sfx kind, int count, double gain) {
    for (int i = 0; i < count; ++i) {
      const double at = on_beat(d * (i + rng.uniform(0.2, 0.8)) / count, beat);
      if (at > 0.2 && at < d - 0.3) fx.push_back({at, kind, gain});
    }
  };

  if (const double step = step_interval(timeline.motion); step > 0) {
    const double gain = timeline.motion == Motion::run ? 0.6 : 0.45;
    for (int k = 0; k * step < d; ++k) fx.push_back({k * step, Sfx::footsteps, gain});
  }
  if (timeline.style == Style::anime) {
    for (const Shot& s : timeline.shots) {
      if (s.move != CameraMove::hold) fx.push_back({s.start, Sfx::whoosh, 0.7});
    }
  }
  const int per_ten_sec = std::max(1, static_cast<int>(std::lround(d / 10.0)));
  const bool indoor = timeline.setting == Setting::room || timeline.setting == Setting::kitchen;
  if (timeline.weather == Weather::rain) scatter(Sfx::thunder, per_ten_sec, indoor ? 0.5 : 0.85);
  if (timeline.weather == Weather::wind) scatter(Sfx::wind_gust, 2 * per_ten_sec, 0.5);
  switch (timeline.setting) {
    case Setting::beach:
      // The renderer breaks a wave on the sand at each splash.
      for (double t = rng.uniform(0.4, 1.2); t < d - 0.3; t += 3.5) fx.push_back({t, Sfx::splash, 0.4});
      break;
    case Setting::forest:
    case Setting::countryside:
      if (timeline.time_of_day != TimeOfDay::night && timeline.weather != Weather::rain) {
        scatter(Sfx::bird_call, 2 * per_ten_sec, 0.35);
      }
      break;
    case Setting::city:
      scatter(Sfx::car_horn, per_ten_sec, 0.3);
      break;
    case Setting::mountains:
    case Setting::snow:
    case Setting::desert:
      if (timeline.weather != Weather::wind) scatter(Sfx::wind_gust, per_ten_sec, 0.35);
      break;
    case Setting::space:
      scatter(Sfx::chime, per_ten_sec, 0.3);
      break;
    case Setting::room:
    case Setting::kitchen:
      break;
  }
  if (timeline.time_of_day == TimeOfDay::dawn && timeline.setting != Setting::forest &&
      timeline.setting != Setting::countryside && !indoor && timeline.setting != Setting::space) {
    scatter(Sfx::bird_call, per_ten_sec, 0.3);
  }
  std::stable_sort(fx.begin(), fx.end(), [](const SoundEffect& a, const SoundEffect& b) { return a.at < b.at; });
  return fx;
}

}  // namespace syncreel::engine
