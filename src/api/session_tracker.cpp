#include "api/session_tracker.hpp"

#include <vector>

#include <boost/asio/post.hpp>

#include "api/event_feed.hpp"

namespace syncreel::api {

std::shared_ptr<SessionControl> SessionTracker::open(boost::asio::any_io_executor ex) {
  auto control = std::make_shared<SessionControl>(std::move(ex));
  std::lock_guard lock(mu_);
  if (stopping_) control->stopping = true;
  sessions_.emplace(control.get(), control);
  return control;
}

void SessionTracker::close(const SessionControl* control) {
  std::lock_guard lock(mu_);
  sessions_.erase(control);
  if (sessions_.empty()) empty_.notify_all();
}

template <class Fn>
void SessionTracker::post_to_all(Fn fn) {
  std::vector<std::weak_ptr<SessionControl>> targets;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    for (const auto& [ptr, weak] : sessions_) targets.push_back(weak);
  }
  for (auto& weak : targets) {
    auto control = weak.lock();
    if (!control) continue;
    control->stopping = true;
    boost::asio::post(control->executor, [weak, fn] {
      if (auto c = weak.lock()) fn(*c);
    });
  }
}

void SessionTracker::shutdown() {
  post_to_all([](SessionControl& c) {
    if (c.idle && c.stream != nullptr) c.stream->cancel();
    if (c.feed != nullptr) c.feed->wake();
  });
}

void SessionTracker::force_close() {
  post_to_all([](SessionControl& c) {
    if (c.stream != nullptr) c.stream->close();
    if (c.feed != nullptr) c.feed->wake();
  });
}

bool SessionTracker::wait_empty(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mu_);
  return empty_.wait_until(lock, deadline, [this] { return sessions_.empty(); });
}

std::size_t SessionTracker::size() const {
  std::lock_guard lock(mu_);
  return sessions_.size();
}

}  // namespace syncreel::api
