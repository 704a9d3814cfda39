#include "store/sqlite/sqlite_database.hpp"

#include <algorithm>
#include <array>
#include <exception>
#include <string>
#include <thread>

namespace syncreel {
namespace {

// Schema migrations, oldest first: step i takes user_version i to i + 1 in one
// transaction. Append only: a step that has shipped is never edited, because files
// that already ran it would not run it again.
//
// The state lists in the partial indexes are spelled exactly like the queries in
// sqlite_job_store.cpp: SQLite only uses a partial index for a query whose WHERE
// clause repeats the index's condition term for term.
constexpr std::array<const char*, 5> kMigrations = {
    R"sql(
CREATE TABLE jobs (
  id TEXT PRIMARY KEY NOT NULL,
  user_id TEXT NOT NULL,
  state TEXT NOT NULL,
  progress INTEGER NOT NULL DEFAULT 0,
  spec TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  published_at INTEGER,
  provider_task_id TEXT NOT NULL DEFAULT '',
  model_version TEXT NOT NULL DEFAULT '',
  tokens_used INTEGER NOT NULL DEFAULT 0,
  cost_usd REAL,
  outputs TEXT,
  moderation TEXT,
  error TEXT,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  idempotency_key TEXT NOT NULL DEFAULT '',
  request_fingerprint TEXT NOT NULL DEFAULT '',
  lease_owner TEXT,
  lease_expires_at INTEGER,
  run_after INTEGER NOT NULL
);
CREATE UNIQUE INDEX jobs_idempotency ON jobs(user_id, idempotency_key) WHERE idempotency_key <> '';
CREATE INDEX jobs_claim ON jobs(run_after, id)
  WHERE state IN ('queued', 'submitted', 'generating', 'processing', 'moderating');
CREATE INDEX jobs_user ON jobs(user_id, id DESC);
CREATE INDEX jobs_state ON jobs(state);

CREATE TABLE stage_timings (
  job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  PRIMARY KEY (job_id, seq)
) WITHOUT ROWID;

CREATE TABLE job_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  state TEXT NOT NULL,
  progress INTEGER NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX job_events_job ON job_events(job_id, seq);
CREATE INDEX job_events_finished ON job_events(at) WHERE state IN ('published', 'blocked', 'failed');

CREATE TABLE api_keys (
  key_id TEXT PRIMARY KEY NOT NULL,
  user_id TEXT NOT NULL,
  role TEXT NOT NULL,
  secret_hash TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
)sql",
    // 2: provider callbacks name a task; find its job without scanning every row.
    R"sql(
CREATE INDEX jobs_task ON jobs(provider_task_id) WHERE provider_task_id <> '';
)sql",
    // 3: jobs made as several remote tasks (one per segment), notes for the owner, and
    // transient provider failures counted in a row rather than claims.
    R"sql(
ALTER TABLE jobs ADD COLUMN provider_tasks TEXT;
ALTER TABLE jobs ADD COLUMN notes TEXT;
ALTER TABLE jobs ADD COLUMN transient_failures INTEGER NOT NULL DEFAULT 0;
)sql",
    // 4: the QC figures of a processed provider clip.
    R"sql(
ALTER TABLE jobs ADD COLUMN qc TEXT;
)sql",
    // 5: fewer pages written per transition, because every page a commit dirties is
    // written and synced again. The jobs-by-state gauge reads a one-page table of counts
    // kept by triggers instead of an index on every row's state (which cost two or three
    // page writes per transition). Event sequence numbers come from the rowid rather than
    // AUTOINCREMENT's sqlite_sequence row: a job's events still get increasing numbers,
    // since a new event is always numbered above every stored one.
    R"sql(
