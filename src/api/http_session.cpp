#include "api/http_session.hpp"

#include <chrono>
#include <exception>
#include <span>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "api/errors.hpp"
#include "api/sse.hpp"
#include "api/time_format.hpp"

namespace syncreel::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using SteadyClock = std::chrono::steady_clock;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kHeaderLimit = 16 * 1024;
constexpr std::size_t kChunkBytes = 64 * 1024;
constexpr std::size_t kLingerBytes = 8 * 1024 * 1024;
constexpr std::chrono::seconds kLingerTime{2};

// The Date header changes once a second; format it once a second per thread.
const std::string& date_now() {
  thread_local std::int64_t cached_second = -1;
  thread_local std::string cached;
  const auto now = SysClock::now();
  const auto second = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  if (second != cached_second) {
    cached = http_date(now);
    cached_second = second;
  }
  return cached;
}

// Binds the session's stream into its control block for as long as the session runs.
struct Registration {
  SessionTracker& tracker;
  std::shared_ptr<SessionControl> control;
  ~Registration() {
    control->stream = nullptr;
    control->feed = nullptr;
    tracker.close(control.get());
  }
};

Router::Outcome dispatch_safely(const Router& router, const Request& req, obs::JsonLog& log) {
  try {
    return router.dispatch(req);
  } catch (const std::exception& e) {
    log.write("http_handler_exception", {{"target", std::string(req.target())}, {"what", e.what()}});
  } catch (...) {
    log.write("http_handler_exception", {{"target", std::string(req.target())}, {"what", "unknown"}});
  }
  return {error_response(ApiErrorCode::internal, "internal error"), router.labels().size() - 1};
}

// Sets the framing headers. Streamed bodies bring their own framing (a Content-Length
// set by the handler, or chunked for SSE); 1xx, 204 and 304 carry none.
void prepare(StringResponse& msg, unsigned version, bool keep_alive, bool streamed) {
  msg.version(version);
  msg.keep_alive(keep_alive);
  msg.set(http::field::server, "syncreel");
  msg.set(http::field::date, date_now());
  const unsigned status = msg.result_int();
  if (status < 200 || status == 204 || status == 304) {
    msg.body().clear();
    return;
  }
  if (!streamed && !msg.has_content_length()) msg.prepare_payload();
}

asio::awaitable<bool> write_plain(beast::tcp_stream& stream, StringResponse& msg, bool head_only,
                                  std::chrono::seconds timeout) {
  stream.expires_after(timeout);
  boost::system::error_code ec;
  if (head_only) {
    http::response<http::empty_body> head{std::move(msg.base())};
    std::tie(ec, std::ignore) = co_await http::async_write(stream, head, kTuple);
  } else {
    std::tie(ec, std::ignore) = co_await http::async_write(stream, msg, kTuple);
  }
  stream.expires_never();
  co_return !ec;
}

// Headers, then the blob in bounded chunks. A storage error after the headers went out
// cannot be reported; closing the connection tells the client the body is incomplete.
asio::awaitable<bool> write_blob(beast::tcp_stream& stream, Response& res, std::chrono::seconds timeout,
                                 obs::JsonLog& log) {
  http::response<http::empty_body> head{std::move(res.msg.base())};
  stream.expires_after(timeout);
  auto [ec, n] = co_await http::async_write(stream, head, kTuple);
  if (ec) co_return false;
  std::vector<char> chunk(kChunkBytes);
  std::uint64_t remaining = res.blob->length;
  while (remaining > 0) {
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(remaining, chunk.size()));
    auto got = res.blob->reader->read(std::span<char>(chunk.data(), want));
    if (!got || *got == 0) {
      log.write("media_read_failed", {{"error", got ? "short object" : got.error().message}});
      co_return false;
    }
    stream.expires_after(timeout);
    auto [wec, wn] = co_await asio::async_write(stream, asio::buffer(chunk.data(), *got), kTuple);
    if (wec) co_return false;
    remaining -= *got;
  }
  stream.expires_never();
  co_return true;
}

// Answers a request that failed before it could be dispatched, then closes. The client
// may still be sending (an oversized body): closing a socket with unread input makes
// the kernel send a reset that can destroy the reply before the client reads it, so
// the rest of the input is drained for a bounded time and amount first.
asio::awaitable<void> reject(beast::tcp_stream& stream, SessionEnv& env, ApiErrorCode code, std::string message,
                             SteadyClock::time_point started) {
  Response res = error_response(code, std::move(message));
  prepare(res.msg, 11, false, false);
  const bool sent = co_await write_plain(stream, res.msg, false, env.config.read_timeout);
  env.metrics.record(env.router.labels().size() - 1, res.msg.result_int(),
                     std::chrono::duration<double, std::milli>(SteadyClock::now() - started).count());
  if (!sent) co_return;
  boost::system::error_code ignored;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  std::vector<char> sink(kChunkBytes);
  std::size_t drained = 0;
  stream.expires_after(kLingerTime);
  while (drained < kLingerBytes) {
    auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), kTuple);
    if (ec) break;
    drained += n;
  }
  stream.expires_never();
}

