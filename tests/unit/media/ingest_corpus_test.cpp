// Replays the ingest fuzzer's inputs through the real QC path: the seed corpus (real
// files, which must be accepted) and every input the fuzzer ever crashed on (which must
// now end in a value, accepted or refused, under ASan in the sanitizer build).
#include <gtest/gtest.h>

#include <filesystem>

#include "media/qc/qc_analyzer.hpp"

namespace syncreel::media {
namespace {

const std::filesystem::path kFuzzDir = SYNCREEL_FUZZ_INGEST_DIR;

std::vector<std::filesystem::path> files_in(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.is_regular_file() && !e.path().filename().string().starts_with(".")) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(IngestCorpus, EverySeedIsARealClipThatIngestAccepts) {
  const auto seeds = files_in(kFuzzDir / "corpus");
  ASSERT_GE(seeds.size(), 4u);
  for (const auto& seed : seeds) {
    auto report = analyze_file(seed);
    EXPECT_TRUE(report.has_value()) << seed.filename() << ": " << report.error().message;
  }
}

TEST(IngestCorpus, EveryPastCrasherNowEndsInAValue) {
  for (const auto& input : files_in(kFuzzDir / "regressions")) {
    auto report = analyze_file(input);
    if (!report) {
      EXPECT_FALSE(report.error().message.empty()) << input.filename();
    }
  }
}

}  // namespace
}  // namespace syncreel::media
