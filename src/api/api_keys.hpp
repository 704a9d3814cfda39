// API keys: how they are minted and how they are stored. The secret is shown to its
// owner once; the store keeps only its SHA-256. Pure functions, safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "store/key_store.hpp"

namespace syncreel::api {

struct IssuedKey {
  std::string secret;   // "sr_" + 48 hex characters: give it to the caller, then forget it
  ApiKeyRecord record;  // ready for KeyStore::add
};

// Mints a key for `user` ("usr_" + 12 hex characters when empty) with `role`.
// key_id is "key_" + 8 hex characters. Randomness comes from the OS CSPRNG.
IssuedKey issue_api_key(Role role, UserId user, std::string label, TimePoint now);

// Lowercase hex SHA-256 of the full secret: the form stored in ApiKeyRecord.
std::string hash_api_key(std::string_view secret);

}  // namespace syncreel::api