CREATE TABLE job_state_counts (
  state TEXT PRIMARY KEY NOT NULL,
  jobs INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO job_state_counts (state, jobs) SELECT state, COUNT(*) FROM jobs GROUP BY state;
CREATE TRIGGER jobs_count_insert AFTER INSERT ON jobs BEGIN
  INSERT INTO job_state_counts (state, jobs) VALUES (new.state, 1)
    ON CONFLICT (state) DO UPDATE SET jobs = jobs + 1;
END;
CREATE TRIGGER jobs_count_update AFTER UPDATE OF state ON jobs WHEN old.state <> new.state BEGIN
  UPDATE job_state_counts SET jobs = jobs - 1 WHERE state = old.state;
  INSERT INTO job_state_counts (state, jobs) VALUES (new.state, 1)
    ON CONFLICT (state) DO UPDATE SET jobs = jobs + 1;
END;
CREATE TRIGGER jobs_count_delete AFTER DELETE ON jobs BEGIN
  UPDATE job_state_counts SET jobs = jobs - 1 WHERE state = old.state;
END;
DROP INDEX jobs_state;

CREATE TABLE job_events_v5 (
  seq INTEGER PRIMARY KEY,
  job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  state TEXT NOT NULL,
  progress INTEGER NOT NULL,
  at INTEGER NOT NULL
);
INSERT INTO job_events_v5 (seq, job_id, state, progress, at) SELECT seq, job_id, state, progress, at FROM job_events;
DROP TABLE job_events;
ALTER TABLE job_events_v5 RENAME TO job_events;
CREATE INDEX job_events_job ON job_events(job_id, seq);
CREATE INDEX job_events_finished ON job_events(at) WHERE state IN ('published', 'blocked', 'failed');
)sql",
};

int busy_wait(void* arg, int attempt) {
  auto* wait = static_cast<BusyWait*>(arg);
  const auto now = std::chrono::steady_clock::now();
  if (attempt == 0) wait->since = now;
  if (now - wait->since >= wait->timeout) return 0;  // give up: the caller gets SQLITE_BUSY
  using std::chrono::microseconds;
  const auto pause = attempt < 20 ? microseconds(100) : attempt < 100 ? microseconds(500) : microseconds(2000);
  std::this_thread::sleep_for(pause);
  return 1;
}

Result<std::string> pragma_text(SqliteConnection& conn, const char* sql) {
  auto stmt = conn.prepare(sql);
  if (!stmt) return fail(stmt.error());
  auto row = stmt->step();
  if (!row) return fail(row.error());
  return *row ? stmt->text(0) : std::string{};
}

Result<std::unique_ptr<SqliteConnection>> connect(const std::filesystem::path& file, const SqliteOptions& options,
                                                  BusyWait& busy, bool read_only) {
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  const int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  SqlitePtr db(raw);  // owns the handle even when opening failed
  if (rc != SQLITE_OK) {
    return fail(sqlite_error(db.get(), rc, "cannot open " + file.string()));
  }
  busy.timeout = options.busy_timeout;
  sqlite3_busy_handler(db.get(), busy_wait, &busy);
  auto conn = std::make_unique<SqliteConnection>(std::move(db));

  auto mode = pragma_text(*conn, "PRAGMA journal_mode=WAL");
  if (!mode) return fail(mode.error());
  if (*mode != "wal") {
    return fail(Error::storage("sqlite: " + file.string() + " cannot use WAL journaling (got '" + *mode + "')"));
  }
  // journal_size_limit: after a burst, the WAL file shrinks back to 64 MiB instead of
  // keeping its high-water mark on disk.
  const char* pragmas =
      options.durability == Durability::full
          ? "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA journal_size_limit=67108864;"
          : "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA journal_size_limit=67108864;";
  if (auto ok = exec_script(conn->handle(), pragmas, "configure"); !ok) return fail(ok.error());
  if (read_only) {
    // The read connection must never write: a write there would bypass the writer mutex.
    if (auto ok = exec_script(conn->handle(), "PRAGMA query_only=ON;", "configure"); !ok) return fail(ok.error());
  }
  return conn;
}

Result<int> user_version(SqliteConnection& conn) {
  auto stmt = conn.prepare("PRAGMA user_version");
  if (!stmt) return fail(stmt.error());
  auto row = stmt->step();
  if (!row) return fail(row.error());
  return *row ? static_cast<int>(stmt->int64(0)) : 0;
}

