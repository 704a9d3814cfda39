// Authenticator: turns an `Authorization: Bearer <key>` header into a Principal.
//
// Keys are looked up by hash in the KeyStore. Successful lookups are cached (LRU,
// bounded) for `ttl` so the hot path costs one SHA-256 and a map lookup instead of a
// store query; a revoked key therefore stops working within `ttl` (5 s by default)
// of its revocation. Failed lookups are not cached, so a newly added key works at once.
// Thread-safe: the cache is guarded by a mutex held only for the map operations.
#pragma once

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "store/key_store.hpp"

namespace syncreel::api {

struct Principal {
  UserId user_id;
  Role role = Role::user;
  std::string key_id;
};

// user < moderator < admin.
bool role_at_least(Role have, Role need);

class Authenticator {
 public:
  // `keys` and `clock` are not owned and must outlive the Authenticator.
  Authenticator(KeyStore& keys, const Clock& clock, std::chrono::milliseconds ttl = std::chrono::seconds{5},
                std::size_t capacity = 4096);

  // Success: the key's owner and role. Errors: unauthorized (header missing or not a
  // Bearer token, unknown or revoked key), unavailable (the key store failed).
  Result<Principal> authenticate(std::string_view authorization_header);

  // Drops every cached entry (e.g. right after revoking a key in-process).
  void clear();

 private:
  struct Entry {
    std::string hash;
    Principal principal;
    TimePoint expires;
  };
  using Lru = std::list<Entry>;

  KeyStore& keys_;
  const Clock& clock_;
  const std::chrono::milliseconds ttl_;
  const std::size_t capacity_;
  std::mutex mu_;
  Lru lru_;                                                  // guarded by mu_; most recent first
  std::unordered_map<std::string_view, Lru::iterator> index_;  // guarded by mu_; keys view lru_
};

}  // namespace syncreel::api
