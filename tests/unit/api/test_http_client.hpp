// A small synchronous HTTP/1.1 client for the in-process server tests (Beast, blocking
// calls with deadlines). One Connection is one keep-alive TCP connection. Not thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace syncreel::testing {

using Headers = std::map<std::string, std::string>;

struct Reply {
  unsigned status = 0;  // 0: no answer (connection failed or closed)
  Headers headers;      // lowercase names
  std::string body;
  std::string header(const std::string& lowercase_name) const {
    const auto it = headers.find(lowercase_name);
    return it == headers.end() ? std::string{} : it->second;
  }
};

class Connection {
 public:
  explicit Connection(std::uint16_t port);
  ~Connection();

  // Sends a request (Content-Type application/json when a body is given and the caller
  // set none) and reads the reply. HEAD replies are read without a body.
  Reply send(const std::string& method, const std::string& target, const std::string& body = {},
             const Headers& headers = {});
  // Raw bytes out (malformed or pipelined requests); read the answers with read_reply.
  void write_raw(const std::string& bytes);
  Reply read_reply(bool head = false);
  // True when the server closed the connection (a read returns end of stream).
  bool closed_by_peer(std::chrono::milliseconds wait);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One request on a fresh connection.
Reply request(std::uint16_t port, const std::string& method, const std::string& target,
              const std::string& body = {}, const Headers& headers = {});

struct SseEvent {
  std::string id, event, data;
};

class SseClient {
 public:
  SseClient(std::uint16_t port, const std::string& target, const Headers& headers);
  ~SseClient();
  unsigned status() const;
  const Headers& headers() const;
  // The next event; nullopt on timeout or when the stream ended (see ended()).
  std::optional<SseEvent> next(std::chrono::milliseconds timeout);
  bool ended() const;
  int comments() const;  // keepalive comments seen

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace syncreel::testing
