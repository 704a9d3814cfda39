#include "api/http_server.hpp"

#include <atomic>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "api/auth.hpp"
#include "api/http_session.hpp"
#include "api/job_cache.hpp"
#include "api/job_json.hpp"
#include "api/media_handler.hpp"
#include "api/media_url.hpp"
#include "api/request_metrics.hpp"
#include "api/router.hpp"
#include "api/routes.hpp"
#include "api/session_tracker.hpp"
#include "obs/json_log.hpp"

namespace syncreel::api {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
// After force-closing, sessions need only to unwind; this bounds a misbehaving one.
constexpr std::chrono::seconds kForceCloseWait{2};

std::vector<Route> all_routes(const ApiConfig& config, const ApiDeps& deps, const JobRenderer& renderer,
                              JobDocumentCache& cache, const MediaHandler& media) {
  std::vector<Route> routes = v1_routes(deps.jobs, renderer, cache, config.default_provider);
  routes.push_back(media_route(media));
  for (Route& r : ops_routes(deps.metrics, deps.ready)) routes.push_back(std::move(r));
  if (deps.provider_callback) routes.push_back(provider_callback_route(deps.provider_callback));
  return routes;
}

}  // namespace

struct HttpServer::Impl {
  Impl(ApiConfig cfg, ApiDeps d)
      : config(std::move(cfg)),
        deps(std::move(d)),
        own_log(deps.log == nullptr ? std::make_unique<obs::JsonLog>(stderr) : nullptr),
        log(deps.log != nullptr ? *deps.log : *own_log),
        signer(deps.signing_key),
        renderer(signer, deps.clock, config.public_base_url, config.media_url_ttl),
        job_cache(deps.jobs, renderer, deps.clock, config.job_cache_ttl),
        media(deps.blobs, signer, deps.clock),
        auth(deps.keys, deps.clock),
        router(all_routes(config, deps, renderer, job_cache, media), auth),
        metrics(deps.metrics, router.labels()),
        env{config, router, metrics, tracker, log} {
    for (int i = 0; i < config.threads; ++i) contexts.push_back(std::make_unique<asio::io_context>(1));
    acceptor.emplace(*contexts.front());
  }

  asio::awaitable<void> accept_loop() {
    std::size_t next = 0;
    for (;;) {
      asio::io_context& target = *contexts[next++ % contexts.size()];
      auto [ec, socket] = co_await acceptor->async_accept(target, kTuple);
      if (ec == asio::error::operation_aborted || !acceptor->is_open()) co_return;
      if (ec) {
        // Typically EMFILE: back off briefly instead of spinning on the error.
        log.write("http_accept_failed", {{"error", ec.message()}});
        asio::steady_timer pause(acceptor->get_executor(), std::chrono::milliseconds{50});
        co_await pause.async_wait(kTuple);
        continue;
      }
      boost::system::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      asio::co_spawn(target, run_session(std::move(socket), env), asio::detached);
    }
  }

  ApiConfig config;
  ApiDeps deps;
  std::unique_ptr<obs::JsonLog> own_log;
  obs::JsonLog& log;
  MediaSigner signer;
  JobRenderer renderer;
  JobDocumentCache job_cache;
  MediaHandler media;
  Authenticator auth;
  Router router;
  RequestMetrics metrics;
  SessionTracker tracker;
  SessionEnv env;
  // Destroyed in reverse order: the acceptor before the contexts it belongs to.
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::optional<tcp::acceptor> acceptor;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  std::vector<std::thread> threads;
  uint16_t port = 0;
  std::atomic<bool> stopped{false};
};

Result<std::unique_ptr<HttpServer>> HttpServer::start(ApiConfig config, ApiDeps deps) {
  if (config.threads < 1) return fail(Error::invalid("threads must be at least 1", "threads"));
  if (deps.signing_key.empty()) return fail(Error::invalid("signing_key must not be empty", "signing_key"));
  if (config.max_body_bytes == 0) return fail(Error::invalid("max_body_bytes must be positive", "max_body_bytes"));
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(config.host, ec);
  if (ec) return fail(Error::invalid("host is not an IP address: " + config.host, "host"));
  const tcp::endpoint endpoint(address, config.port);

  auto impl = std::make_unique<Impl>(std::move(config), std::move(deps));
  tcp::acceptor& acceptor = *impl->acceptor;
  const auto bind_error = [&](std::string_view what) {
    return fail(Error::unavailable(std::string(what) + " " + endpoint.address().to_string() + ":" +
                                   std::to_string(endpoint.port()) + ": " + ec.message()));
  };
  if (acceptor.open(endpoint.protocol(), ec)) return bind_error("cannot open a socket for");
  if (acceptor.set_option(tcp::acceptor::reuse_address(true), ec)) return bind_error("cannot configure");
  if (acceptor.bind(endpoint, ec)) return bind_error("cannot bind");
  if (acceptor.listen(asio::socket_base::max_listen_connections, ec)) return bind_error("cannot listen on");
  impl->port = acceptor.local_endpoint(ec).port();
  if (ec) return bind_error("cannot read the address of");

  Impl& self = *impl;
  asio::co_spawn(*self.contexts.front(), [&self] { return self.accept_loop(); }, asio::detached);
  for (auto& ctx : self.contexts) {
    self.guards.push_back(asio::make_work_guard(*ctx));
    self.threads.emplace_back([&ctx = *ctx] { ctx.run(); });
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() { stop(); }

uint16_t HttpServer::port() const { return impl_->port; }

void HttpServer::stop() {
  Impl& self = *impl_;
  if (self.stopped.exchange(true)) return;
  asio::post(*self.contexts.front(), [&self] {
    boost::system::error_code ignored;
    self.acceptor->close(ignored);
  });
  self.tracker.shutdown();
  const auto now = std::chrono::steady_clock::now();
  if (!self.tracker.wait_empty(now + self.config.shutdown_grace)) {
    self.log.write("http_shutdown_forced", {{"open_connections", self.tracker.size()}});
    self.tracker.force_close();
    self.tracker.wait_empty(std::chrono::steady_clock::now() + kForceCloseWait);
  }
  self.guards.clear();
  for (auto& ctx : self.contexts) ctx->stop();
  for (auto& t : self.threads) t.join();
}

}  // namespace syncreel::api
