#include "api/event_feed.hpp"

#include <utility>

namespace syncreel::api {

void EventFeed::push(const Job& job) {
  std::lock_guard lock(mu_);
  if (closed_) return;
  const bool transition = !last_pushed_ || *last_pushed_ != job.state;
  last_pushed_ = job.state;
  if (transition) {
    pending_.push_back(job);
    back_is_tick_ = false;
  } else if (back_is_tick_ && !pending_.empty()) {
    pending_.back() = job;  // only the latest progress matters
    ++dropped_;
  } else if (pending_.size() >= max_pending_) {
    ++dropped_;
    return;
  } else {
    pending_.push_back(job);
    back_is_tick_ = true;
  }
  if (notify_) notify_();
}

std::vector<Job> EventFeed::take() {
  std::lock_guard lock(mu_);
  std::vector<Job> out(std::make_move_iterator(pending_.begin()), std::make_move_iterator(pending_.end()));
  pending_.clear();
  back_is_tick_ = false;
  return out;
}

void EventFeed::set_notify(std::function<void()> notify) {
  std::lock_guard lock(mu_);
  notify_ = std::move(notify);
  if (notify_ && !pending_.empty()) notify_();
}

void EventFeed::wake() {
  std::lock_guard lock(mu_);
  if (notify_) notify_();
}

void EventFeed::close() {
  std::function<void()> released;
  {
    std::lock_guard lock(mu_);
    closed_ = true;
    released = std::move(notify_);
    notify_ = nullptr;
    pending_.clear();
  }
}

std::uint64_t EventFeed::dropped() const {
  std::lock_guard lock(mu_);
  return dropped_;
}

}  // namespace syncreel::api
