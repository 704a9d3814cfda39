// One HTTP/1.1 connection: read a request (bounded header and body, read timeout),
// dispatch it, write the response (plain, streamed from blob storage, or SSE), repeat
// while keep-alive lasts. Requests are served one at a time in arrival order; pipelined
// requests wait in a bounded read buffer, which is the connection's back-pressure.
// No exception leaves a session: a throwing handler gets a 500 and a log line.
// A session runs on one io_context thread and touches only its own socket.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "api/http_server.hpp"
#include "api/request_metrics.hpp"
#include "api/router.hpp"
#include "api/session_tracker.hpp"
#include "obs/json_log.hpp"

namespace syncreel::api {

// Shared by all sessions of a server; owned by the server, read-only for sessions
// except for the thread-safe metrics, tracker and log.
struct SessionEnv {
  const ApiConfig& config;
  const Router& router;
  RequestMetrics& metrics;
  SessionTracker& tracker;
  obs::JsonLog& log;
};

boost::asio::awaitable<void> run_session(boost::asio::ip::tcp::socket socket, SessionEnv& env);

}  // namespace syncreel::api
