// JobDocumentCache: rendered job documents for GET /v1/jobs/{id}, so that polling a job
// costs a map lookup instead of a store read, a decode and a render.
//
// Freshness: each cached job holds a JobService subscription, and every change the
// service reports (all transitions and progress ticks, per its contract) invalidates
// the entry at once; a fill that raced with a change is discarded. `ttl` bounds what
// the service cannot report, such as a change written by another process sharing the
// store. Ownership is checked on every hit against the cached owner, so a hit never
// shows a job to someone the service would refuse.
// Bounded (LRU, `capacity` jobs). Thread-safe: one mutex, never held while calling the
// service or rendering.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "api/auth.hpp"
#include "api/job_json.hpp"
#include "orchestrator/job_service.hpp"

namespace syncreel::api {

class JobDocumentCache {
 public:
  // Not owned; all must outlive the cache. `ttl` of zero disables caching.
  JobDocumentCache(JobService& jobs, const JobRenderer& renderer, const Clock& clock,
                   std::chrono::milliseconds ttl, std::size_t capacity = 1024);
  ~JobDocumentCache();

  // The job document as `viewer` may see it (moderators and admins see any job).
  // Errors: those of JobService::get (not_found for a missing or foreign job).
  Result<std::shared_ptr<const std::string>> get(const Principal& viewer, const JobId& id);

  // Drops the job's entry (after a change made through the API itself).
  void invalidate(const JobId& id);

 private:
  struct Entry {
    JobId id;
    UserId owner;
    // Bumped by the subscription on every change; a document is valid only for the
    // generation it was rendered at.
    std::shared_ptr<std::atomic<std::uint64_t>> generation;
    std::uint64_t rendered_at_generation = 0;
    std::shared_ptr<const std::string> as_owner;       // null until rendered
    std::shared_ptr<const std::string> as_privileged;  // null until rendered
    TimePoint expires{};
    std::unique_ptr<Subscription> subscription;
  };
  using Lru = std::list<Entry>;

  Result<std::shared_ptr<const std::string>> render_uncached(const Principal& viewer, const JobId& id) const;
  // Under mu_: removes the least recently used entries beyond capacity, handing their
  // subscriptions to `dead` so that they are released after the lock.
  void evict_locked(std::vector<std::unique_ptr<Subscription>>& dead);

  JobService& jobs_;
  const JobRenderer& renderer_;
  const Clock& clock_;
  const std::chrono::milliseconds ttl_;
  const std::size_t capacity_;
  std::mutex mu_;
  Lru lru_;                                                 // guarded by mu_; most recent first
  std::unordered_map<std::string_view, Lru::iterator> index_;  // guarded by mu_; keys view Entry::id
};

}  // namespace syncreel::api
