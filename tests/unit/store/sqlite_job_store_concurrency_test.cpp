// SqliteJobStore under contention: threads of one process, and two processes sharing
// one database file. Workers never sleep: leases are long and the clock is manual.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "store/sqlite/sqlite_job_store.hpp"
#include "store_test_support.hpp"

namespace syncreel {
namespace {

using namespace std::chrono_literals;
using namespace store_testing;
using S = JobState;

constexpr auto kLease = 10min;
const std::vector<S> kFullHistory = {S::queued,     S::submitted,  S::generating,
                                     S::processing, S::moderating, S::published};

struct WorkLog {
  std::vector<JobId> claimed;
  int completed = 0;
  std::string error;  // first unexpected outcome; empty when all went well
};

// Claims until nothing is claimable. A queued job is submitted in one lease
// (`hand_over` releases it so any worker may resume it), the rest runs in the next;
// otherwise one lease takes it to the end. Each job first gets an illegal move, which
// must fail without disturbing writes committed in the same batch.
WorkLog work(JobStore& store, const WorkerId& worker, TimePoint now, bool hand_over) {
  WorkLog log;
  const auto note = [&](const std::string& what) {
    if (log.error.empty()) log.error = worker + ": " + what;
  };
  for (;;) {
    auto got = store.claim(worker, now, kLease);
    if (!got) {
      note("claim: " + got.error().message);
      return log;
    }
    if (!*got) return log;
    const Job job = std::move(**got);
    log.claimed.push_back(job.id);
    std::vector<S> path;
    if (job.state == S::queued) {
      auto bad = store.update(job.id, worker, now, to_state(S::published));
      if (bad || bad.error().code != ErrorCode::invalid_argument) note("illegal move was not refused");
      if (hand_over) {
        JobUpdate submit = to_state(S::submitted);
        submit.provider_task_id = "task-" + job.id;
        submit.release_lease = true;
        submit.run_after = now;
        if (auto ok = store.update(job.id, worker, now, submit); !ok) note("submit: " + ok.error().message);
        continue;
      }
      path.push_back(S::submitted);
    } else if (job.state != S::submitted) {
      note("claimed a job in state " + std::string(to_string(job.state)));
      continue;
    }
    for (S s : {S::generating, S::processing, S::moderating, S::published}) path.push_back(s);
    if (auto done = drive(store, job.id, worker, now, path); !done) {
      note("drive: " + done.error().message);
      continue;
    }
    ++log.completed;
  }
}

std::vector<JobId> seed_jobs(JobStore& store, const ManualClock& clock, int count) {
  std::vector<JobId> ids(static_cast<std::size_t>(count));
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < count; i += 8) {
        auto out = store.create(new_job(clock, "user-" + std::to_string(i % 5)));
        if (!out) ++failures;
        else ids[static_cast<std::size_t>(i)] = out->job.id;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  return ids;
}

// Every job reached published exactly once, through each state exactly once.
void expect_each_finished_once(JobStore& store, const std::vector<JobId>& ids, int attempts) {
  for (const JobId& id : ids) {
    auto job = store.get(id);
    ASSERT_TRUE(job) << job.error().message;
    EXPECT_EQ(job->state, S::published) << id;
    EXPECT_EQ(job->attempts, attempts) << id;
    auto events = store.events(id, 0);
    ASSERT_TRUE(events);
    std::vector<S> history;
    for (const JobEvent& e : *events) history.push_back(e.state);
    EXPECT_EQ(history, kFullHistory) << id;
  }
}

TEST(SqliteJobStoreConcurrency, EightThreadsClaimEachJobExactlyOnce) {
  constexpr int kJobs = 500;
  TempDir dir;
  ManualClock clock;
  auto store = open_store(dir);
  ASSERT_TRUE(store);
  const std::vector<JobId> ids = seed_jobs(*store, clock, kJobs);

  std::vector<WorkLog> logs(8);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < logs.size(); ++t) {
    threads.emplace_back([&, t] { logs[t] = work(*store, "w" + std::to_string(t), clock.now(), false); });
  }
  for (auto& th : threads) th.join();

