#include "api/sse.hpp"

#include <memory>
#include <string>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/write.hpp>
#include <fmt/format.h>

#include "api/event_feed.hpp"

namespace syncreel::api {
namespace {

namespace asio = boost::asio;
using asio::experimental::awaitable_operators::operator||;
using Signal = asio::experimental::concurrent_channel<void(boost::system::error_code)>;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

// Detaches the feed from this session however the stream ends; after close() no worker
// thread touches the signal channel, so it may die with the coroutine frame.
struct FeedGuard {
  EventStream& events;
  SessionControl& control;
  ~FeedGuard() {
    events.feed->close();
    control.feed = nullptr;
    events.subscription.reset();
  }
};

asio::awaitable<bool> write_chunk(boost::beast::tcp_stream& stream, const std::string& text,
                                  std::chrono::seconds timeout) {
  stream.expires_after(timeout);
  auto [ec, n] = co_await asio::async_write(stream, http::make_chunk(asio::buffer(text)), kTuple);
  stream.expires_never();
  co_return !ec;
}

std::string event_text(std::uint64_t id, std::string_view name, const std::string& data) {
  return fmt::format("id: {}\nevent: {}\ndata: {}\n\n", id, name, data);
}

}  // namespace

asio::awaitable<bool> write_event_stream(boost::beast::tcp_stream& stream, Response& res, SessionControl& control,
                                         std::chrono::seconds write_timeout) {
  EventStream& events = *res.events;
  FeedGuard guard{events, control};

  http::response<http::empty_body> head{std::move(res.msg.base())};
  head.chunked(true);
  // Only the header: writing the whole (empty, chunked) message would end the stream.
  http::response_serializer<http::empty_body> serializer{head};
  stream.expires_after(write_timeout);
  auto [head_ec, head_n] = co_await http::async_write_header(stream, serializer, kTuple);
  stream.expires_never();
  if (head_ec) co_return false;

  const auto executor = co_await asio::this_coro::executor;
  auto signal = std::make_shared<Signal>(executor, 1);
  events.feed->set_notify([signal] { signal->try_send(boost::system::error_code{}); });
  control.feed = events.feed.get();

  std::uint64_t next_id = 1;
  Job last = std::move(events.initial);
  if (!co_await write_chunk(stream, event_text(next_id++, "state", events.render(last)), write_timeout)) {
    co_return false;
  }
  asio::steady_timer keepalive(executor);
  bool done = is_terminal(last.state);
  while (!done && !control.stopping) {
    keepalive.expires_after(kSseKeepalive);
    const auto woke = co_await (signal->async_receive(kTuple) || keepalive.async_wait(kTuple));
    if (control.stopping) break;
    if (woke.index() == 1) {
      if (!co_await write_chunk(stream, ": keepalive\n\n", write_timeout)) co_return false;
      continue;
    }
    for (Job& job : events.feed->take()) {
      // Changes the initial snapshot (or an earlier event) already showed are skipped.
      const bool stale = job.updated_at < last.updated_at;
      const bool same = job.state == last.state && job.progress == last.progress;
      if (stale || same) continue;
      const std::string_view name = job.state != last.state ? "state" : "progress";
      if (!co_await write_chunk(stream, event_text(next_id++, name, events.render(job)), write_timeout)) {
        co_return false;
      }
      last = std::move(job);
      if (is_terminal(last.state)) {
        done = true;
        break;
      }
    }
  }
  stream.expires_after(write_timeout);
  auto [end_ec, end_n] = co_await asio::async_write(stream, http::make_chunk_last(), kTuple);
  stream.expires_never();
  co_return !end_ec;
}

}  // namespace syncreel::api
