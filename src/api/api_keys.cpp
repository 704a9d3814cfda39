#include "api/api_keys.hpp"

#include <utility>

#include "core/sha256.hpp"

namespace syncreel::api {

IssuedKey issue_api_key(Role role, UserId user, std::string label, TimePoint now) {
  IssuedKey key;
  key.secret = "sr_" + random_hex(24);
  key.record.key_id = "key_" + random_hex(4);
  key.record.user_id = user.empty() ? "usr_" + random_hex(6) : std::move(user);
  key.record.role = role;
  key.record.secret_hash = hash_api_key(key.secret);
  key.record.label = std::move(label);
  key.record.created_at = now;
  return key;
}

std::string hash_api_key(std::string_view secret) { return sha256_hex(secret); }

}  // namespace syncreel::api
