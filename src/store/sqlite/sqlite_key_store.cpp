#include "store/sqlite/sqlite_key_store.hpp"

#include <utility>

namespace syncreel {
namespace {

constexpr std::string_view kSelectKeys =
    "SELECT key_id, user_id, role, secret_hash, label, created_at, revoked_at FROM api_keys ";

Result<ApiKeyRecord> decode_key(const Statement& stmt) {
  ApiKeyRecord key;
  key.key_id = stmt.text(0);
  key.user_id = stmt.text(1);
  const auto role = role_from_string(stmt.text(2));
  // Never guess a role: an unreadable one must not grant or deny the wrong rights.
  if (!role) return fail(Error::storage("stored api key " + key.key_id + " has an unknown role"));
  key.role = *role;
  key.secret_hash = stmt.text(3);
  key.label = stmt.text(4);
  key.created_at = from_unix_ms(stmt.int64(5));
  if (!stmt.is_null(6)) key.revoked_at = from_unix_ms(stmt.int64(6));
  return key;
}

std::string select_keys(std::string_view rest) {
  std::string sql(kSelectKeys);
  sql += rest;
  return sql;
}

}  // namespace

SqliteKeyStore::SqliteKeyStore(std::shared_ptr<SqliteDatabase> db) : db_(std::move(db)) {}

Result<void> SqliteKeyStore::add(const ApiKeyRecord& key) {
  return db_->write([&](SqliteConnection& conn) -> Result<void> {
    auto stmt = conn.prepare(
        "INSERT INTO api_keys (key_id, user_id, role, secret_hash, label, created_at, revoked_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!stmt) return fail(stmt.error());
    stmt->bind_text(1, key.key_id).bind_text(2, key.user_id).bind_text(3, to_string(key.role));
    stmt->bind_text(4, key.secret_hash).bind_text(5, key.label).bind_int64(6, to_unix_ms(key.created_at));
    if (key.revoked_at) stmt->bind_int64(7, to_unix_ms(*key.revoked_at));
    auto ok = stmt->run();
    if (!ok && ok.error().code == ErrorCode::conflict) {
      return fail(Error::conflict("an api key with this key_id or secret already exists"));
    }
    return ok;
  });
}

Result<std::optional<ApiKeyRecord>> SqliteKeyStore::find_by_hash(std::string_view secret_hash) {
  return db_->read([&](SqliteConnection& conn) -> Result<std::optional<ApiKeyRecord>> {
    static const std::string kSql = select_keys("WHERE secret_hash = ?1");
    auto stmt = conn.prepare(kSql);
    if (!stmt) return fail(stmt.error());
    stmt->bind_text(1, secret_hash);
    auto row = stmt->step();
    if (!row) return fail(row.error());
    if (!*row) return std::optional<ApiKeyRecord>{};
    auto key = decode_key(*stmt);
    if (!key) return fail(key.error());
    return std::optional<ApiKeyRecord>(std::move(*key));
  });
}

Result<void> SqliteKeyStore::revoke(std::string_view key_id, TimePoint now) {
  return db_->write([&](SqliteConnection& conn) -> Result<void> {
    auto stmt = conn.prepare("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?2) WHERE key_id = ?1");
    if (!stmt) return fail(stmt.error());
    stmt->bind_text(1, key_id).bind_int64(2, to_unix_ms(now));
    if (auto ok = stmt->run(); !ok) return ok;
    if (conn.changes() == 0) return fail(Error::not_found("api key " + std::string(key_id) + " not found"));
    return {};
  });
}

Result<std::vector<ApiKeyRecord>> SqliteKeyStore::list() {
  return db_->read([&](SqliteConnection& conn) -> Result<std::vector<ApiKeyRecord>> {
    static const std::string kSql = select_keys("ORDER BY created_at, key_id");
    auto stmt = conn.prepare(kSql);
    if (!stmt) return fail(stmt.error());
    std::vector<ApiKeyRecord> keys;
    for (;;) {
      auto row = stmt->step();
      if (!row) return fail(row.error());
      if (!*row) return keys;
      auto key = decode_key(*stmt);
      if (!key) return fail(key.error());
      keys.push_back(std::move(*key));
    }
  });
}

}  // namespace syncreel