  std::multiset<JobId> claimed;
  int completed = 0;
  for (const WorkLog& log : logs) {
    EXPECT_EQ(log.error, "");
    claimed.insert(log.claimed.begin(), log.claimed.end());
    completed += log.completed;
  }
  EXPECT_EQ(completed, kJobs);
  EXPECT_EQ(claimed.size(), static_cast<std::size_t>(kJobs));
  EXPECT_EQ(std::set<JobId>(claimed.begin(), claimed.end()).size(), static_cast<std::size_t>(kJobs));
  expect_each_finished_once(*store, ids, 1);
  auto stats = store->stats(clock.now());
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->by_state.at(S::published), kJobs);
  EXPECT_EQ(stats->published_last_minute, kJobs);
}

// A child process: waits for the start signal, works with 4 threads on its own
// connection to the file, writes "<completed>\n" to `report`, and _exits (never returns
// into gtest). Exit status 0 when every outcome was as expected.
[[noreturn]] void child(const std::filesystem::path& db, const std::filesystem::path& report, int start_fd,
                        int index) {
  char go = 0;
  const bool started = read(start_fd, &go, 1) == 1;
  auto opened = SqliteDatabase::open(db);
  if (!started || !opened) _exit(2);
  SqliteJobStore store(*opened);
  const ManualClock clock;  // same start in both processes: run_after agrees
  std::vector<WorkLog> logs(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < logs.size(); ++t) {
    const WorkerId worker = "p" + std::to_string(index) + "-w" + std::to_string(t);
    threads.emplace_back([&, t, worker] { logs[t] = work(store, worker, clock.now(), true); });
  }
  for (auto& th : threads) th.join();
  int completed = 0;
  bool clean = true;
  std::ofstream out(report);
  for (const WorkLog& log : logs) {
    completed += log.completed;
    if (!log.error.empty()) {
      clean = false;
      out << "# " << log.error << "\n";
    }
  }
  out << completed << "\n";
  out.close();
  _exit(clean && out ? 0 : 1);
}

TEST(SqliteJobStoreConcurrency, TwoProcessesShareTheQueueAndFinishEachJobOnce) {
  constexpr int kJobs = 200;
  TempDir dir;
  ManualClock clock;
  std::vector<JobId> ids;
  {
    auto store = open_store(dir);
    ASSERT_TRUE(store);
    ids = seed_jobs(*store, clock, kJobs);
  }  // no connection is carried across fork()

  std::vector<pid_t> pids;
  std::vector<int> start_fds;
  for (int i = 0; i < 2; ++i) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(fds[1]);
      child(dir.db(), dir.path() / ("report-" + std::to_string(i)), fds[0], i);
    }
    close(fds[0]);
    pids.push_back(pid);
    start_fds.push_back(fds[1]);
  }
  for (int fd : start_fds) {  // start both at once so they really contend
    EXPECT_EQ(write(fd, "g", 1), 1);
    close(fd);
  }
  int total = 0;
  for (std::size_t i = 0; i < pids.size(); ++i) {
    int status = 0;
    ASSERT_EQ(waitpid(pids[i], &status, 0), pids[i]);
    std::ifstream in(dir.path() / ("report-" + std::to_string(i)));
    std::string line;
    int completed = -1;
    while (std::getline(in, line)) {
      if (line.starts_with("#")) ADD_FAILURE() << "process " << i << line;
      else completed = std::stoi(line);
    }
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "process " << i << " status " << status;
    EXPECT_GT(completed, 0) << "process " << i << " did no work: the test did not contend";
    total += completed;
  }
  EXPECT_EQ(total, kJobs);

  auto store = open_store(dir);
  ASSERT_TRUE(store);
  expect_each_finished_once(*store, ids, 2);
}

}  // namespace
}  // namespace syncreel
