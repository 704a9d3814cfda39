#include "cli/service_config.hpp"

#include <charconv>
#include <cstdlib>

#include <toml++/toml.h>

namespace syncreel {
namespace {

template <class T>
Result<void> read_int(const toml::table& t, std::string_view section, std::string_view key, T& out, long long min,
                      long long max) {
  const auto node = t[section][key];
  if (!node) return {};
  const auto v = node.value<long long>();
  if (!v || *v < min || *v > max) {
    return fail(Error::invalid(std::string(section) + "." + std::string(key) + " must be an integer between " +
                               std::to_string(min) + " and " + std::to_string(max)));
  }
  out = static_cast<T>(*v);
  return {};
}

Result<void> read_string(const toml::table& t, std::string_view section, std::string_view key, std::string& out) {
  const auto node = t[section][key];
  if (!node) return {};
  const auto v = node.value<std::string>();
  if (!v) return fail(Error::invalid(std::string(section) + "." + std::string(key) + " must be a string"));
  out = *v;
  return {};
}

Result<void> apply_table(const toml::table& t, ServiceConfig& c) {
  std::string listen;
  if (auto r = read_string(t, "server", "listen", listen); !r) return r;
  if (!listen.empty()) {
    if (auto r = apply_listen(c, listen); !r) return r;
  }
  if (auto r = read_string(t, "server", "public_base_url", c.public_base_url); !r) return r;
  if (auto r = read_int(t, "server", "http_threads", c.http_threads, 1, 64); !r) return r;
  if (auto r = read_int(t, "server", "max_body_bytes", c.max_body_bytes, 1024, 64 << 20); !r) return r;
  std::string data_dir;
  if (auto r = read_string(t, "storage", "data_dir", data_dir); !r) return r;
  if (!data_dir.empty()) c.data_dir = data_dir;
  if (auto r = read_string(t, "providers", "default", c.default_provider); !r) return r;
  auto& o = c.orchestrator;
  if (auto r = read_int(t, "workers", "count", o.workers, 1, 256); !r) return r;
  if (auto r = read_int(t, "workers", "render_slots", o.render_slots, 0, 256); !r) return r;
  if (auto r = read_string(t, "workers", "instance_id", o.instance_id); !r) return r;
  long long lease_sec = o.lease.count() / 1000;
  if (auto r = read_int(t, "workers", "lease_sec", lease_sec, 5, 3600); !r) return r;
  o.lease = std::chrono::seconds(lease_sec);
  long long first_ms = o.poll.first.count();
  long long max_ms = o.poll.max.count();
  if (auto r = read_int(t, "workers", "first_poll_ms", first_ms, 100, 600'000); !r) return r;
  if (auto r = read_int(t, "workers", "max_poll_ms", max_ms, 100, 600'000); !r) return r;
  o.poll.first = std::chrono::milliseconds(first_ms);
  o.poll.max = std::chrono::milliseconds(max_ms);
  if (o.instance_id.empty() || o.instance_id.find('/') != std::string::npos) {
    return fail(Error::invalid("workers.instance_id must be non-empty and contain no '/'"));
  }
  return {};
}

}  // namespace

Result<void> apply_listen(ServiceConfig& config, const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return fail(Error::invalid("listen address must be HOST:PORT, got '" + listen + "'"));
  }
  unsigned port = 0;
  const char* first = listen.data() + colon + 1;
  const char* last = listen.data() + listen.size();
  const auto [ptr, ec] = std::from_chars(first, last, port);
  if (ec != std::errc{} || ptr != last || port > 65535) {
    return fail(Error::invalid("listen port must be 0-65535, got '" + listen.substr(colon + 1) + "'"));
  }
  config.host = listen.substr(0, colon);
  config.port = static_cast<std::uint16_t>(port);
  return {};
}

Result<ServiceConfig> load_service_config(const std::optional<std::filesystem::path>& file) {
  ServiceConfig config;
  std::optional<std::filesystem::path> path = file;
  if (!path) {
    if (const char* env = std::getenv("SYNCREEL_CONFIG"); env != nullptr && *env != '\0') path = env;
  }
  if (!path) return config;
  toml::table table;
#if TOML_EXCEPTIONS
  try {
    table = toml::parse_file(path->string());
  } catch (const toml::parse_error& err) {
    return fail(Error::invalid("cannot read config " + path->string() + ": " + std::string(err.description()) +
                               " (line " + std::to_string(err.source().begin.line) + ")"));
  }
#else
  toml::parse_result parsed = toml::parse_file(path->string());
  if (!parsed) {
    const auto& err = parsed.error();
    return fail(Error::invalid("cannot read config " + path->string() + ": " + std::string(err.description()) +
                               " (line " + std::to_string(err.source().begin.line) + ")"));
  }
  table = std::move(parsed).table();
#endif
  if (auto r = apply_table(table, config); !r) {
    return fail(Error::invalid("config " + path->string() + ": " + r.error().message));
  }
  return config;
}

}  // namespace syncreel
