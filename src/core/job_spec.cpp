#include "core/job_spec.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "core/utf8.hpp"

namespace syncreel {
namespace {

template <class E, std::size_t N>
std::optional<E> lookup(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view s) {
  for (const auto& [value, name] : table) {
    if (name == s) return value;
  }
  return std::nullopt;
}

template <class E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E v) {
  for (const auto& [value, name] : table) {
    if (value == v) return name;
  }
  return "?";
}

constexpr std::array<std::pair<Style, std::string_view>, 4> kStyles{{
    {Style::cinematic, "cinematic"},
    {Style::anime, "anime"},
    {Style::documentary, "documentary"},
    {Style::cartoon, "cartoon"},
}};
constexpr std::array<std::pair<AspectRatio, std::string_view>, 3> kAspects{{
    {AspectRatio::r16x9, "16:9"},
    {AspectRatio::r9x16, "9:16"},
    {AspectRatio::r1x1, "1:1"},
}};
constexpr std::array<std::pair<Resolution, std::string_view>, 3> kResolutions{{
    {Resolution::p360, "360p"},
    {Resolution::p720, "720p"},
    {Resolution::p1080, "1080p"},
}};
constexpr std::array<std::pair<Language, std::string_view>, 2> kLanguages{{
    {Language::fr, "fr"},
    {Language::en, "en"},
}};

bool only_whitespace(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  });
}

bool is_voice_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '+';
}

bool is_name_char(char c) { return is_voice_char(c) || c == '.'; }

}  // namespace

std::string_view to_string(Style v) { return name_of(kStyles, v); }
std::string_view to_string(AspectRatio v) { return name_of(kAspects, v); }
std::string_view to_string(Resolution v) { return name_of(kResolutions, v); }
std::string_view to_string(Language v) { return name_of(kLanguages, v); }
std::optional<Style> style_from_string(std::string_view s) { return lookup(kStyles, s); }
std::optional<AspectRatio> aspect_from_string(std::string_view s) { return lookup(kAspects, s); }
std::optional<Resolution> resolution_from_string(std::string_view s) { return lookup(kResolutions, s); }
std::optional<Language> language_from_string(std::string_view s) { return lookup(kLanguages, s); }

FrameSize frame_size(AspectRatio aspect, Resolution res) {
  const int short_side = res == Resolution::p360 ? 360 : res == Resolution::p720 ? 720 : 1080;
  // Long side for 16:9, rounded to an even number (640, 1280, 1920).
  const int long_side = (short_side * 16 / 9 + 1) / 2 * 2;
  switch (aspect) {
    case AspectRatio::r16x9: return {long_side, short_side};
    case AspectRatio::r9x16: return {short_side, long_side};
    case AspectRatio::r1x1: return {short_side, short_side};
  }
  return {long_side, short_side};
}

Result<void> validate(const JobSpec& spec) {
  const auto chars = utf8_length(spec.prompt);
  if (!chars) return fail(Error::invalid("prompt is not valid UTF-8", "prompt"));
  if (*chars == 0 || only_whitespace(spec.prompt)) {
    return fail(Error::invalid("prompt must not be empty", "prompt"));
  }
  if (*chars > kMaxPromptChars) {
    return fail(Error::invalid("prompt is longer than 2000 characters", "prompt"));
  }
  if (spec.prompt.find('\0') != std::string::npos) {
    return fail(Error::invalid("prompt must not contain NUL characters", "prompt"));
  }
  if (spec.duration_sec < kMinDurationSec || spec.duration_sec > kMaxDurationSec) {
    return fail(Error::invalid("duration_sec must be between 5 and 30", "duration_sec"));
  }
  if (spec.voice) {
    if (spec.voice->empty() || spec.voice->size() > 64 ||
        !std::all_of(spec.voice->begin(), spec.voice->end(), is_voice_char)) {
      return fail(Error::invalid("voice must be 1-64 characters of [A-Za-z0-9_+-]", "voice"));
    }
  }
  if (spec.provider.empty() || spec.provider.size() > 32 ||
      !std::all_of(spec.provider.begin(), spec.provider.end(), is_name_char)) {
    return fail(Error::invalid("provider is not a valid provider name", "provider"));
  }
  if (spec.model) {
    if (spec.model->empty() || spec.model->size() > 128 ||
        !std::all_of(spec.model->begin(), spec.model->end(), is_name_char)) {
      return fail(Error::invalid("model must be 1-128 characters of [A-Za-z0-9_.+-]", "model"));
    }
  }
  if (spec.webhook_url) {
    const std::string_view url = *spec.webhook_url;
    const bool scheme_ok = url.starts_with("https://") || url.starts_with("http://");
    if (!scheme_ok || url.size() > 2048 || !utf8_length(url)) {
      return fail(Error::invalid("webhook_url must be an http(s) URL of at most 2048 characters",
                                 "webhook_url"));
    }
  }
  if (spec.max_cost_usd && !(*spec.max_cost_usd >= 0.0 && *spec.max_cost_usd < 1e6)) {
    return fail(Error::invalid("max_cost_usd must be between 0 and 1000000", "max_cost_usd"));
  }
  if (!spec.consent) {
    return fail(Error::invalid("consent must be true: accept the terms to generate", "consent"));
  }
  return {};
}

}  // namespace syncreel
