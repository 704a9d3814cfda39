#include "store/sqlite/sqlite_key_store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "store_test_support.hpp"

namespace syncreel {
namespace {

using namespace std::chrono_literals;
using namespace store_testing;

ApiKeyRecord key(std::string id, std::string hash, Role role, TimePoint at) {
  return ApiKeyRecord{std::move(id), "user-" + hash.substr(0, 2), role, std::move(hash), "laptop", at, std::nullopt};
}

class SqliteKeyStoreTest : public ::testing::Test {
 protected:
  TempDir dir_;
  ManualClock clock_;
  std::shared_ptr<SqliteDatabase> db_ = SqliteDatabase::open(dir_.db()).value();
  SqliteKeyStore keys_{db_};
};

TEST_F(SqliteKeyStoreTest, AddFindRevokeList) {
  ASSERT_TRUE(keys_.add(key("k1", "aa11", Role::admin, clock_.now())));
  clock_.advance(1s);
  ASSERT_TRUE(keys_.add(key("k2", "bb22", Role::moderator, clock_.now())));

  auto found = keys_.find_by_hash("aa11");
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_TRUE(*found);
  EXPECT_EQ((*found)->key_id, "k1");
  EXPECT_EQ((*found)->user_id, "user-aa");
  EXPECT_EQ((*found)->role, Role::admin);
  EXPECT_EQ((*found)->label, "laptop");
  EXPECT_EQ((*found)->created_at, clock_.now() - 1s);
  EXPECT_FALSE((*found)->revoked_at);
  EXPECT_FALSE(*keys_.find_by_hash("cc33"));

  clock_.advance(1s);
  ASSERT_TRUE(keys_.revoke("k1", clock_.now()));
  const TimePoint revoked_at = clock_.now();
  clock_.advance(1s);
  ASSERT_TRUE(keys_.revoke("k1", clock_.now())) << "revoking twice is harmless";
  EXPECT_EQ((*keys_.find_by_hash("aa11"))->revoked_at, revoked_at) << "found even when revoked";
  auto missing = keys_.revoke("nope", clock_.now());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);

  auto all = keys_.list();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].key_id, "k1");
  EXPECT_EQ((*all)[1].key_id, "k2");
  EXPECT_EQ((*all)[1].role, Role::moderator);
}

TEST_F(SqliteKeyStoreTest, DuplicateIdsAndHashesAreRefused) {
  ASSERT_TRUE(keys_.add(key("k1", "aa11", Role::user, clock_.now())));
  for (const auto& dup : {key("k1", "ff99", Role::user, clock_.now()), key("k9", "aa11", Role::user, clock_.now())}) {
    auto refused = keys_.add(dup);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::conflict);
  }
  EXPECT_EQ(keys_.list()->size(), 1u);
}

TEST_F(SqliteKeyStoreTest, AnUnknownStoredRoleIsAStorageError) {
  ASSERT_TRUE(keys_.add(key("k1", "aa11", Role::user, clock_.now())));
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.db().c_str(), &raw), SQLITE_OK);
  sqlite3_busy_timeout(raw, 5000);
  ASSERT_EQ(sqlite3_exec(raw, "UPDATE api_keys SET role = 'root'", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  auto found = keys_.find_by_hash("aa11");
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().code, ErrorCode::storage);
  EXPECT_FALSE(keys_.list());
}

TEST_F(SqliteKeyStoreTest, SharesTheDatabaseWithTheJobStore) {
  SqliteJobStore jobs(db_);
  ASSERT_TRUE(jobs.create(new_job(clock_)));
  ASSERT_TRUE(keys_.add(key("k1", "aa11", Role::user, clock_.now())));
  EXPECT_EQ(jobs.list("user-1", std::nullopt, 10)->size(), 1u);
}

}  // namespace
}  // namespace syncreel
