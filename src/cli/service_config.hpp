// ServiceConfig: everything `syncreel serve` and `syncreel generate` are configured
// with, read once at start-up from an optional TOML file, then overridden by flags.
// Validated in one place (load_service_config) so the rest of the program trusts it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "orchestrator/media_clip_processor.hpp"
#include "orchestrator/orchestrator_config.hpp"
#include "providers/seedance/seedance_config.hpp"

namespace syncreel {

struct ServiceConfig {
  // [server]
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port (printed at start-up)
  std::string public_base_url;  // absolute URL the service is reached at; empty = relative links
  int http_threads = 2;
  std::size_t max_body_bytes = 64 * 1024;
  // [storage]
  std::filesystem::path data_dir = "./data";  // SQLite database, blobs, scratch, secrets
  // [providers]
  std::string default_provider = "local";
  // [providers.seedance]: used only when SEEDANCE_API_KEY (or ARK_API_KEY) is set; the
  // environment also overrides these (see docs/seedance.md). The key is never in a file.
  SeedanceConfig seedance;
  std::size_t seedance_concurrency = 3;  // the account's concurrent-task limit
  // [workers]
  OrchestratorConfig orchestrator;
  // [processing], [processing.watermark], [processing.qc], [processing.limits]: what the
  // processing stage does to remote providers' clips (docs/media.md).
  ClipProcessingConfig processing;
};

// Reads `file` when given (or $SYNCREEL_CONFIG when set), else the defaults.
// Errors: invalid_argument with the file, key and reason.
Result<ServiceConfig> load_service_config(const std::optional<std::filesystem::path>& file);

// Parses "HOST:PORT" into the config. Errors: invalid_argument.
Result<void> apply_listen(ServiceConfig& config, const std::string& listen);

}  // namespace syncreel
