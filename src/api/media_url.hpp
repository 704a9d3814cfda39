// Signed, expiring media URLs: /media/{key}?exp=UNIX&sig=HEX where
// sig = hex HMAC-SHA256(signing_key, key + "\n" + exp). The URL itself is the
// capability (a <video> element cannot send a bearer key), so it is short-lived.
// Thread-safe: signing and verifying only read the prepared key.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "api/crypto.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"

namespace syncreel::api {

class MediaSigner {
 public:
  // `signing_key` must not be empty (HttpServer::start checks it).
  explicit MediaSigner(std::string_view signing_key);

  // The hex signature of `key` valid until `exp_unix` (seconds since the epoch).
  std::string sign(std::string_view key, std::int64_t exp_unix) const;

  // "/media/" + key + "?exp=" + exp + "&sig=" + signature (relative; prefix the base URL).
  std::string path(std::string_view key, std::int64_t exp_unix) const;

  // Checks the query values of a media request. Success: the expiry (seconds since the
  // epoch). Errors: forbidden (missing, malformed, wrong signature, or expired at `now`).
  Result<std::int64_t> verify(std::string_view key, std::string_view exp, std::string_view sig,
                              TimePoint now) const;

 private:
  HmacSha256 mac_;
};

}  // namespace syncreel::api
