#include "api/auth.hpp"

#include <cctype>

#include "api/api_keys.hpp"
#include "api/crypto.hpp"

namespace syncreel::api {
namespace {

// The token of "Bearer <token>" (scheme case-insensitive, RFC 9110 section 11.1).
std::string_view bearer_token(std::string_view header) {
  constexpr std::string_view kScheme = "bearer ";
  if (header.size() <= kScheme.size()) return {};
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(header[i])) != kScheme[i]) return {};
  }
  std::string_view token = header.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  return token;
}

}  // namespace

bool role_at_least(Role have, Role need) { return static_cast<int>(have) >= static_cast<int>(need); }

Authenticator::Authenticator(KeyStore& keys, const Clock& clock, std::chrono::milliseconds ttl,
                             std::size_t capacity)
    : keys_(keys), clock_(clock), ttl_(ttl), capacity_(capacity == 0 ? 1 : capacity) {}

Result<Principal> Authenticator::authenticate(std::string_view authorization_header) {
  if (authorization_header.empty()) return fail(Error::unauthorized("missing bearer token"));
  const std::string_view token = bearer_token(authorization_header);
  if (token.empty()) return fail(Error::unauthorized("expected 'Authorization: Bearer <key>'"));
  // Keys are "sr_" + 48 hex; anything much longer is not worth hashing.
  if (token.size() > 256) return fail(Error::unauthorized("unknown API key"));

  const std::string hash = hash_api_key(token);
  const TimePoint now = clock_.now();
  {
    std::lock_guard lock(mu_);
    if (auto it = index_.find(hash); it != index_.end()) {
      Entry& e = *it->second;
      if (e.expires > now && constant_time_equal(e.hash, hash)) {
        lru_.splice(lru_.begin(), lru_, it->second);
        return e.principal;
      }
      const Lru::iterator stale = it->second;
      index_.erase(it);  // before the node its key views goes away
      lru_.erase(stale);
    }
  }

  auto found = keys_.find_by_hash(hash);
  if (!found) {
    if (found.error().code == ErrorCode::unauthorized) return fail(found.error());
    return fail(Error::unavailable("cannot check the API key right now"));
  }
  if (!*found || !constant_time_equal((*found)->secret_hash, hash) || (*found)->revoked_at) {
    return fail(Error::unauthorized("unknown or revoked API key"));
  }
  Principal principal{(*found)->user_id, (*found)->role, (*found)->key_id};

  std::lock_guard lock(mu_);
  if (!index_.contains(hash)) {
    lru_.push_front(Entry{hash, principal, now + ttl_});
    index_.emplace(lru_.front().hash, lru_.begin());
    if (lru_.size() > capacity_) {
      index_.erase(lru_.back().hash);
      lru_.pop_back();
    }
  }
  return principal;
}

void Authenticator::clear() {
  std::lock_guard lock(mu_);
  index_.clear();
  lru_.clear();
}

}  // namespace syncreel::api
