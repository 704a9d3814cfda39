// HttpServer: the syncreel HTTP API (v1), served by its own io_context threads.
//
// Routes: POST /v1/generate, GET /v1/jobs, GET|DELETE /v1/jobs/{id},
// GET /v1/jobs/{id}/events (SSE), GET|HEAD /media/{key...} (signed URLs), /healthz,
// /readyz, /metrics, and POST /v1/provider-callbacks/{provider} when configured. Every
// other /v1 route needs `Authorization: Bearer <api key>`.
//
// Threading: `threads` event-loop threads, each running its own io_context; accepted
// connections are spread round-robin and each stays on one thread. Handlers call the
// (thread-safe) dependencies synchronously on those threads.
// start/port/stop may be called from any thread except the server's own.
//
// This header is free of Asio and Beast so that other modules can include it cheaply.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "blob/blob_store.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "obs/metrics.hpp"
#include "orchestrator/job_service.hpp"
#include "store/key_store.hpp"

namespace syncreel::obs {
class JsonLog;
}

namespace syncreel::api {

struct ApiConfig {
  // Address to listen on (IPv4 or IPv6 literal).
  std::string host = "127.0.0.1";
  // TCP port; 0 picks a free one (read it back with HttpServer::port()).
  uint16_t port = 8080;
  // Event-loop threads (>= 1).
  int threads = 2;
  // Largest accepted request body; bigger ones get 413 before or while being read.
  std::size_t max_body_bytes = 64 * 1024;
  // Longest wait for a request (including an idle keep-alive connection) and for each
  // response write; a connection that exceeds it is closed.
  std::chrono::seconds read_timeout{30};
  // Prefix for absolute links in bodies and Location headers, e.g.
  // "https://api.example.com"; empty = relative links ("/v1/jobs/...").
  std::string public_base_url;
  // Provider for requests that name none (a provider name from the service config).
  std::string default_provider = "local";
  // Lifetime of the signed media URLs put in job documents.
  std::chrono::seconds media_url_ttl{3600};
  // Longest a GET /v1/jobs/{id} may serve a cached document for a change the job
  // service did not report (e.g. one made by another process); reported changes
  // invalidate at once. Zero disables the cache.
  std::chrono::milliseconds job_cache_ttl{1000};
  // How long stop() lets in-flight requests finish before closing their connections.
  std::chrono::seconds shutdown_grace{10};
};

struct ApiDeps {
  JobService& jobs;
  KeyStore& keys;
  BlobStore& blobs;
  obs::MetricsRegistry& metrics;
  const Clock& clock;
  // HMAC key for media URLs; must not be empty. Never logged.
  std::string signing_key;
  // Readiness for /readyz (e.g. store and blob checks); empty = always ready.
  std::function<Result<void>()> ready;
  // Where handler and session failures are logged; null = stderr.
  obs::JsonLog* log = nullptr;
  // Serves POST /v1/provider-callbacks/{provider} when set: called with the provider name
  // and the task id a callback names; false when that provider takes no callbacks (404).
  // Callbacks are unauthenticated, so this must treat them as a hint only.
  std::function<bool(std::string_view provider, std::string_view task_id)> provider_callback;
};

// Every dependency in ApiDeps is borrowed: it must outlive the server.
class HttpServer {
 public:
  // Binds, listens and starts the threads. Errors: invalid_argument (bad host, threads
  // < 1, empty signing key), unavailable (the address cannot be bound, e.g. port in use).
  static Result<std::unique_ptr<HttpServer>> start(ApiConfig config, ApiDeps deps);

  // The bound port (the real one when the config said 0).
  uint16_t port() const;

  // Graceful stop: stops accepting, closes idle connections, lets requests in flight
  // finish (SSE streams end) for up to `shutdown_grace`, then closes what is left and
  // joins the threads. Idempotent; blocks until done.
  void stop();

  // Calls stop().
  ~HttpServer();

  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace syncreel::api
