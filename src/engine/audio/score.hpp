// A procedural score: the notes of every MusicCue as MIDI-like events. Pure functions,
// thread-safe; the same timeline gives the same events, bit for bit.
#pragma once

#include <cstddef>
#include <vector>

#include "engine/timeline.hpp"

namespace syncreel::engine {

enum class NoteEventKind { program, control, note_off, note_on };

struct NoteEvent {
  std::size_t frame = 0;  // at kSampleRate from the clip's start
  NoteEventKind kind = NoteEventKind::note_on;
  int channel = 0;  // 0 melody, 1 harmony, 2 bass, 9 General MIDI drums
  int data1 = 0;    // key, program or controller number
  int data2 = 0;    // velocity or controller value
};

inline constexpr int kMelodyChannel = 0;
inline constexpr int kHarmonyChannel = 1;
inline constexpr int kBassChannel = 2;
inline constexpr int kDrumChannel = 9;
inline constexpr double kDrumIntensity = 0.6;  // percussion from this intensity up

// The events of the whole score, sorted by frame (at one frame: programs and controls,
// then note-offs, then note-ons). Per cue: the key, mode, tempo and GM instruments of
// the cue (melody, harmony, bass: missing ones fall back to the melody's or to an
// acoustic bass); a chord progression of the mode, one chord per bar; a melody that
// walks the scale, landing on chord tones on strong beats; a bass on the roots; drums
// on channel 10 from kDrumIntensity on. Every choice derives from `timeline.seed` and
// the cue's index. Cues are clipped to [0, total_frames); every note ends by its cue's end.
std::vector<NoteEvent> compose_score(const Timeline& timeline, std::size_t total_frames);

}  // namespace syncreel::engine
