// `syncreel probe FILE`: the QC figures of a media file as one JSON object on stdout.
#include <cstdio>
#include <string>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "media/qc/qc_analyzer.hpp"

namespace syncreel::cli {

int run_probe(const std::filesystem::path& file) {
  auto report = media::analyze_file(file);
  if (!report) {
    const Error& e = report.error();
    std::fprintf(stderr, "syncreel: cannot probe %s: %s%s%s\n", file.c_str(), e.message.c_str(),
                 e.detail.empty() ? "" : " ", e.detail.empty() ? "" : ("(" + e.detail + ")").c_str());
    return 2;
  }
  const auto failures = media::evaluate(*report, media::QcThresholds{});
  std::printf("%s\n", media::to_json(*report, failures).c_str());
  return failures.empty() ? 0 : 1;
}

}  // namespace syncreel::cli
