// Jobs per second through the orchestrator, with an instant provider and durable
// (synchronous=FULL) SQLite writes, against the floor: the same number of durable
// SQLite commits made directly, with no orchestrator around them.
//
//   build/bench/orchestrator_throughput [jobs] [workers]
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "blob/fs/fs_blob_store.hpp"
#include "orchestrator/orchestrator.hpp"
#include "store/sqlite/sqlite_job_store.hpp"

namespace {

using namespace syncreel;
namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;

constexpr int kClients = 4;  // concurrent API clients creating jobs

// Renders nothing and returns at once: what is measured is the orchestration.
class InstantProvider final : public Provider {
 public:
  std::string_view name() const override { return "local"; }
  bool renders_in_process() const override { return true; }
  Result<Submission> submit(const JobId& id, const JobSpec&) override { return Submission{"instant-" + id, "instant"}; }
  Result<TaskPoll> poll(const std::string&) override { return TaskPoll{TaskStatus::succeeded}; }
  Result<void> cancel(const std::string&) override { return {}; }
  Result<Artifacts> fetch(const FetchContext&) override { return Artifacts{}; }
};

fs::path temp_dir() {
  std::string tmpl = (fs::temp_directory_path() / "syncreel-bench-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) std::abort();
  return tmpl;
}

// The floor: `commits` durable single-row transactions on a WAL database.
double raw_commits_per_sec(const fs::path& dir, int commits) {
  sqlite3* db = nullptr;
  sqlite3_open((dir / "raw.db").c_str(), &db);
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);",
               nullptr, nullptr, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO t(v) VALUES ('a job row of a realistic length, give or take')", -1, &stmt,
                     nullptr);
  const auto start = Steady::now();
  for (int i = 0; i < commits; ++i) {
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    sqlite3_step(stmt);
    sqlite3_reset(stmt);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  }
  const double secs = std::chrono::duration<double>(Steady::now() - start).count();
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return commits / secs;
}

}  // namespace

int main(int argc, char** argv) {
  const int jobs = argc > 1 ? std::atoi(argv[1]) : 2000;
  const int workers = argc > 2 ? std::atoi(argv[2]) : OrchestratorConfig{}.workers;
  const fs::path dir = temp_dir();

  auto store = SqliteJobStore::open(dir / "jobs.db");
  auto blobs = FsBlobStore::create(dir / "blobs");
  if (!store || !blobs) {
    std::fprintf(stderr, "cannot open stores in %s\n", dir.c_str());
    return 1;
  }
  ProviderSet providers;
  providers.add(std::make_unique<InstantProvider>());
  obs::JsonLog log(nullptr);
  obs::MetricsRegistry metrics;
  SystemClock clock;
  OrchestratorConfig config;
  config.workers = workers;
  config.scratch_root = dir / "scratch";
  Orchestrator orch(config, **store, **blobs, providers, log, metrics, clock);

  JobSpec spec;
  spec.prompt = "A lighthouse at dawn";
  spec.consent = true;
  // Jobs are created while the workers run, as in service: creation is part of the cost.
  // They arrive from several clients at once, as requests do on concurrent HTTP
  // connections; one client alone would wait for every create's commit in turn.
  if (!orch.start()) return 1;
  const auto start = Steady::now();
  std::atomic<bool> create_failed{false};
  {
    std::vector<std::jthread> clients;
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back([&, c] {
        for (int i = c; i < jobs; i += kClients) {
          if (!orch.create("usr_bench", spec, "", "")) create_failed = true;
        }
      });
    }
  }
  if (create_failed) {
    std::fprintf(stderr, "a create failed\n");
    return 1;
  }
  // The orchestrator's own transition counter says when all are published, without
  // adding queries to the store under test.
  obs::Counter& published = metrics.counter("job_transitions_total", "", {{"to", "published"}});
  while (published.value() < jobs) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const double secs = std::chrono::duration<double>(Steady::now() - start).count();
  orch.stop();
  const double jobs_per_sec = jobs / secs;

  // Each job is one create plus four transitions (submitted, generating, moderating,
  // published): five durable commits.
  constexpr int kCommitsPerJob = 5;
  const double raw = raw_commits_per_sec(dir, jobs * kCommitsPerJob);
  const double floor_jobs_per_sec = raw / kCommitsPerJob;

  std::printf("orchestrator: %d jobs from %d clients, %d workers, synchronous=FULL\n", jobs, kClients, workers);
  std::printf("  syncreel            %8.0f jobs/s  (%.2f s)\n", jobs_per_sec, secs);
  std::printf("  raw sqlite commits  %8.0f commits/s = %.0f jobs/s at %d commits per job\n", raw, floor_jobs_per_sec,
              kCommitsPerJob);
  std::printf("  ratio syncreel/raw  %8.2f   goal: >= 500 jobs/s -> %s\n", jobs_per_sec / floor_jobs_per_sec,
              jobs_per_sec >= 500 ? "met" : "NOT met");
  std::error_code ec;
  fs::remove_all(dir, ec);
  return 0;
}
