// A small blocking HTTP/1.1 client for integration tests, over Boost.Beast: one request
// per connection, plus a Server-Sent Events reader. Not for production use.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace syncreel::testing {

struct HttpResponse {
  int status = 0;  // 0 when the connection failed
  std::map<std::string, std::string> headers;  // lowercase names
  std::string body;
  std::string header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string{} : it->second;
  }
};

using Headers = std::map<std::string, std::string>;

// Sends one request to 127.0.0.1:port. `target` is the origin-form path and query.
HttpResponse http_request(std::uint16_t port, const std::string& method, const std::string& target,
                          const std::string& body = {}, const Headers& headers = {});

// Sends raw bytes and returns the raw answer (for malformed requests).
std::string raw_request(std::uint16_t port, const std::string& bytes);

struct SseEvent {
  std::string event;
  std::string data;
  std::string id;
};

// Reads an SSE stream event by event.
class SseStream {
 public:
  SseStream(std::uint16_t port, const std::string& target, const Headers& headers);
  ~SseStream();
  int status() const;
  // The next event, or nullopt when the stream ended or `timeout` passed (which closes it).
  std::optional<SseEvent> next(std::chrono::milliseconds timeout);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace syncreel::testing
