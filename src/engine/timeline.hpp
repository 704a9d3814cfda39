// Timeline: one clip, planned. Picture and sound are both generated from this single
// description, which is what keeps lip-sync and cue timing right by construction.
//
// The planner fills everything from the JobSpec except the dialogue timings and the
// visemes, which speech synthesis fills once it knows how long each line really lasts.
// After that the timeline is read-only: the audio mixer and the frame renderer read it
// concurrently without locks. All times are seconds from the clip's start.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/job_spec.hpp"

namespace syncreel::engine {

enum class Setting { city, beach, forest, mountains, desert, space, room, kitchen, countryside, snow };
enum class TimeOfDay { dawn, day, sunset, night };
enum class Weather { clear, cloudy, rain, snow, fog, wind };
enum class Mood { calm, happy, tense, sad, romantic, epic };
enum class Motion { still, walk, run, dance, wave };

enum class CameraMove { hold, pan_left, pan_right, push_in, pull_out };

// Mouth shapes. A small set that reads clearly in a drawn face (after Preston Blair).
enum class Viseme {
  rest,  // closed, relaxed
  mbp,   // lips pressed: m, b, p
  fv,    // lower lip under the teeth: f, v
  ee,    // wide: i, e, s, z, t, d, n
  aa,    // open: a
  oh,    // round: o
  oo,    // small round: u, w
  l,     // tongue up: l, th
};

enum class Gender { female, male };

struct Rgb {
  double r = 0, g = 0, b = 0;  // 0-1
};

struct Character {
  std::string name;  // "" when unnamed
  Gender gender = Gender::female;
  Rgb skin, hair, clothes;
  double x = 0.5;  // horizontal place in the frame, 0 (left) - 1 (right)
};

// One spoken line. start/end are filled by speech synthesis (the planner's values are
// estimates); `voice` is the espeak-ng voice actually used.
struct DialogueLine {
  int speaker = 0;  // index into Timeline::characters
  std::string text;
  Language language = Language::en;
  std::string voice;
  double start = 0, end = 0;
};

struct VisemeKey {
  double start = 0, end = 0;
  Viseme shape = Viseme::rest;
};

struct Shot {
  double start = 0, end = 0;
  CameraMove move = CameraMove::hold;
  int focus = -1;  // character the shot frames, -1 = the whole scene
};

struct SubtitleCue {
  double start = 0, end = 0;
  std::string text;
};

// A stretch of the score. Instruments are General MIDI program numbers (0-127).
struct MusicCue {
  double start = 0, end = 0;
  int key = 60;           // tonic as a MIDI note (60 = C4)
  bool minor = false;
  double tempo_bpm = 96;
  std::vector<int> instruments;  // melody first, then harmony, then bass
  double intensity = 0.5;        // 0-1: density and velocity
};

enum class Sfx { footsteps, whoosh, chime, thunder, splash, bird_call, car_horn, door, wind_gust };

struct SoundEffect {
  double at = 0;
  Sfx kind = Sfx::chime;
  double gain = 1.0;  // relative, 0-1
};

struct Timeline {
  // Output frame and rate.
  int width = 1280, height = 720;
  int fps = 24;
  double duration = 10;  // seconds, exact
  Style style = Style::cinematic;
  AspectRatio aspect = AspectRatio::r16x9;
  std::uint32_t seed = 0;  // every random choice downstream derives from it

  Setting setting = Setting::room;
  TimeOfDay time_of_day = TimeOfDay::day;
  Weather weather = Weather::clear;
  Mood mood = Mood::calm;
  Motion motion = Motion::still;

  std::vector<Character> characters;  // at least one
  std::vector<DialogueLine> dialogue;
  // visemes[i] is the mouth track of characters[i], sorted, non-overlapping; gaps are rest.
  std::vector<std::vector<VisemeKey>> visemes;
  std::vector<Shot> shots;  // cover [0, duration] without gaps
  std::vector<SubtitleCue> subtitles;
  std::vector<MusicCue> music;
  std::vector<SoundEffect> effects;
  std::string watermark = "syncreel";
};

}  // namespace syncreel::engine
