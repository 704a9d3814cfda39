// `syncreel serve`: the service. Opens the data folder, recovers jobs left by a previous
// run, starts the workers and the HTTP API, and runs until SIGINT or SIGTERM.
#include <pthread.h>
#include <sys/stat.h>

#include <csignal>
#include <cstdio>
#include <fstream>

#include "api/api_keys.hpp"
#include "api/http_server.hpp"
#include "cli/commands.hpp"
#include "cli/service.hpp"

namespace syncreel::cli {
namespace {

namespace fs = std::filesystem;

// On the first start there is no key at all, so nobody could use the API: make an
// admin key and leave it, readable only by this user, where the operator will look.
Result<void> ensure_admin_key(Service& service, const fs::path& data_dir, obs::JsonLog& log) {
  auto existing = service.keys().list();
  if (!existing) return fail(existing.error());
  if (!existing->empty()) return {};
  api::IssuedKey issued = api::issue_api_key(Role::admin, "", "created on first start", service.clock().now());
  const fs::path file = data_dir / "secrets" / "admin-key";
  {
    const mode_t old_mask = umask(077);
    std::ofstream out(file, std::ios::trunc);
    umask(old_mask);
    out << issued.secret << '\n';
    if (!out.flush()) return fail(Error::storage("cannot write " + file.string()));
  }
  if (auto added = service.keys().add(issued.record); !added) return fail(added.error());
  log.write("admin_key_created", {{"key_id", issued.record.key_id},
                                  {"message", "first start: an admin API key is in " + file.string()}});
  std::fprintf(stderr, "syncreel: first start: your admin API key is in %s\n", file.string().c_str());
  return {};
}

int fail_with(obs::JsonLog& log, const Error& e) {
  log.write("fatal", {{"code", std::string(to_string(e.code))}, {"message", e.message}});
  std::fprintf(stderr, "syncreel: %s\n", e.message.c_str());
  return 1;
}

}  // namespace

int run_serve(const ServeOptions& options) {
  // Signals are taken synchronously by this thread (sigwait); every thread started
  // from here on inherits the mask, so none of them is interrupted by them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  obs::JsonLog log(stderr);
  auto config = load_service_config(options.config_file);
  if (!config) return fail_with(log, config.error());
  if (options.listen) {
    if (auto r = apply_listen(*config, *options.listen); !r) return fail_with(log, r.error());
  }
  if (options.data_dir) config->data_dir = *options.data_dir;

  auto service = Service::open(*config, log);
  if (!service) return fail_with(log, service.error());
  Service& svc = **service;
  if (auto r = ensure_admin_key(svc, config->data_dir, log); !r) return fail_with(log, r.error());
  if (auto r = svc.orchestrator().start(); !r) return fail_with(log, r.error());

  api::ApiConfig api_config;
  api_config.host = config->host;
  api_config.port = config->port;
  api_config.threads = config->http_threads;
  api_config.max_body_bytes = config->max_body_bytes;
  api_config.public_base_url = config->public_base_url;
  api_config.default_provider = config->default_provider;
  api::ApiDeps deps{svc.orchestrator(), svc.keys(),    svc.blobs(), svc.metrics(),
                    svc.clock(),        svc.signing_key(), [&svc] { return svc.ready(); }};
  // Seedance POSTs task updates when configured with a callback URL; they only make the
  // job poll now, so accepting unsigned ones is safe.
  if (svc.provider("seedance") != nullptr) {
    deps.provider_callback = [&svc](std::string_view provider, std::string_view task_id) {
      if (provider != "seedance") return false;
      svc.orchestrator().poke_task(task_id);
      return true;
    };
  }
  auto server = api::HttpServer::start(api_config, deps);
  if (!server) return fail_with(log, server.error());

  const std::string url = "http://" + config->host + ":" + std::to_string((*server)->port());
  log.write("listening", {{"url", url}, {"data_dir", fs::absolute(config->data_dir).string()},
                          {"workers", config->orchestrator.workers}});
  std::fprintf(stderr, "syncreel: listening on %s\n", url.c_str());

  int sig = 0;
  sigwait(&signals, &sig);
  log.write("shutdown", {{"signal", sig == SIGINT ? "SIGINT" : "SIGTERM"}});
  (*server)->stop();
  svc.orchestrator().stop();
  return 0;
}

}  // namespace syncreel::cli
