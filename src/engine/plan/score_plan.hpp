// Score planning: the music cues and sound effects of a clip.
//
// Music: one key and tempo for the clip (so cues join seamlessly), General MIDI
// instruments from the style, mode and tempo from the mood (sad/tense: minor and
// slower; happy/epic: major and faster), intensity shaped per shot. Effects: footsteps
// on the gait's foot contacts, whooshes on anime camera moves, thunder with rain,
// splash / bird / car horn / wind by setting and weather, placed on the music's beat.
// Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/timeline.hpp"

namespace syncreel::engine {

// Named General MIDI programs the planner uses (0-based program numbers).
namespace gm {
inline constexpr int kPiano = 0;
inline constexpr int kXylophone = 13;
inline constexpr int kNylonGuitar = 24;
inline constexpr int kSteelGuitar = 25;
inline constexpr int kAcousticBass = 32;
inline constexpr int kCello = 42;
inline constexpr int kContrabass = 43;
inline constexpr int kPizzicato = 45;
inline constexpr int kStrings = 48;
inline constexpr int kSlowStrings = 49;
inline constexpr int kTuba = 58;
inline constexpr int kFrenchHorn = 60;
inline constexpr int kBrass = 61;
inline constexpr int kSynthBass = 38;
inline constexpr int kClarinet = 71;
inline constexpr int kFlute = 73;
inline constexpr int kSquareLead = 80;
inline constexpr int kSawLead = 81;
inline constexpr int kNewAgePad = 88;
inline constexpr int kWarmPad = 89;
}  // namespace gm

// Music cues covering [0, timeline.duration], one per shot. Reads style, mood, duration
// and shots.
std::vector<MusicCue> plan_music(const Timeline& timeline, std::uint64_t seed);

// Sound effects sorted by time, all inside [0, duration). Reads style, setting, time,
// weather, motion, shots and music.
std::vector<SoundEffect> plan_effects(const Timeline& timeline, std::uint64_t seed);

}  // namespace syncreel::engine
