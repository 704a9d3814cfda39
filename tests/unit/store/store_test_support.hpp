// Helpers shared by the store tests: a temporary folder, sample jobs, and driving a
// job through states with a lease.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "store/sqlite/sqlite_job_store.hpp"

namespace syncreel::store_testing {

// A fresh folder under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    const auto base = std::filesystem::temp_directory_path() / "syncreel-store-XXXXXX";
    std::string pattern = base.string();
    if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path db() const { return path_ / "syncreel.db"; }

 private:
  std::filesystem::path path_;
};

inline JobSpec sample_spec() {
  JobSpec spec;
  spec.prompt = "A lighthouse at dawn, waves crashing";
  spec.consent = true;
  return spec;
}

inline NewJob new_job(const ManualClock& clock, const UserId& user = "user-1", std::string key = {},
                      std::string fingerprint = {}) {
  return NewJob{new_job_id(clock.now()), user, sample_spec(), clock.now(), std::move(key), std::move(fingerprint)};
}

// A store on a fresh database in `dir`.
inline std::unique_ptr<SqliteJobStore> open_store(const TempDir& dir, const SqliteOptions& options = {}) {
  auto db = SqliteDatabase::open(dir.db(), options);
  if (!db) {
    ADD_FAILURE() << "open: " << db.error().message;
    return nullptr;
  }
  return std::make_unique<SqliteJobStore>(*db);
}

inline JobUpdate to_state(JobState s) {
  JobUpdate u;
  u.state = s;
  return u;
}

// Applies each state in turn as `worker`, which must hold the lease. Returns the last
// stored job (or the failure).
inline Result<Job> drive(JobStore& store, const JobId& id, const WorkerId& worker, TimePoint now,
                         const std::vector<JobState>& path) {
  Result<Job> job = store.get(id);
  for (JobState s : path) {
    job = store.update(id, worker, now, to_state(s));
    if (!job) return job;
  }
  return job;
}

// The legal path from a fresh queued job to `target`.
inline std::vector<JobState> path_to(JobState target) {
  using S = JobState;
  switch (target) {
    case S::queued: return {};
    case S::submitted: return {S::submitted};
    case S::generating: return {S::submitted, S::generating};
    case S::processing: return {S::submitted, S::generating, S::processing};
    case S::moderating: return {S::submitted, S::generating, S::processing, S::moderating};
    case S::published: return {S::submitted, S::generating, S::processing, S::moderating, S::published};
    case S::in_review: return {S::submitted, S::generating, S::processing, S::moderating, S::in_review};
    case S::blocked: return {S::submitted, S::generating, S::processing, S::moderating, S::blocked};
    case S::failed: return {S::failed};
    case S::cancelled: return {S::cancelled};
  }
  return {};
}

}  // namespace syncreel::store_testing
