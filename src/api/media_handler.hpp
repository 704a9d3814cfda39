// GET/HEAD /media/{key...}?exp=&sig=: blob bytes behind a signed, expiring URL, with
// conditional requests (ETag / If-None-Match -> 304) and single byte ranges (206/416).
// The body is streamed from BlobStore::open by the session in bounded chunks; a file is
// never read whole into memory. Multiple ranges are answered with the full object
// (allowed by RFC 9110), and an unparsable Range header is ignored, as the RFC requires.
// HLS playlists are the exception: small, rewritten so that every URI they reference
// carries its own signature (see hls_playlist.hpp), and served whole.
//
// Thread-safe: the handler holds only references to thread-safe collaborators.
#pragma once

#include <cstdint>
#include <string_view>

#include "api/media_url.hpp"
#include "api/router.hpp"
#include "blob/blob_store.hpp"
#include "core/clock.hpp"

namespace syncreel::api {

struct ByteRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;  // inclusive
  std::uint64_t length() const { return last - first + 1; }
};

enum class RangeKind { full, partial, unsatisfiable };

struct RangeSpec {
  RangeKind kind = RangeKind::full;
  ByteRange range;  // meaningful for `partial`
};

// Interprets a Range header value for an object of `size` bytes: "bytes=a-b", "a-" and
// "-n" are honoured (b clamped to the end); a start past the end, "-0", or any range of
// an empty object is unsatisfiable; an absent, malformed or multi-range header means
// the full object.
RangeSpec parse_range(std::string_view header, std::uint64_t size);

// True when an If-None-Match value ("*" or a list of entity tags) matches `etag` under
// the weak comparison RFC 9110 prescribes for If-None-Match.
bool etag_matches(std::string_view if_none_match, std::string_view etag);

// Content-Type for a blob key's extension (mp4, jpg, m3u8, m4s, vtt), else
// application/octet-stream.
std::string_view media_content_type(std::string_view key);

class MediaHandler {
 public:
  // Not owned; all must outlive the handler.
  MediaHandler(BlobStore& blobs, const MediaSigner& signer, const Clock& clock)
      : blobs_(blobs), signer_(signer), clock_(clock) {}

  // 200/206/304 on success; 404 for an invalid key or missing object, 403 for a bad or
  // expired signature (checked before the object is looked up), 416, 503 on storage errors.
  Response operator()(const RequestContext& ctx) const;

 private:
  BlobStore& blobs_;
  const MediaSigner& signer_;
  const Clock& clock_;
};

}  // namespace syncreel::api
