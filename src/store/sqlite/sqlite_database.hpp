// SqliteDatabase: one SQLite file shared by the SQLite stores of a process.
//
// Thread-safety: every method is thread-safe. Writes use one connection and are group
// committed: writers that arrive while a commit is being synced queue up, and the next
// of them to lead runs the whole queue in one BEGIN IMMEDIATE transaction, each write
// in its own SAVEPOINT, then syncs once. Every write is still atomic on its own and is
// durable when write() returns; only the fsync is shared, which is what lets a disk
// that syncs ~200 times a second carry thousands of writes a second. Reads use a
// second connection under its own mutex, so in WAL mode a reader never waits for a
// sync. Across processes SQLite's file locks serialise writers: a writer retries for
// up to the busy timeout, then gets Error::unavailable.
#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>
#include <vector>

#include "core/error.hpp"
#include "store/sqlite/sqlite_handle.hpp"

namespace syncreel {

enum class Durability {
  full,    // synchronous=FULL: a commit is on disk when it returns (survives power loss)
  normal,  // synchronous=NORMAL: survives a crash of the process, not of the machine
};

struct SqliteOptions {
  Durability durability = Durability::full;
  std::chrono::milliseconds busy_timeout{5000};
  // Migrate no further than this schema version (0: this build's). Only for tests of
  // the migrations themselves, which need a file as an older build left it.
  int schema_version = 0;
};

class SqliteDatabase {
 public:
  // Opens (creating if missing) `file` in WAL mode and migrates its schema to this
  // build's version. The parent folder must exist. Opening an up-to-date file again,
  // from this or another process, is harmless. Errors: storage (cannot open, or the
  // file's schema is newer than this build), unavailable (locked past the timeout).
  static Result<std::shared_ptr<SqliteDatabase>> open(const std::filesystem::path& file,
                                                      const SqliteOptions& options = {});

  // The schema version (PRAGMA user_version) this build migrates to.
  static int schema_version();

  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;
  ~SqliteDatabase();

  // Runs `fn(conn)` on the write connection inside a write transaction and returns once
  // its changes are durable: kept when `fn` returns a value, rolled back when it returns
  // an error. If the shared commit fails, every write of the batch gets its error.
  // `fn` may run on another caller's thread (the batch leader); it must not call read()
  // or write().
  template <class F>
  std::invoke_result_t<F&, SqliteConnection&> write(F&& fn) {
    using R = std::invoke_result_t<F&, SqliteConnection&>;
    struct Context {
      F& fn;
      std::optional<R> result;
    };
    Context ctx{fn, std::nullopt};
    PendingWrite op;
    op.context = &ctx;
    op.run = [](void* c, SqliteConnection& conn) {
      auto& x = *static_cast<Context*>(c);
      x.result.emplace(x.fn(conn));
      return x.result->has_value();
    };
    op.fail = [](void* c, const Error& e) { static_cast<Context*>(c)->result.emplace(std::unexpected(e)); };
    submit(op);
    return std::move(*ctx.result);
  }

  // Runs `fn(conn)` inside a read transaction on the read connection: every statement
  // sees the same snapshot, so a job row and its stage rows always agree.
  template <class F>
  std::invoke_result_t<F&, SqliteConnection&> read(F&& fn);

 private:
  struct Slot;
  // One queued write, living on its caller's stack until `done`.
  struct PendingWrite {
    void* context = nullptr;
    bool (*run)(void* context, SqliteConnection& conn) = nullptr;  // true: fn succeeded
    void (*fail)(void* context, const Error& error) = nullptr;      // replaces the result
    bool failed = false;  // fn returned an error: keep it even if the batch fails
    bool done = false;    // guarded by queue_mutex_
  };

  SqliteDatabase(std::unique_ptr<Slot> writer, std::unique_ptr<Slot> reader);
  // Queues `op` and returns when it is done, leading a batch if no one else is.
  void submit(PendingWrite& op);
  void run_batch(const std::vector<PendingWrite*>& batch);

  std::unique_ptr<Slot> writer_;
  std::unique_ptr<Slot> reader_;

  std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::vector<PendingWrite*> queue_;  // not yet taken by a leader
  bool leading_ = false;              // a batch is running
};

// While SQLite reports the database busy, sleep briefly and retry until the timeout.
// SQLite's own handler sleeps 1-100 ms per try, far longer than a write transaction
// lasts, which starves a second process under load.
struct BusyWait {
  std::chrono::milliseconds timeout{};
  std::chrono::steady_clock::time_point since{};
};

struct SqliteDatabase::Slot {
  explicit Slot(SqlitePtr db) : conn(std::move(db)) {}
  std::mutex mutex;
  SqliteConnection conn;
  BusyWait busy;
};

template <class F>
std::invoke_result_t<F&, SqliteConnection&> SqliteDatabase::read(F&& fn) {
  std::lock_guard lock(reader_->mutex);
  auto tx = Transaction::begin(reader_->conn, /*immediate=*/false);
  if (!tx) return fail(tx.error());
  auto out = fn(reader_->conn);
  if (!out) return out;  // ~Transaction ends the read transaction
  if (auto ok = tx->commit(); !ok) return fail(ok.error());
  return out;
}

}  // namespace syncreel
