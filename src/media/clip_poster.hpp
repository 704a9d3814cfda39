// Posters of clips made elsewhere: the first picture of an existing MP4 as a JPEG, for
// remote providers whose result is a finished file rather than frames in memory.
#pragma once

#include <filesystem>

#include "core/error.hpp"

namespace syncreel::media {

// Decodes the first video frame of `clip` and writes it to `jpeg` (see write_jpeg).
// Thread-safe: every call has its own demuxer and decoder.
// Errors: invalid_argument (not a readable video file, or no video stream), storage
// (the JPEG cannot be written), internal (libav).
Result<void> write_poster_from_clip(const std::filesystem::path& clip, const std::filesystem::path& jpeg);

}  // namespace syncreel::media
