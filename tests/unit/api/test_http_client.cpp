#include "test_http_client.hpp"

#include <array>
#include <cctype>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace syncreel::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr std::chrono::seconds kDeadline{20};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Runs one asynchronous operation to completion on `io`. The tcp_stream's expiry bounds
// it: Beast's synchronous calls would ignore that expiry and could block a test forever.
template <class Start>
beast::error_code run(asio::io_context& io, Start start) {
  beast::error_code result = asio::error::would_block;
  start([&](beast::error_code ec, std::size_t) { result = ec; });
  io.restart();
  io.run();
  return result;
}

template <class Fields>
Headers copy_headers(const Fields& fields) {
  Headers out;
  for (const auto& f : fields) out[lower(f.name_string())] = std::string(f.value());
  return out;
}

}  // namespace

struct Connection::Impl {
  asio::io_context io;
  beast::tcp_stream stream{io};
  beast::flat_buffer buffer;
};

Connection::Connection(std::uint16_t port) : impl_(std::make_unique<Impl>()) {
  impl_->stream.expires_after(kDeadline);
  impl_->stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
}

Connection::~Connection() = default;

Reply Connection::send(const std::string& method, const std::string& target, const std::string& body,
                       const Headers& headers) {
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "127.0.0.1");
  for (const auto& [k, v] : headers) req.set(k, v);
  if (!body.empty() || method == "POST") {
    if (req.find(http::field::content_type) == req.end()) req.set(http::field::content_type, "application/json");
    req.body() = body;
    req.prepare_payload();
  }
  impl_->stream.expires_after(kDeadline);
  run(impl_->io, [&](auto done) { http::async_write(impl_->stream, req, done); });
  // A server may answer and close before reading everything (413): still read the reply.
  return read_reply(method == "HEAD");
}

void Connection::write_raw(const std::string& bytes) {
  impl_->stream.expires_after(kDeadline);
  run(impl_->io, [&](auto done) { asio::async_write(impl_->stream, asio::buffer(bytes), done); });
}

Reply Connection::read_reply(bool head) {
  Reply out;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  if (head) parser.skip(true);
  impl_->stream.expires_after(kDeadline);
  const auto ec = run(impl_->io, [&](auto done) { http::async_read(impl_->stream, impl_->buffer, parser, done); });
  if (ec) return out;
  auto res = parser.release();
  out.status = res.result_int();
  out.headers = copy_headers(res);
  out.body = std::move(res.body());
  return out;
}

bool Connection::closed_by_peer(std::chrono::milliseconds wait) {
  impl_->stream.expires_after(wait);
  std::array<char, 64> scratch{};
  const auto ec =
      run(impl_->io, [&](auto done) { impl_->stream.async_read_some(asio::buffer(scratch), done); });
  return ec == asio::error::eof || ec == asio::error::connection_reset;
}

Reply request(std::uint16_t port, const std::string& method, const std::string& target, const std::string& body,
              const Headers& headers) {
  Connection c(port);
  return c.send(method, target, body, headers);
}

struct SseClient::Impl {
  asio::io_context io;
  beast::tcp_stream stream{io};
  beast::flat_buffer buffer;
  http::response_parser<http::buffer_body> parser;
  std::string pending;
  Headers headers;
  unsigned status = 0;
  bool ended = false;
  int comments = 0;
};

SseClient::SseClient(std::uint16_t port, const std::string& target, const Headers& headers)
    : impl_(std::make_unique<Impl>()) {
  impl_->stream.expires_after(kDeadline);
  impl_->stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  impl_->stream.expires_after(kDeadline);
  http::request<http::empty_body> req{http::verb::get, target, 11};
  req.set(http::field::host, "127.0.0.1");
  req.set(http::field::accept, "text/event-stream");
  for (const auto& [k, v] : headers) req.set(k, v);
  run(impl_->io, [&](auto done) { http::async_write(impl_->stream, req, done); });
  impl_->parser.body_limit(boost::none);
  impl_->stream.expires_after(kDeadline);
  if (run(impl_->io, [&](auto done) { http::async_read_header(impl_->stream, impl_->buffer, impl_->parser, done); })) {
    impl_->ended = true;
    return;
  }
  impl_->status = impl_->parser.get().result_int();
  impl_->headers = copy_headers(impl_->parser.get());
}

SseClient::~SseClient() = default;
unsigned SseClient::status() const { return impl_->status; }
const Headers& SseClient::headers() const { return impl_->headers; }
bool SseClient::ended() const { return impl_->ended; }
int SseClient::comments() const { return impl_->comments; }

std::optional<SseEvent> SseClient::next(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (const auto end = impl_->pending.find("\n\n"); end != std::string::npos) {
      const std::string block = impl_->pending.substr(0, end);
      impl_->pending.erase(0, end + 2);
      SseEvent ev;
      bool any = false;
      std::size_t pos = 0;
      while (pos < block.size()) {
        const std::size_t nl = std::min(block.find('\n', pos), block.size());
        const std::string line = block.substr(pos, nl - pos);
        pos = nl + 1;
        if (line.starts_with(":")) {
          ++impl_->comments;
          continue;
        }
        const std::size_t colon = line.find(": ");
        if (colon == std::string::npos) continue;
        const std::string field = line.substr(0, colon);
        const std::string value = line.substr(colon + 2);
        any = true;
        if (field == "id") ev.id = value;
        if (field == "event") ev.event = value;
        if (field == "data") ev.data += value;
      }
      if (any) return ev;
      continue;
    }
    if (impl_->ended || std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::array<char, 8192> buf{};
    impl_->parser.get().body().data = buf.data();
    impl_->parser.get().body().size = buf.size();
    impl_->stream.expires_at(deadline);
    // read_some: return with whatever arrived; read() would wait for a full buffer.
    auto ec = run(impl_->io,
                  [&](auto done) { http::async_read_some(impl_->stream, impl_->buffer, impl_->parser, done); });
    impl_->pending.append(buf.data(), buf.size() - impl_->parser.get().body().size);
    if (ec == http::error::need_buffer) ec = {};
    if (ec == beast::error::timeout) return std::nullopt;
    if (ec || impl_->parser.is_done()) impl_->ended = true;
  }
}

}  // namespace syncreel::testing
