// Whole-file writes that a reader sees as all or nothing: the bytes go to a temporary
// file beside the target, are fsynced, and only then renamed over it. Used for every
// playlist, segment and caption file the media module writes, so a crash or a
// cancelled render never leaves a truncated file under its final name.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>

#include "core/error.hpp"

namespace syncreel::media {

// Replaces `path` with exactly `bytes`. The folder must exist. On failure nothing is
// left behind (the temporary file is removed) and any previous file at `path` is
// untouched. Errors: storage (cannot create, write, sync or rename). Thread-safe for
// distinct paths; concurrent writers of one path each win or lose whole.
Result<void> write_file_atomically(const std::filesystem::path& path, std::span<const std::uint8_t> bytes);

// Same, for text.
Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view text);

}  // namespace syncreel::media
