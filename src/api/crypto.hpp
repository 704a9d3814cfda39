// Keyed hashing the API needs: HMAC-SHA256 for media URL signatures and a constant-time
// comparison (plain SHA-256 is core/sha256.hpp).
//
// The keyed state is prepared once instead of per call: OpenSSL's implicit algorithm
// fetch takes a global lock, which shows up on the hot request path. Thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace syncreel::api {

// True when `a` and `b` are equal; the time taken depends only on their lengths.
bool constant_time_equal(std::string_view a, std::string_view b);

// HMAC-SHA256 with a key fixed at construction. The keyed state is prepared once and
// copied per message. Thread-safe: `hex` only reads the prepared state.
class HmacSha256 {
 public:
  // `key` must not be empty (an empty key signs nothing); aborts otherwise, so callers
  // validate configuration first.
  explicit HmacSha256(std::string_view key);
  ~HmacSha256();
  HmacSha256(const HmacSha256&) = delete;
  HmacSha256& operator=(const HmacSha256&) = delete;

  // Lowercase hex MAC of `message` (64 characters).
  std::string hex(std::string_view message) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace syncreel::api
