// Signing inside HLS playlists. A media URL's signature covers one key, but a playlist
// names its variants, init segments and segments by relative URI, which a player
// resolves against the playlist URL *without* its query: unsigned, every one of them
// would be refused. Serving a playlist therefore rewrites each relative URI to carry its
// own exp/sig (same expiry as the playlist's URL); URIs stay relative, so the player's
// resolution is unchanged. Pure function, safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "api/media_url.hpp"

namespace syncreel::api {

// Largest playlist rewritten (read whole into memory); bigger ones are served as stored.
inline constexpr std::uint64_t kMaxPlaylistBytes = 1024 * 1024;

// `text` is the playlist stored under `playlist_key`. URI lines and URI="..." attributes
// that are relative, query-free and resolve (within the store, "./" and "../" applied)
// to a valid blob key get "?exp=<exp>&sig=<signature of the resolved key>"; anything
// else (absolute URLs, keys that would escape the store) is left as written.
std::string sign_playlist(std::string_view text, std::string_view playlist_key, std::int64_t exp,
                          const MediaSigner& signer);

// The blob key a relative `uri` in the playlist at `playlist_key` names; empty when it is
// absolute, has a query or fragment, or does not resolve to a valid key.
std::string resolve_playlist_uri(std::string_view playlist_key, std::string_view uri);

}  // namespace syncreel::api
