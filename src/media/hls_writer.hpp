// HLS playlist text for RenditionSet: per-rendition VOD media playlists over fMP4
// segments, the master playlist that lists the renditions, and the facts the master
// needs (measured bandwidth, RFC 6381 codec strings). Pure functions over plain
// values, safe from any thread. Internal to the media module.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace syncreel::media {

// One written media segment, as the muxer measured it.
struct HlsSegment {
  std::string uri;           // relative to its media playlist, e.g. "seg-00001.m4s"
  std::int64_t frames = 0;   // video frames it holds; its duration is frames / fps
  std::uint64_t bytes = 0;   // file size, audio and video together
};

// One rendition as the master playlist announces it.
struct HlsVariant {
  std::string playlist_uri;  // relative to the master playlist, e.g. "360p/index.m3u8"
  int width = 0;
  int height = 0;
  int fps = 0;
  std::string codecs;             // e.g. "avc1.64001f,mp4a.40.2"
  std::int64_t bandwidth = 0;     // peak segment bit rate, bits/s
  std::int64_t average_bandwidth = 0;
};

inline constexpr std::string_view kHlsInitSegment = "init.mp4";
inline constexpr std::string_view kHlsMediaPlaylist = "index.m3u8";
inline constexpr std::string_view kHlsMasterPlaylist = "master.m3u8";

// "seg-00001.m4s" for index 0: 1-based, zero-padded so a listing sorts in play order.
std::string hls_segment_name(int index);

struct HlsBandwidth {
  std::int64_t peak = 0;     // largest bytes*8/duration over the segments, rounded up
  std::int64_t average = 0;  // all segment bytes * 8 / total duration, rounded up
};
// Bit rates as HLS defines them for a finished VOD stream (init segment excluded).
HlsBandwidth measure_bandwidth(std::span<const HlsSegment> segments, int fps);

// A complete VOD media playlist (version 7, EXT-X-MAP to the init segment, EXTINF from
// frame counts so the durations are exact, EXT-X-ENDLIST). `segments` must not be empty.
std::string render_media_playlist(std::span<const HlsSegment> segments, int fps);

// The master playlist: one EXT-X-STREAM-INF per variant, in the order given.
std::string render_master_playlist(std::span<const HlsVariant> variants);

// "avc1.PPCCLL" (profile_idc, constraint flags, level_idc in hex) read from the real
// SPS in an H.264 encoder's extradata, Annex B or avcC. Empty when no SPS is found.
std::string avc_codec_string(std::span<const std::uint8_t> extradata);

}  // namespace syncreel::media
