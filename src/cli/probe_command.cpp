// `syncreel probe FILE`: the QC figures of a media file as one JSON object on stdout,
// judged against the same thresholds and ingest limits as the service's processing
// stage: the built-in ones, or those of `--config` (or $SYNCREEL_CONFIG).
#include <cstdio>
#include <string>

#include "cli/commands.hpp"
#include "cli/service_config.hpp"
#include "core/error.hpp"
#include "media/qc/qc_analyzer.hpp"

namespace syncreel::cli {

int run_probe(const std::filesystem::path& file, const std::optional<std::filesystem::path>& config_file) {
  auto config = load_service_config(config_file);
  if (!config) {
    std::fprintf(stderr, "syncreel: %s\n", config.error().message.c_str());
    return 2;
  }
  auto report = media::analyze_file(file, config->processing.limits);
  if (!report) {
    const Error& e = report.error();
    std::fprintf(stderr, "syncreel: cannot probe %s: %s%s%s\n", file.c_str(), e.message.c_str(),
                 e.detail.empty() ? "" : " ", e.detail.empty() ? "" : ("(" + e.detail + ")").c_str());
    return 2;
  }
  const auto failures = media::evaluate(*report, config->processing.qc);
  std::printf("%s\n", media::to_json(*report, failures).c_str());
  return failures.empty() ? 0 : 1;
}

}  // namespace syncreel::cli
