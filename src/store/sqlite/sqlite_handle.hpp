// RAII owners and thin helpers over the SQLite C API, private to the SQLite stores.
//
// None of these types is thread-safe: each is used by one thread at a time, under the
// mutex of the SqliteDatabase connection it belongs to.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/error.hpp"

namespace syncreel {

struct SqliteCloser {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
struct SqliteFinalizer {
  void operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }
};
using SqlitePtr = std::unique_ptr<sqlite3, SqliteCloser>;
using StatementPtr = std::unique_ptr<sqlite3_stmt, SqliteFinalizer>;

// Busy and locked mean another connection kept the write lock past the busy timeout:
// worth retrying later (unavailable). A unique or primary key violation is a
// conflict with an existing row. Anything else is a storage failure. Needs extended
// result codes (SQLITE_OPEN_EXRESCODE).
inline Error sqlite_error(sqlite3* db, int rc, std::string_view what) {
  std::string msg = "sqlite: " + std::string(what) + ": ";
  msg += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return Error::unavailable(std::move(msg));
  if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE) return Error::conflict(std::move(msg));
  return Error::storage(std::move(msg));
}

// One execution of a cached prepared statement. Parameters are 1-based as in SQL
// (?1, ?2...); the first bind failure is kept and reported by step()/run(). The
// destructor resets the statement so it never holds a read snapshot open.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& other) noexcept
      : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), bind_rc_(other.bind_rc_) {}
  Statement& operator=(Statement&&) = delete;
  ~Statement() {
    if (stmt_ == nullptr) return;
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  Statement& bind_int64(int index, std::int64_t v) { return check(sqlite3_bind_int64(stmt_, index, v)); }
  Statement& bind_double(int index, double v) { return check(sqlite3_bind_double(stmt_, index, v)); }
  Statement& bind_null(int index) { return check(sqlite3_bind_null(stmt_, index)); }
  // Copies the text (SQLITE_TRANSIENT): callers may pass temporaries.
  Statement& bind_text(int index, std::string_view v) {
    return check(sqlite3_bind_text64(stmt_, index, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  }

  // true: a row is ready for the column getters; false: the statement is done.
  Result<bool> step() {
    if (bind_rc_ != SQLITE_OK) return fail(sqlite_error(db_, bind_rc_, "bind"));
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return fail(sqlite_error(db_, rc, "step"));
  }
  // Steps to completion, for statements whose rows (if any) do not matter.
  Result<void> run() {
    for (;;) {
      auto row = step();
      if (!row) return fail(row.error());
      if (!*row) return {};
    }
  }

  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const { return sqlite3_column_double(stmt_, col); }
  std::string text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p == nullptr ? std::string{} : std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
  }

 private:
  Statement& check(int rc) {
    if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
    return *this;
  }

  sqlite3* db_;
  sqlite3_stmt* stmt_;
  int bind_rc_ = SQLITE_OK;
};

// Runs SQL text that may hold several statements (migrations, pragmas); not cached.
inline Result<void> exec_script(sqlite3* db, const char* sql, std::string_view what) {
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return fail(sqlite_error(db, rc, what));
  return {};
}

// An open connection and its prepared-statement cache: each distinct SQL text is
// compiled once per connection and reused, which is most of the cost of small queries.
class SqliteConnection {
 public:
  explicit SqliteConnection(SqlitePtr db) : db_(std::move(db)) {}

  sqlite3* handle() const { return db_.get(); }

  // The cached statement for `sql` (one statement), prepared on first use. Only one
  // Statement per SQL text may be alive at a time.
  Result<Statement> prepare(std::string_view sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
      sqlite3_stmt* raw = nullptr;
      const int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                        SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
      StatementPtr owned(raw);
      if (rc != SQLITE_OK) return fail(sqlite_error(db_.get(), rc, "prepare"));
      it = cache_.emplace(std::string(sql), std::move(owned)).first;
    }
    return Statement(db_.get(), it->second.get());
  }

  // Runs one cached statement that takes no parameters.
  Result<void> exec(std::string_view sql) {
    auto stmt = prepare(sql);
    if (!stmt) return fail(stmt.error());
    return stmt->run();
  }

  // Rows changed by the last INSERT/UPDATE/DELETE on this connection.
  std::int64_t changes() const { return sqlite3_changes64(db_.get()); }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  SqlitePtr db_;  // declared first: destroyed after the statements it owns
  std::unordered_map<std::string, StatementPtr, Hash, std::equal_to<>> cache_;
};

// A transaction, rolled back on scope exit unless committed. `immediate` (writes) takes
// the database's write lock up front, so a read-then-write such as a claim cannot
// interleave with another connection's, in this process or another; otherwise it is a
// read transaction, one consistent snapshot.
class Transaction {
 public:
  static Result<Transaction> begin(SqliteConnection& conn, bool immediate = true) {
    if (auto ok = conn.exec(immediate ? "BEGIN IMMEDIATE" : "BEGIN"); !ok) return fail(ok.error());
    return Transaction(conn);
  }
  Transaction(Transaction&& other) noexcept : conn_(std::exchange(other.conn_, nullptr)) {}
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction() {
    // A failed COMMIT can leave the transaction open; autocommit tells the truth.
    if (conn_ != nullptr && sqlite3_get_autocommit(conn_->handle()) == 0) (void)conn_->exec("ROLLBACK");
  }

  Result<void> commit() {
    auto ok = conn_->exec("COMMIT");
    if (ok) conn_ = nullptr;
    return ok;
  }

 private:
  explicit Transaction(SqliteConnection& conn) : conn_(&conn) {}
  SqliteConnection* conn_;
};

}  // namespace syncreel
