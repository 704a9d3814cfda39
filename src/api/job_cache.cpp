#include "api/job_cache.hpp"

#include <utility>

namespace syncreel::api {

JobDocumentCache::JobDocumentCache(JobService& jobs, const JobRenderer& renderer, const Clock& clock,
                                   std::chrono::milliseconds ttl, std::size_t capacity)
    : jobs_(jobs), renderer_(renderer), clock_(clock), ttl_(ttl), capacity_(capacity == 0 ? 1 : capacity) {}

JobDocumentCache::~JobDocumentCache() = default;

Result<std::shared_ptr<const std::string>> JobDocumentCache::render_uncached(const Principal& viewer,
                                                                             const JobId& id) const {
  const bool privileged = role_at_least(viewer.role, Role::moderator);
  auto job = jobs_.get(viewer.user_id, id, privileged);
  if (!job) return fail(job.error());
  return std::make_shared<const std::string>(renderer_.render(*job, privileged));
}

Result<std::shared_ptr<const std::string>> JobDocumentCache::get(const Principal& viewer, const JobId& id) {
  if (ttl_.count() <= 0) return render_uncached(viewer, id);
  const bool privileged = role_at_least(viewer.role, Role::moderator);
  const TimePoint now = clock_.now();

  std::shared_ptr<std::atomic<std::uint64_t>> generation;
  {
    std::lock_guard lock(mu_);
    if (auto it = index_.find(id); it != index_.end()) {
      Entry& e = *it->second;
      lru_.splice(lru_.begin(), lru_, it->second);
      const auto& doc = privileged ? e.as_privileged : e.as_owner;
      const bool fresh = doc && e.expires > now && e.generation->load() == e.rendered_at_generation;
      if (fresh) {
        if (!privileged && e.owner != viewer.user_id) return fail(Error::not_found("no job with id " + id));
        return doc;
      }
      generation = e.generation;
    }
  }

  // Subscribe before reading, so that a change landing between the read and the fill
  // is seen as a generation bump and the fill is dropped.
  std::unique_ptr<Subscription> subscription;
  if (!generation) {
    generation = std::make_shared<std::atomic<std::uint64_t>>(0);
    subscription = jobs_.subscribe(id, [generation](const Job&) { generation->fetch_add(1); });
  }
  const std::uint64_t read_at = generation->load();
  auto job = jobs_.get(viewer.user_id, id, privileged);
  if (!job) return fail(job.error());
  auto doc = std::make_shared<const std::string>(renderer_.render(*job, privileged));

  std::vector<std::unique_ptr<Subscription>> dead;  // released after the lock
  std::lock_guard lock(mu_);
  auto it = index_.find(id);
  if (it == index_.end()) {
    if (!subscription) return doc;  // evicted meanwhile; the next request starts over
    lru_.push_front(Entry{id, job->user_id, generation, read_at, nullptr, nullptr, now + ttl_, std::move(subscription)});
    it = index_.emplace(lru_.front().id, lru_.begin()).first;
  } else if (it->second->generation != generation) {
    return doc;  // another request created the entry first; it fills it
  }
  Entry& e = *it->second;
  if (generation->load() != read_at) return doc;  // changed while rendering: do not keep it
  if (e.rendered_at_generation != read_at || e.expires <= now) {
    e.as_owner.reset();
    e.as_privileged.reset();
    e.rendered_at_generation = read_at;
    e.expires = now + ttl_;
  }
  e.owner = job->user_id;
  (privileged ? e.as_privileged : e.as_owner) = doc;
  evict_locked(dead);
  return doc;
}

void JobDocumentCache::evict_locked(std::vector<std::unique_ptr<Subscription>>& dead) {
  while (lru_.size() > capacity_) {
    Entry& victim = lru_.back();
    dead.push_back(std::move(victim.subscription));
    index_.erase(victim.id);
    lru_.pop_back();
  }
}

void JobDocumentCache::invalidate(const JobId& id) {
  std::unique_ptr<Subscription> dead;  // released after the lock
  std::lock_guard lock(mu_);
  const auto it = index_.find(id);
  if (it == index_.end()) return;
  dead = std::move(it->second->subscription);
  const Lru::iterator entry = it->second;
  index_.erase(it);
  lru_.erase(entry);
}

}  // namespace syncreel::api
