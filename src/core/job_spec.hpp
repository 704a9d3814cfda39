// JobSpec: what the user asked for, validated once at the edge.
//
// A JobSpec that came out of `validate` satisfies every rule below; code past the API
// and the CLI may rely on that. Plain value type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace syncreel {

enum class Style { cinematic, anime, documentary, cartoon };
enum class AspectRatio { r16x9, r9x16, r1x1 };
enum class Resolution { p360, p720, p1080 };
enum class Language { fr, en };

std::string_view to_string(Style v);
std::string_view to_string(AspectRatio v);
std::string_view to_string(Resolution v);
std::string_view to_string(Language v);
std::optional<Style> style_from_string(std::string_view s);
std::optional<AspectRatio> aspect_from_string(std::string_view s);
std::optional<Resolution> resolution_from_string(std::string_view s);
std::optional<Language> language_from_string(std::string_view s);

// Output frame size for an aspect ratio at a resolution: the short side is the
// resolution's height (360/720/1080), both sides even.
struct FrameSize {
  int width = 0;
  int height = 0;
};
FrameSize frame_size(AspectRatio aspect, Resolution res);

inline constexpr std::size_t kMaxPromptChars = 2000;
inline constexpr int kMinDurationSec = 5;
inline constexpr int kMaxDurationSec = 30;

struct JobSpec {
  std::string prompt;  // 1-2000 Unicode characters of valid UTF-8, not only whitespace
  Style style = Style::cinematic;
  int duration_sec = 10;  // 5-30
  AspectRatio aspect_ratio = AspectRatio::r16x9;
  Resolution resolution = Resolution::p720;
  std::optional<std::string> voice;  // provider voice name: [A-Za-z0-9_+-], <= 64 chars
  std::optional<Language> language;  // detected from the prompt when absent
  std::optional<std::uint32_t> seed;
  std::string provider = "local";  // a provider name from config
  std::optional<std::string> model;  // provider model id; provider default when absent
  std::optional<std::string> webhook_url;  // http(s) URL, <= 2048 chars
  std::optional<double> max_cost_usd;  // >= 0
  bool consent = false;  // must be true: the user accepted the terms for this generation
};

// Checks every rule above. On failure the Error is invalid_argument and `detail`
// names the offending field.
Result<void> validate(const JobSpec& spec);

}  // namespace syncreel
