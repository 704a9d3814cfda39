// KeyStore: API keys, stored only as SHA-256 hashes, each bound to a user and a role.
// Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"

namespace syncreel {

enum class Role { user, moderator, admin };
std::string_view to_string(Role r);
std::optional<Role> role_from_string(std::string_view s);

struct ApiKeyRecord {
  std::string key_id;  // public, short, shown in listings and logs
  UserId user_id;
  Role role = Role::user;
  std::string secret_hash;  // lowercase hex SHA-256 of the full key
  std::string label;
  TimePoint created_at{};
  std::optional<TimePoint> revoked_at;
};

class KeyStore {
 public:
  virtual ~KeyStore() = default;
  // Errors: conflict (key_id or hash exists), storage.
  virtual Result<void> add(const ApiKeyRecord& key) = 0;
  // The key with this hash, revoked or not (the caller checks revoked_at).
  virtual Result<std::optional<ApiKeyRecord>> find_by_hash(std::string_view secret_hash) = 0;
  // Errors: not_found, storage.
  virtual Result<void> revoke(std::string_view key_id, TimePoint now) = 0;
  virtual Result<std::vector<ApiKeyRecord>> list() = 0;
};

}  // namespace syncreel
