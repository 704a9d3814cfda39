// Writing a Server-Sent Events response (text/event-stream, chunked) on a session.
//
// First an event with the job as it was when the stream opened, then one event per
// change from the EventFeed ("state" when the state differs from the last one sent,
// "progress" otherwise; `id:` counts from 1), a ": keepalive" comment after 15 s of
// silence, and the end of the stream after a terminal state (published, blocked,
// failed, cancelled) or when the server shuts down.
// Runs on the session's thread; the feed is the only thing shared with other threads.
#pragma once

#include <chrono>

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "api/http_types.hpp"
#include "api/session_tracker.hpp"

namespace syncreel::api {

inline constexpr std::chrono::seconds kSseKeepalive{15};

// `res.events` must be set and `res.msg` hold the status and headers (keep-alive
// decided). Returns true when the stream ended cleanly and the connection may serve
// another request; false when a write failed or timed out (close the connection).
boost::asio::awaitable<bool> write_event_stream(boost::beast::tcp_stream& stream, Response& res,
                                                SessionControl& control, std::chrono::seconds write_timeout);

}  // namespace syncreel::api