Result<void> migrate(SqliteConnection& conn, int target) {
  for (;;) {
    // The version is read under the write lock: another process may be migrating too.
    auto tx = Transaction::begin(conn);
    if (!tx) return fail(tx.error());
    auto version = user_version(conn);
    if (!version) return fail(version.error());
    if (*version > target) {
      return fail(Error::storage("database schema version " + std::to_string(*version) +
                                 " is newer than this build supports (" + std::to_string(target) +
                                 "); upgrade syncreel or use another database file"));
    }
    if (*version < 0) return fail(Error::storage("database schema version is negative: not a syncreel database"));
    if (*version == target) return tx->commit();
    if (auto ok = exec_script(conn.handle(), kMigrations[static_cast<std::size_t>(*version)], "migrate"); !ok) {
      return fail(ok.error());
    }
    // PRAGMA takes no bound parameters; the value is our own integer.
    const std::string bump = "PRAGMA user_version=" + std::to_string(*version + 1);
    if (auto ok = exec_script(conn.handle(), bump.c_str(), "migrate"); !ok) return fail(ok.error());
    if (auto ok = tx->commit(); !ok) return fail(ok.error());
  }
}

}  // namespace

void SqliteDatabase::submit(PendingWrite& op) {
  std::unique_lock lock(queue_mutex_);
  queue_.push_back(&op);
  queue_cv_.wait(lock, [&] { return op.done || !leading_; });
  if (op.done) return;
  // Lead: take everything queued so far (our own write included) as one batch.
  leading_ = true;
  std::vector<PendingWrite*> batch;
  batch.swap(queue_);
  lock.unlock();
  run_batch(batch);
  lock.lock();
  for (PendingWrite* p : batch) p->done = true;
  leading_ = false;
  // Wakes the batch's writers and lets a queued writer lead the next batch.
  queue_cv_.notify_all();
}

void SqliteDatabase::run_batch(const std::vector<PendingWrite*>& batch) {
  std::lock_guard slot_lock(writer_->mutex);
  SqliteConnection& conn = writer_->conn;
  // Nothing of the batch is kept: every write that had not failed on its own (ran and
  // succeeded, or never ran) reports `error`.
  const auto fail_all = [&](const Error& error) {
    for (PendingWrite* p : batch) {
      if (!p->failed) p->fail(p->context, error);
    }
  };
  auto tx = Transaction::begin(conn);
  if (!tx) return fail_all(tx.error());
  for (PendingWrite* p : batch) {
    if (auto ok = conn.exec("SAVEPOINT write"); !ok) return fail_all(ok.error());
    try {
      p->failed = !p->run(p->context, conn);
    } catch (const std::exception&) {
      // A throwing fn (out of memory) must not take the leader, and the batch, down.
      p->failed = true;
      p->fail(p->context, Error::internal("unexpected exception in a database write"));
    }
    // Errors such as SQLITE_FULL or SQLITE_IOERR roll the whole transaction back.
    if (sqlite3_get_autocommit(conn.handle()) != 0) {
      return fail_all(Error::storage("sqlite: a write failed and aborted its transaction"));
    }
    if (p->failed) {
      if (auto ok = conn.exec("ROLLBACK TO write"); !ok) return fail_all(ok.error());
    }
    if (auto ok = conn.exec("RELEASE write"); !ok) return fail_all(ok.error());
  }
  if (auto ok = tx->commit(); !ok) return fail_all(ok.error());
}

int SqliteDatabase::schema_version() { return static_cast<int>(kMigrations.size()); }

SqliteDatabase::SqliteDatabase(std::unique_ptr<Slot> writer, std::unique_ptr<Slot> reader)
    : writer_(std::move(writer)), reader_(std::move(reader)) {}

SqliteDatabase::~SqliteDatabase() = default;

Result<std::shared_ptr<SqliteDatabase>> SqliteDatabase::open(const std::filesystem::path& file,
                                                             const SqliteOptions& options) {
  // Each slot's BusyWait must have its final address before the handler points at it.
  auto make_slot = [&](bool read_only) -> Result<std::unique_ptr<Slot>> {
    auto slot = std::make_unique<Slot>(nullptr);
    auto conn = connect(file, options, slot->busy, read_only);
    if (!conn) return fail(conn.error());
    slot->conn = std::move(**conn);
    return slot;
  };
  auto writer = make_slot(false);
  if (!writer) return fail(writer.error());
  const int target = options.schema_version > 0 ? std::min(options.schema_version, schema_version()) : schema_version();
  if (auto ok = migrate((*writer)->conn, target); !ok) return fail(ok.error());
  auto reader = make_slot(true);
  if (!reader) return fail(reader.error());
  return std::shared_ptr<SqliteDatabase>(new SqliteDatabase(std::move(*writer), std::move(*reader)));
}

}  // namespace syncreel
