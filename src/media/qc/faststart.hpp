// Whether an MP4 can start playing before it is fully downloaded: its index (moov box)
// comes before its media data (mdat box).
#pragma once

#include <filesystem>
#include <string_view>

#include "core/error.hpp"

namespace syncreel::media {

// Walks the file's top-level boxes. true: moov precedes mdat; false: mdat comes first,
// or the file is no ISO-BMFF at all (WebM, Matroska). Errors: storage (unreadable).
Result<bool> is_faststart(const std::filesystem::path& path);

// Whether faststart means anything for a file its demuxer named `container`
// (MediaInfo::container, e.g. "mov,mp4,m4a,3gp,3g2,mj2" or "matroska,webm"): only the
// ISO-BMFF family has a moov box to place.
bool faststart_applies(std::string_view container);

}  // namespace syncreel::media
