// WebVTT caption files for the <track> element beside a clip or an HLS stream.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace syncreel::media {

// One caption: shown from `start` to `end` (seconds from the start of the clip).
struct Cue {
  double start = 0.0;
  double end = 0.0;
  std::string text;  // UTF-8, may span lines; markup characters are escaped on output
};

// Renders `cues` as WebVTT text: the "WEBVTT" header, then one block per cue with
// "HH:MM:SS.mmm --> HH:MM:SS.mmm" timing (milliseconds rounded to nearest) and the text
// with '&', '<' and '>' escaped, so a cue can never inject markup or end its own block
// (blank lines inside a text are dropped, as they would terminate the cue).
// Errors: invalid_argument when a time is negative or not finite, or end < start.
Result<std::string> render_webvtt(const std::vector<Cue>& cues);

// Writes render_webvtt(cues) to `path` atomically (temporary file + rename): readers see
// the old file, no file, or the whole new one. The folder must exist.
// Errors: invalid_argument (as above, nothing written), storage (cannot write).
// Thread-safe: no shared state.
Result<void> write_webvtt(const std::filesystem::path& path, const std::vector<Cue>& cues);

}  // namespace syncreel::media
