// EventHub: in-process fan-out of job changes to listeners (SSE streams, the CLI's
// progress bar). Thread-safe; publish() calls listeners on the caller's thread, outside
// the hub's lock, so a listener may unsubscribe from inside its callback.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

#include "orchestrator/job_service.hpp"

namespace syncreel {

class EventHub {
 public:
  EventHub();
  ~EventHub();

  // Registers `listener` for job `id` until the returned Subscription is destroyed.
  std::unique_ptr<Subscription> subscribe(const JobId& id, JobListener listener);

  void publish(const Job& job);

 private:
  class HubSubscription;
  struct State;
  std::shared_ptr<State> state_;  // shared with subscriptions, which may outlive the hub
};

}  // namespace syncreel
