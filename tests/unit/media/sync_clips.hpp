// Clips with known A/V shifts, made with the ffmpeg CLI: white flashes on black and
// 1 kHz beeps at the same irregular moments, the sound then delayed or advanced by a
// whole number of milliseconds. And independent measurements of where the flashes and
// beeps really are (decoded by the ffmpeg CLI), to check a clip before trusting it.
// Header-only, test code only.
#pragma once

#include <cmath>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "probe.hpp"

namespace syncreel::syncclip {

inline constexpr int kFps = 30;
inline constexpr int kWidth = 160;
inline constexpr int kHeight = 120;
inline constexpr int kRate = 48000;
inline constexpr double kSeconds = 10.0;
// Flash starts, in frames: irregular, so no lag but the true one lines them all up.
inline const std::vector<int> kFlashFrames = {17, 49, 92, 118, 171, 203, 247, 271};

inline std::string flash_expression() {
  std::string e;
  for (int f : kFlashFrames) e += (e.empty() ? "" : "+") + ("between(n," + std::to_string(f) + "," + std::to_string(f + 1) + ")");
  return e;
}

inline std::string beep_expression() {
  std::string e;
  for (int f : kFlashFrames) {
    const double t = static_cast<double>(f) / kFps;
    e += (e.empty() ? "" : "+") + ("between(t," + std::to_string(t) + "," + std::to_string(t + 0.06) + ")");
  }
  return "0.7*sin(2*PI*1000*t)*(" + e + ")";
}

// Writes `out` (H.264 + AAC in MP4) whose sound runs `shift_ms` later than its picture
// (earlier when negative). The shift moves the samples, not the timestamps: the audio is
// padded with silence at the front (or trimmed) and cut back to the clip's length.
inline bool make_shifted_clip(const std::filesystem::path& out, int shift_ms) {
  const std::string video = "color=c=black:s=" + std::to_string(kWidth) + "x" + std::to_string(kHeight) +
                            ":r=" + std::to_string(kFps) + ":d=" + std::to_string(kSeconds) +
                            ",drawbox=c=white:t=fill:enable='" + flash_expression() + "'";
  std::string shift;
  if (shift_ms > 0) {
    shift = ",adelay=" + std::to_string(shift_ms) + "|" + std::to_string(shift_ms);
  } else if (shift_ms < 0) {
    shift = ",atrim=start=" + std::to_string(-shift_ms / 1000.0) + ",asetpts=PTS-STARTPTS";
  }
  const std::string audio = "aevalsrc='" + beep_expression() + "|" + beep_expression() +
                            "':s=" + std::to_string(kRate) + ":d=" + std::to_string(kSeconds) + shift +
                            ",apad,atrim=end=" + std::to_string(kSeconds);
  return probe::run_capture({"ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", video, "-f", "lavfi", "-i", audio,
                             "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a",
                             "128k", "-movflags", "+faststart", out.string()})
      .has_value();
}

// Times (s) at which the decoded picture turns bright after being dark.
inline std::vector<double> measured_flashes(const std::filesystem::path& file) {
  const auto raw = probe::run_capture(
      {"ffmpeg", "-v", "error", "-i", file.string(), "-map", "0:v", "-f", "rawvideo", "-pix_fmt", "gray", "-"});
  std::vector<double> out;
  if (!raw) return out;
  const std::size_t frame = static_cast<std::size_t>(kWidth) * kHeight;
  bool bright = false;
  for (std::size_t n = 0; (n + 1) * frame <= raw->size(); ++n) {
    double sum = 0;
    for (std::size_t i = 0; i < frame; ++i) sum += static_cast<unsigned char>((*raw)[n * frame + i]);
    const bool now = sum / static_cast<double>(frame) > 128;
    if (now && !bright) out.push_back(static_cast<double>(n) / kFps);
    bright = now;
  }
  return out;
}

// Times (s) at which the decoded sound rises over 0.1 after at least 100 ms under it.
inline std::vector<double> measured_beeps(const std::filesystem::path& file) {
  const auto raw = probe::run_capture({"ffmpeg", "-v", "error", "-i", file.string(), "-map", "0:a", "-ac", "1", "-ar",
                                       std::to_string(kRate), "-f", "f32le", "-"});
  std::vector<double> out;
  if (!raw) return out;
  std::vector<float> s(raw->size() / sizeof(float));
  std::memcpy(s.data(), raw->data(), s.size() * sizeof(float));
  std::size_t quiet = kRate;  // the start counts as after silence
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (std::abs(s[i]) > 0.1f) {
      if (quiet >= kRate / 10) out.push_back(static_cast<double>(i) / kRate);
      quiet = 0;
    } else {
      ++quiet;
    }
  }
  return out;
}

// The median of (beep - nearest flash) in ms, or nullopt when they cannot be paired.
inline std::optional<double> measured_shift_ms(const std::filesystem::path& file) {
  const auto flashes = measured_flashes(file);
  const auto beeps = measured_beeps(file);
  if (flashes.empty() || beeps.empty()) return std::nullopt;
  std::vector<double> diffs;
  for (double b : beeps) {
    double best = 1e9;
    for (double f : flashes) {
      if (std::abs(b - f) < std::abs(best)) best = b - f;
    }
    diffs.push_back(best * 1000.0);
  }
  std::sort(diffs.begin(), diffs.end());
  return diffs[diffs.size() / 2];
}

}  // namespace syncreel::syncclip
