// SeedanceProvider's exactly-once helpers: finding the task of a create whose answer was
// lost, and remembering which jobs need that check.
#include <algorithm>
#include <vector>

#include "providers/seedance/seedance_mapping.hpp"
#include "providers/seedance/seedance_provider.hpp"

namespace syncreel {
namespace {

// Ark stamps tasks in whole seconds on its own clock; allow it to run slightly behind.
constexpr std::chrono::seconds kClockSlack{2};
constexpr int kPageSize = 100;
// The list covers 7 days and Ark caps an account's queue near 120 tasks; 500 recent
// tasks is far more than can have been created since a lost answer.
constexpr int kMaxPages = 5;
// Segments remembered at once; beyond that the oldest is dropped (its job then risks one
// duplicate task rather than this map growing without bound).
constexpr std::size_t kMaxPending = 4096;

}  // namespace

Result<std::optional<std::string>> SeedanceProvider::find_task_created_by(const JobSpec& spec,
                                                                          TimePoint submitted_after) {
  SegmentRequest whole;
  whole.duration_sec = spec.duration_sec;
  return find_task_created_by(spec, whole, submitted_after);
}

Result<std::optional<std::string>> SeedanceProvider::find_task_created_by(const JobSpec& spec,
                                                                          const SegmentRequest& segment,
                                                                          TimePoint submitted_after) {
  const std::string model = seedance::model_for(spec, config_);
  const std::int64_t seed = seedance::segment_seed(seedance::seed_for(spec), segment.index);
  const std::string_view ratio = seedance::ark_ratio(spec.aspect_ratio);
  const std::string_view resolution = seedance::ark_resolution(spec.resolution);
  const std::int64_t not_before =
      std::chrono::floor<std::chrono::seconds>(submitted_after - kClockSlack).time_since_epoch().count();

  std::vector<std::string> matches;
  for (int page_num = 1; page_num <= kMaxPages; ++page_num) {
    seedance::ListQuery query;
    query.page_num = page_num;
    query.page_size = kPageSize;
    query.model = model;
    auto page = guarded<seedance::TaskPage>([&] { return client_.list_tasks(query); });
    if (!page) return fail(std::move(page.error().error));
    for (const seedance::ArkTask& t : page->items) {
      // The list does not echo prompts; the seed (derived from the prompt unless the job
      // chose one) and the shape of the clip identify the request instead.
      if (t.created_at >= not_before && t.seed == seed && t.ratio == ratio && t.resolution == resolution &&
          t.duration == segment.duration_sec && std::find(matches.begin(), matches.end(), t.id) == matches.end()) {
        matches.push_back(t.id);
      }
    }
    if (static_cast<int>(page->items.size()) < kPageSize || std::int64_t{page_num} * kPageSize >= page->total) {
      break;
    }
  }
  if (matches.empty()) return std::optional<std::string>{};
  if (matches.size() > 1) {
    return fail(Error::conflict(std::to_string(matches.size()) +
                                " recent Seedance tasks match this job's lost create (same prompt seed and shape); "
                                "cannot tell which one is its own"));
  }
  return std::optional<std::string>{matches.front()};
}

std::optional<TimePoint> SeedanceProvider::pending_since(const PendingKey& key) const {
  std::lock_guard lock(pending_mutex_);
  const auto it = pending_creates_.find(key);
  if (it == pending_creates_.end()) return std::nullopt;
  return it->second;
}

void SeedanceProvider::remember_pending(const PendingKey& key, TimePoint since) {
  std::lock_guard lock(pending_mutex_);
  // The first lost create is the earliest a task can date from: keep it.
  pending_creates_.emplace(key, since);
  if (pending_creates_.size() > kMaxPending) {
    const auto oldest = std::min_element(pending_creates_.begin(), pending_creates_.end(),
                                         [](const auto& a, const auto& b) { return a.second < b.second; });
    pending_creates_.erase(oldest);
  }
}

void SeedanceProvider::forget_pending(const PendingKey& key) {
  std::lock_guard lock(pending_mutex_);
  pending_creates_.erase(key);
}

}  // namespace syncreel
