#include "http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace syncreel::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

tcp::endpoint endpoint(std::uint16_t port) { return {asio::ip::make_address("127.0.0.1"), port}; }

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

HttpResponse http_request(std::uint16_t port, const std::string& method, const std::string& target,
                          const std::string& body, const Headers& headers) {
  HttpResponse out;
  try {
    asio::io_context io;
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(60));
    stream.connect(endpoint(port));
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "127.0.0.1");
    for (const auto& [k, v] : headers) req.set(k, v);
    if (!body.empty() || method == "POST") {
      if (!headers.contains("Content-Type")) req.set(http::field::content_type, "application/json");
      req.body() = body;
      req.prepare_payload();
    }
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(256 * 1024 * 1024);
    if (method == "HEAD") parser.skip(true);
    http::read(stream, buffer, parser);
    auto res = parser.release();
    out.status = static_cast<int>(res.result_int());
    for (const auto& field : res) out.headers[lower(std::string(field.name_string()))] = std::string(field.value());
    out.body = std::move(res.body());
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  } catch (const std::exception&) {
    out.status = 0;
  }
  return out;
}

std::string raw_request(std::uint16_t port, const std::string& bytes) {
  try {
    asio::io_context io;
    tcp::socket socket(io);
    socket.connect(endpoint(port));
    asio::write(socket, asio::buffer(bytes));
    socket.shutdown(tcp::socket::shutdown_send);
    std::string out;
    beast::error_code ec;
    std::array<char, 4096> buf{};
    while (true) {
      const std::size_t n = socket.read_some(asio::buffer(buf), ec);
      out.append(buf.data(), n);
      if (ec) break;
    }
    return out;
  } catch (const std::exception&) {
    return {};
  }
}

struct SseStream::Impl {
  asio::io_context io;
  beast::tcp_stream stream{io};
  beast::flat_buffer buffer;
  http::response_parser<http::buffer_body> parser;
  std::string pending;  // bytes of the body not yet split into events
  int status = 0;
  bool ended = false;
};

SseStream::SseStream(std::uint16_t port, const std::string& target, const Headers& headers)
    : impl_(std::make_unique<Impl>()) {
  try {
    impl_->stream.expires_after(std::chrono::seconds(10));
    impl_->stream.connect(endpoint(port));
    http::request<http::empty_body> req{http::verb::get, target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::accept, "text/event-stream");
    for (const auto& [k, v] : headers) req.set(k, v);
    http::write(impl_->stream, req);
    impl_->parser.body_limit(boost::none);
    http::read_header(impl_->stream, impl_->buffer, impl_->parser);
    impl_->status = static_cast<int>(impl_->parser.get().result_int());
  } catch (const std::exception&) {
    impl_->ended = true;
  }
}

SseStream::~SseStream() = default;

int SseStream::status() const { return impl_->status; }

std::optional<SseEvent> SseStream::next(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    // A complete event ends with a blank line.
    if (const auto end = impl_->pending.find("\n\n"); end != std::string::npos) {
      const std::string block = impl_->pending.substr(0, end);
      impl_->pending.erase(0, end + 2);
      SseEvent ev;
      std::size_t pos = 0;
      bool any = false;
      while (pos <= block.size()) {
        const auto nl = block.find('\n', pos);
        const std::string line = block.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
        pos = nl == std::string::npos ? block.size() + 1 : nl + 1;
        if (line.empty() || line[0] == ':') continue;
        const auto colon = line.find(':');
        const std::string field = line.substr(0, colon);
        std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
        if (!value.empty() && value[0] == ' ') value.erase(0, 1);
        any = true;
        if (field == "event") ev.event = value;
        else if (field == "id") ev.id = value;
        else if (field == "data") ev.data += (ev.data.empty() ? "" : "\n") + value;
      }
      if (any) return ev;
      continue;  // a comment-only block (keepalive)
    }
    if (impl_->ended || std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::array<char, 8192> buf{};
    impl_->parser.get().body().data = buf.data();
    impl_->parser.get().body().size = buf.size();
    // tcp_stream's deadline only bounds asynchronous operations, so the read is async
    // and run to completion here. A deadline that passes closes the connection.
    impl_->stream.expires_at(deadline);
    beast::error_code ec;
    http::async_read(impl_->stream, impl_->buffer, impl_->parser,
                     [&ec](beast::error_code e, std::size_t) { ec = e; });
    impl_->io.restart();
    impl_->io.run();
    impl_->pending.append(buf.data(), buf.size() - impl_->parser.get().body().size);
    if (ec == http::error::need_buffer) ec = {};
    if (ec || impl_->parser.is_done()) impl_->ended = true;
  }
}

}  // namespace syncreel::testing
