// QC judgement of faststart: it is a property of MP4/MOV files (moov before mdat), so a
// WebM is neither faststart nor not faststart; it must not fail the check.
#include "media/qc/qc_report.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "media/qc/faststart.hpp"
#include "media/qc/qc_analyzer.hpp"

namespace syncreel::media {
namespace {

const std::filesystem::path kCorpus = std::filesystem::path(SYNCREEL_FUZZ_INGEST_DIR) / "corpus";

bool has_check(const std::vector<QcFailure>& failures, const std::string& check) {
  return std::any_of(failures.begin(), failures.end(), [&](const QcFailure& f) { return f.check == check; });
}

// A report that passes every other check, so only faststart can fail.
QcReport passing_report() {
  QcReport r;
  r.duration_video_s = r.duration_audio_s = 5;
  r.has_audio = true;
  r.integrated_lufs = -14;
  r.true_peak_dbtp = -1.5;
  return r;
}

TEST(QcFaststart, AppliesToTheMp4DemuxerOnly) {
  EXPECT_TRUE(faststart_applies("mov,mp4,m4a,3gp,3g2,mj2"));
  EXPECT_TRUE(faststart_applies("mp4"));
  EXPECT_FALSE(faststart_applies("matroska,webm"));
  EXPECT_FALSE(faststart_applies(""));
}

TEST(QcFaststart, IsJudgedOnlyWhenKnown) {
  QcReport r = passing_report();
  r.faststart = false;
  EXPECT_TRUE(has_check(evaluate(r, {}), "faststart"));
  r.faststart = true;
  EXPECT_TRUE(evaluate(r, {}).empty());
  r.faststart = std::nullopt;
  EXPECT_TRUE(evaluate(r, {}).empty()) << "not applicable is not a failure";
  const auto j = nlohmann::json::parse(to_json(r, {}));
  EXPECT_TRUE(j.at("faststart").is_null());
}

TEST(QcFaststart, WebmFilesReportNoFaststartAndDoNotFailIt) {
  for (const char* name : {"vp9_opus.webm", "vp8_silent.webm"}) {
    auto report = analyze_file(kCorpus / name);
    ASSERT_TRUE(report.has_value()) << name << ": " << report.error().message;
    EXPECT_FALSE(report->faststart.has_value()) << name;
    EXPECT_FALSE(has_check(evaluate(*report, {}), "faststart")) << name;
  }
}

TEST(QcFaststart, Mp4AndMovFilesAreStillJudged) {
  auto first = analyze_file(kCorpus / "h264_aac_faststart.mp4");
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_EQ(first->faststart, std::optional<bool>(true));
  auto last = analyze_file(kCorpus / "h264_bframes_moov_last.mov");
  ASSERT_TRUE(last.has_value()) << last.error().message;
  EXPECT_EQ(last->faststart, std::optional<bool>(false));
  EXPECT_TRUE(has_check(evaluate(*last, {}), "faststart"));
}

}  // namespace
}  // namespace syncreel::media
