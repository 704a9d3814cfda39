// Poster images: one still picture of a clip, shown before playback and in listings.
#pragma once

#include <cstdint>
#include <filesystem>

#include "core/error.hpp"

namespace syncreel::media {

// Encodes one picture as a baseline JPEG (full-range YUV 4:2:0) and writes it to `path`,
// replacing any file there. `pixels` holds `height` rows of `width` pixels in
// kInputPixelFormat (Cairo ARGB32), `stride` bytes apart; it is only read. Thread-safe:
// every call uses its own encoder.
// Errors: invalid_argument (null data, non-positive size, short stride),
// storage (the file cannot be written; no partial file is left), internal (libav).
Result<void> write_jpeg(const std::filesystem::path& path, const std::uint8_t* pixels, int width, int height,
                        int stride);

}  // namespace syncreel::media
