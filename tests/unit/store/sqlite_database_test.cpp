#include "store/sqlite/sqlite_database.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "store_test_support.hpp"

namespace syncreel {
namespace {

using namespace store_testing;

int raw_user_version(const std::filesystem::path& file) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr);
  const int version = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return version;
}

void set_user_version(const std::filesystem::path& file, int version) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  const std::string sql = "PRAGMA user_version=" + std::to_string(version);
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
}

TEST(SqliteDatabase, OpeningMigratesAndReopeningIsHarmless) {
  TempDir dir;
  ManualClock clock;
  auto first = SqliteDatabase::open(dir.db());
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(raw_user_version(dir.db()), SqliteDatabase::schema_version());
  SqliteJobStore jobs(*first);
  const NewJob nj = new_job(clock);
  ASSERT_TRUE(jobs.create(nj));

  // A second instance on the same file, while the first is open, then after it closed.
  auto second = SqliteDatabase::open(dir.db());
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_TRUE(SqliteJobStore(*second).get(nj.id));
  first->reset();
  second->reset();
  auto third = SqliteJobStore::open(dir.db());
  ASSERT_TRUE(third) << third.error().message;
  EXPECT_TRUE((*third)->get(nj.id));
  EXPECT_EQ(raw_user_version(dir.db()), SqliteDatabase::schema_version());
}

TEST(SqliteDatabase, ANewerSchemaIsRefusedWithAClearError) {
  TempDir dir;
  ASSERT_TRUE(SqliteDatabase::open(dir.db()));
  set_user_version(dir.db(), SqliteDatabase::schema_version() + 1);
  auto refused = SqliteDatabase::open(dir.db());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::storage);
  EXPECT_NE(refused.error().message.find("newer than this build"), std::string::npos) << refused.error().message;
  EXPECT_EQ(raw_user_version(dir.db()), SqliteDatabase::schema_version() + 1) << "the file must be left alone";
}

TEST(SqliteDatabase, UnusableFilesAreStorageErrors) {
  TempDir dir;
  auto no_folder = SqliteDatabase::open(dir.path() / "missing" / "x.db");
  ASSERT_FALSE(no_folder);
  EXPECT_EQ(no_folder.error().code, ErrorCode::storage);

  const auto junk = dir.path() / "junk.db";
  std::ofstream(junk) << std::string(8192, 'x');
  auto not_a_db = SqliteDatabase::open(junk);
  ASSERT_FALSE(not_a_db);
  EXPECT_EQ(not_a_db.error().code, ErrorCode::storage) << not_a_db.error().message;
}

// Group commit: writes from many threads share transactions, yet a write that fails
// is rolled back alone and the others are kept.
TEST(SqliteDatabase, AFailedWriteIsRolledBackAloneInsideAGroupCommit) {
  TempDir dir;
  auto db = SqliteDatabase::open(dir.db());
  ASSERT_TRUE(db);
  ASSERT_TRUE((*db)->write([](SqliteConnection& conn) -> Result<void> {
    return exec_script(conn.handle(), "CREATE TABLE t (n INTEGER PRIMARY KEY)", "test");
  }));
  constexpr int kThreads = 8;
  constexpr int kPerThread = 100;
  std::atomic<int> kept{0};
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const int n = t * kPerThread + i;
        auto out = (*db)->write([&](SqliteConnection& conn) -> Result<int> {
          auto stmt = conn.prepare("INSERT INTO t (n) VALUES (?1)");
          if (!stmt) return fail(stmt.error());
          stmt->bind_int64(1, n);
          if (auto ok = stmt->run(); !ok) return fail(ok.error());
          if (n % 3 == 0) return fail(Error::conflict("changed my mind"));  // after writing
          return n;
        });
        if (n % 3 == 0 ? (out || out.error().code != ErrorCode::conflict) : (!out || *out != n)) ++wrong;
        if (out) ++kept;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  auto count = (*db)->read([](SqliteConnection& conn) -> Result<std::int64_t> {
    auto stmt = conn.prepare("SELECT COUNT(*), COALESCE(SUM(n % 3 = 0), 0) FROM t");
    if (!stmt) return fail(stmt.error());
    if (auto row = stmt->step(); !row || !*row) return fail(Error::internal("no row"));
    EXPECT_EQ(stmt->int64(1), 0) << "a failed write left rows behind";
    return stmt->int64(0);
  });
  ASSERT_TRUE(count) << count.error().message;
  EXPECT_EQ(*count, kept.load());
  EXPECT_EQ(kept.load(), kThreads * kPerThread - (kThreads * kPerThread + 2) / 3);
}

// Migration 5 replaced the index on jobs.state by a table of counts kept by triggers,
// and rebuilt job_events without AUTOINCREMENT: a file written by the previous schema
// keeps its events and numbers, and its counts start from its rows.
TEST(SqliteDatabase, MigratingAnOlderFileKeepsEventsAndCountsItsJobs) {
  using S = JobState;
  TempDir dir;
  ManualClock clock;
  const WorkerId worker = "host/w0";
  JobId moved;
  std::vector<JobEvent> before;
  {
    auto v4 = SqliteDatabase::open(dir.db(), SqliteOptions{.schema_version = 4});
    ASSERT_TRUE(v4) << v4.error().message;
    ASSERT_EQ(raw_user_version(dir.db()), 4);
    SqliteJobStore jobs(*v4);
    for (int i = 0; i < 3; ++i) {
      ASSERT_TRUE(jobs.create(new_job(clock)));
      clock.advance(std::chrono::milliseconds(5));
    }
    auto claimed = jobs.claim(worker, clock.now(), std::chrono::minutes(1));
    ASSERT_TRUE(claimed && *claimed);
    moved = (*claimed)->id;
    ASSERT_TRUE(drive(jobs, moved, worker, clock.now(), path_to(S::generating)));
    before = *jobs.events(moved, 0);
    ASSERT_EQ(before.size(), 3u);
  }

  auto store = open_store(dir);
  ASSERT_TRUE(store);
  EXPECT_EQ(raw_user_version(dir.db()), SqliteDatabase::schema_version());
  auto stats = store->stats(clock.now());
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->by_state.at(S::queued), 2);
  EXPECT_EQ(stats->by_state.at(S::generating), 1);
  auto kept = store->events(moved, 0);
  ASSERT_TRUE(kept);
  ASSERT_EQ(kept->size(), before.size());
  for (std::size_t i = 0; i < before.size(); ++i) {
    EXPECT_EQ((*kept)[i].seq, before[i].seq);
    EXPECT_EQ((*kept)[i].state, before[i].state);
  }

  // The counts follow transitions made after the migration, and new events are
  // numbered after the old ones.
  ASSERT_TRUE(drive(*store, moved, worker, clock.now(), {S::failed}));
  stats = store->stats(clock.now());
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->by_state.at(S::generating), 0);
  EXPECT_EQ(stats->by_state.at(S::failed), 1);
  auto after = store->events(moved, before.back().seq);
  ASSERT_TRUE(after);
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ(after->front().state, S::failed);
}

TEST(SqliteDatabase, TheReadConnectionCannotWrite) {
  TempDir dir;
  auto db = SqliteDatabase::open(dir.db());
  ASSERT_TRUE(db);
  auto wrote = (*db)->read([](SqliteConnection& conn) -> Result<void> {
    return exec_script(conn.handle(), "CREATE TABLE sneaky (x)", "test");
  });
  ASSERT_FALSE(wrote);
  EXPECT_EQ(wrote.error().code, ErrorCode::storage);
}

}  // namespace
}  // namespace syncreel
