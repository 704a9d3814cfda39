// SessionTracker: the server's list of live connections, for graceful shutdown.
//
// Each session registers a SessionControl while it runs. shutdown() asks every session
// to finish: idle keep-alive connections close at once, a request in flight completes
// (its response says Connection: close), an SSE stream ends. force_close() closes
// whatever is left. Both act on a session by posting to its executor, so the session's
// socket is only ever touched from its own thread.
// Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <unordered_map>

#include <boost/asio/any_io_executor.hpp>
#include <boost/beast/core/tcp_stream.hpp>

namespace syncreel::api {

class EventFeed;

struct SessionControl {
  explicit SessionControl(boost::asio::any_io_executor ex) : executor(std::move(ex)) {}
  const boost::asio::any_io_executor executor;
  std::atomic<bool> stopping{false};  // written by the tracker, read by the session
  // Owned by the session's thread (the tracker reaches them only through `executor`):
  boost::beast::tcp_stream* stream = nullptr;
  bool idle = false;            // waiting for a new request with nothing buffered
  EventFeed* feed = nullptr;    // the SSE stream being written, if any
};

class SessionTracker {
 public:
  // Registers a session running on `ex`. If shutdown has begun, the control is already
  // marked stopping so that a connection accepted late closes at once.
  std::shared_ptr<SessionControl> open(boost::asio::any_io_executor ex);

  // Unregisters; called by the session as it ends.
  void close(const SessionControl* control);

  void shutdown();
  void force_close();

  // Waits until no session is registered or `deadline` passes; true when none is left.
  bool wait_empty(std::chrono::steady_clock::time_point deadline);

  std::size_t size() const;

 private:
  template <class Fn>
  void post_to_all(Fn fn);

  mutable std::mutex mu_;
  std::condition_variable empty_;
  std::unordered_map<const SessionControl*, std::weak_ptr<SessionControl>> sessions_;  // guarded by mu_
  bool stopping_ = false;                                                               // guarded by mu_
};

}  // namespace syncreel::api
