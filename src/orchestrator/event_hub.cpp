#include "orchestrator/event_hub.hpp"

#include <vector>

namespace syncreel {

struct EventHub::State {
  std::mutex mu;
  std::uint64_t next_token = 1;  // guarded by mu
  // Listeners are shared_ptr so publish can call them after releasing the lock.
  std::multimap<JobId, std::pair<std::uint64_t, std::shared_ptr<JobListener>>> listeners;  // guarded by mu
};

class EventHub::HubSubscription final : public Subscription {
 public:
  HubSubscription(std::weak_ptr<State> state, JobId id, std::uint64_t token)
      : state_(std::move(state)), id_(std::move(id)), token_(token) {}
  ~HubSubscription() override {
    const auto state = state_.lock();
    if (!state) return;
    std::lock_guard lock(state->mu);
    auto [first, last] = state->listeners.equal_range(id_);
    for (auto it = first; it != last; ++it) {
      if (it->second.first == token_) {
        state->listeners.erase(it);
        break;
      }
    }
  }

 private:
  std::weak_ptr<State> state_;
  JobId id_;
  std::uint64_t token_;
};

EventHub::EventHub() : state_(std::make_shared<State>()) {}
EventHub::~EventHub() = default;

std::unique_ptr<Subscription> EventHub::subscribe(const JobId& id, JobListener listener) {
  std::lock_guard lock(state_->mu);
  const std::uint64_t token = state_->next_token++;
  state_->listeners.emplace(id, std::pair{token, std::make_shared<JobListener>(std::move(listener))});
  return std::make_unique<HubSubscription>(state_, id, token);
}

void EventHub::publish(const Job& job) {
  std::vector<std::shared_ptr<JobListener>> targets;
  {
    std::lock_guard lock(state_->mu);
    auto [first, last] = state_->listeners.equal_range(job.id);
    for (auto it = first; it != last; ++it) targets.push_back(it->second.second);
  }
  for (const auto& listener : targets) (*listener)(job);
}

}  // namespace syncreel
