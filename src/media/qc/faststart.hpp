// Whether an MP4 can start playing before it is fully downloaded: its index (moov box)
// comes before its media data (mdat box).
#pragma once

#include <filesystem>

#include "core/error.hpp"

namespace syncreel::media {

// Walks the file's top-level boxes. true: moov precedes mdat; false: mdat comes first,
// or the file is no ISO-BMFF at all (WebM, Matroska). Errors: storage (unreadable).
Result<bool> is_faststart(const std::filesystem::path& path);

}  // namespace syncreel::media
