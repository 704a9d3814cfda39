#include "media/hls_writer.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace syncreel::media {
namespace {

constexpr std::uint8_t kNalTypeSps = 7;

std::int64_t bits_per_second(std::uint64_t bytes, std::int64_t frames, int fps) {
  if (frames <= 0 || fps <= 0) return 0;
  const double seconds = static_cast<double>(frames) / fps;
  return static_cast<std::int64_t>(std::ceil(static_cast<double>(bytes) * 8.0 / seconds));
}

std::string codec_string_from_sps(std::span<const std::uint8_t> sps_payload) {
  // The three bytes after the NAL header: profile_idc, constraint_set flags, level_idc.
  if (sps_payload.size() < 3) return {};
  return fmt::format("avc1.{:02x}{:02x}{:02x}", sps_payload[0], sps_payload[1], sps_payload[2]);
}

}  // namespace

std::string hls_segment_name(int index) { return fmt::format("seg-{:05}.m4s", index + 1); }

HlsBandwidth measure_bandwidth(std::span<const HlsSegment> segments, int fps) {
  HlsBandwidth out;
  std::uint64_t bytes = 0;
  std::int64_t frames = 0;
  for (const HlsSegment& s : segments) {
    out.peak = std::max(out.peak, bits_per_second(s.bytes, s.frames, fps));
    bytes += s.bytes;
    frames += s.frames;
  }
  out.average = bits_per_second(bytes, frames, fps);
  return out;
}

std::string render_media_playlist(std::span<const HlsSegment> segments, int fps) {
  std::int64_t longest = 0;
  for (const HlsSegment& s : segments) longest = std::max(longest, s.frames);
  // Every EXTINF rounded to the nearest second must stay within the target duration;
  // rounding the longest one up satisfies that for all of them.
  const std::int64_t target = (longest + fps - 1) / fps;
  std::string out = fmt::format(
      "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:{}\n#EXT-X-MEDIA-SEQUENCE:0\n"
      "#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-MAP:URI=\"{}\"\n",
      target, kHlsInitSegment);
  for (const HlsSegment& s : segments) {
    out += fmt::format("#EXTINF:{:.6f},\n{}\n", static_cast<double>(s.frames) / fps, s.uri);
  }
  out += "#EXT-X-ENDLIST\n";
  return out;
}

std::string render_master_playlist(std::span<const HlsVariant> variants) {
  std::string out = "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n";
  for (const HlsVariant& v : variants) {
    out += fmt::format(
        "#EXT-X-STREAM-INF:BANDWIDTH={},AVERAGE-BANDWIDTH={},RESOLUTION={}x{},FRAME-RATE={:.3f},CODECS=\"{}\"\n{}\n",
        v.bandwidth, v.average_bandwidth, v.width, v.height, static_cast<double>(v.fps), v.codecs, v.playlist_uri);
  }
  return out;
}

std::string avc_codec_string(std::span<const std::uint8_t> extradata) {
  // avcC (ISO/IEC 14496-15): version 1, then the same three bytes copied from the SPS.
  if (extradata.size() >= 4 && extradata[0] == 1) return codec_string_from_sps(extradata.subspan(1, 3));
  // Annex B: scan for a start code followed by an SPS NAL header.
  for (std::size_t i = 0; i + 3 < extradata.size(); ++i) {
    if (extradata[i] == 0 && extradata[i + 1] == 0 && extradata[i + 2] == 1 &&
        (extradata[i + 3] & 0x1F) == kNalTypeSps) {
      return codec_string_from_sps(extradata.subspan(i + 4));
    }
  }
  return {};
}

}  // namespace syncreel::media
