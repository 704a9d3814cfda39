#include "media/qc/faststart.hpp"

#include <array>
#include <cstdint>
#include <fstream>
#include <string_view>

namespace syncreel::media {

Result<bool> is_faststart(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Error::storage("cannot open " + path.filename().string()));
  std::uint64_t offset = 0;
  // A hostile file could chain millions of tiny boxes; a real MP4 has a handful at the top.
  for (int box = 0; box < 1024; ++box) {
    std::array<unsigned char, 16> header{};
    in.seekg(static_cast<std::streamoff>(offset));
    if (!in.read(reinterpret_cast<char*>(header.data()), 8)) return false;
    std::uint64_t size = (std::uint64_t{header[0]} << 24) | (std::uint64_t{header[1]} << 16) |
                         (std::uint64_t{header[2]} << 8) | header[3];
    const std::string_view type(reinterpret_cast<const char*>(header.data() + 4), 4);
    if (type == "moov") return true;
    if (type == "mdat") return false;
    if (size == 1) {  // a 64-bit size follows the type
      if (!in.read(reinterpret_cast<char*>(header.data() + 8), 8)) return false;
      size = 0;
      for (int i = 8; i < 16; ++i) size = (size << 8) | header[static_cast<std::size_t>(i)];
    }
    if (size < 8) return false;  // 0 (runs to the end) or malformed: no moov ahead
    offset += size;
  }
  return false;
}

bool faststart_applies(std::string_view container) {
  // The demuxer's name is a comma-separated list of the formats it reads.
  while (!container.empty()) {
    const auto comma = container.find(',');
    const std::string_view name = container.substr(0, comma);
    if (name == "mov" || name == "mp4") return true;
    if (comma == std::string_view::npos) break;
    container.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace syncreel::media