asio::awaitable<void> serve(beast::tcp_stream& stream, SessionEnv& env, SessionControl& control) {
  const ApiConfig& cfg = env.config;
  // Bounded: one request's header and body, plus whatever one read brings beyond it.
  beast::flat_buffer buffer(kHeaderLimit + cfg.max_body_bytes + kChunkBytes);
  for (;;) {
    if (control.stopping && buffer.size() == 0) co_return;
    http::request_parser<http::string_body> parser;
    parser.header_limit(kHeaderLimit);
    parser.body_limit(cfg.max_body_bytes);

    control.idle = buffer.size() == 0;
    stream.expires_after(cfg.read_timeout);
    auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, kTuple);
    control.idle = false;
    const auto started = SteadyClock::now();
    // The parser compares a Content-Length with the body limit as soon as the header is
    // complete: an announced oversized body is refused before any of it is read.
    if (ec == http::error::body_limit) {
      co_return co_await reject(stream, env, ApiErrorCode::body_too_large, "the request body is too large", started);
    }
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
      co_return co_await reject(stream, env, ApiErrorCode::headers_too_large, "request headers are too large", started);
    }
    if (ec == http::error::end_of_stream || ec == asio::error::operation_aborted || ec == beast::error::timeout ||
        ec == asio::error::eof || ec == asio::error::connection_reset) {
      co_return;
    }
    if (ec) co_return co_await reject(stream, env, ApiErrorCode::invalid_request, "malformed HTTP request", started);

    if (!parser.is_done()) {
      if (parser.get()[http::field::expect] == "100-continue") {
        http::response<http::empty_body> go_on{http::status::continue_, parser.get().version()};
        stream.expires_after(cfg.read_timeout);
        auto [cec, cn] = co_await http::async_write(stream, go_on, kTuple);
        if (cec) co_return;
      }
      stream.expires_after(cfg.read_timeout);
      auto [bec, bn] = co_await http::async_read(stream, buffer, parser, kTuple);
      if (bec == http::error::body_limit) {
        co_return co_await reject(stream, env, ApiErrorCode::body_too_large, "the request body is too large", started);
      }
      if (bec == beast::error::timeout || bec == asio::error::operation_aborted || bec == asio::error::eof ||
          bec == http::error::partial_message || bec == asio::error::connection_reset) {
        co_return;
      }
      if (bec) co_return co_await reject(stream, env, ApiErrorCode::invalid_request, "malformed HTTP request", started);
    }
    stream.expires_never();

    Request req = parser.release();
    Router::Outcome out = dispatch_safely(env.router, req, env.log);
    Response& res = out.response;
    const bool keep_alive = req.keep_alive() && !res.close && !control.stopping;
    const bool head_only = req.method() == http::verb::head;
    prepare(res.msg, req.version(), keep_alive, (res.events || res.blob) && !head_only);
    const unsigned status = res.msg.result_int();

    bool ok = false;
    if (res.events && !head_only) {
      ok = co_await write_event_stream(stream, res, control, cfg.read_timeout);
    } else if (res.blob && !head_only) {
      ok = co_await write_blob(stream, res, cfg.read_timeout, env.log);
    } else {
      ok = co_await write_plain(stream, res.msg, head_only, cfg.read_timeout);
    }
    env.metrics.record(out.route, status,
                       std::chrono::duration<double, std::milli>(SteadyClock::now() - started).count());
    if (!ok || !keep_alive) co_return;
  }
}

}  // namespace

asio::awaitable<void> run_session(asio::ip::tcp::socket socket, SessionEnv& env) {
  beast::tcp_stream stream(std::move(socket));
  Registration reg{env.tracker, env.tracker.open(stream.get_executor())};
  reg.control->stream = &stream;
  try {
    co_await serve(stream, env, *reg.control);
  } catch (const std::exception& e) {
    env.log.write("http_session_exception", {{"what", e.what()}});
  } catch (...) {
    env.log.write("http_session_exception", {{"what", "unknown"}});
  }
  boost::system::error_code ignored;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
}

}  // namespace syncreel::api
