// SqliteKeyStore: the KeyStore on a SQLite file (table api_keys).
//
// Thread-safety: thread-safe; share one instance per process. Lookups use the
// database's read connection, so authenticating a request never waits for a job write.
#pragma once

#include <memory>

#include "store/key_store.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace syncreel {

class SqliteKeyStore final : public KeyStore {
 public:
  // Uses `db`, which may be shared with a SqliteJobStore of the same file.
  explicit SqliteKeyStore(std::shared_ptr<SqliteDatabase> db);

  Result<void> add(const ApiKeyRecord& key) override;
  Result<std::optional<ApiKeyRecord>> find_by_hash(std::string_view secret_hash) override;
  // Revoking a revoked key keeps the first revocation time and succeeds.
  Result<void> revoke(std::string_view key_id, TimePoint now) override;
  // Every key, oldest first.
  Result<std::vector<ApiKeyRecord>> list() override;

 private:
  std::shared_ptr<SqliteDatabase> db_;
};

}  // namespace syncreel
