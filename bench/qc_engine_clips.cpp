// QC's A/V offset estimate on a spread of the engine's own clips, whose true offset is
// known to be within a frame of zero (EngineClipQc tests measure it on two of them: the
// decoded sound sits on the engine's mix to the sample, and each mouth shape shows on
// the first frame at or after its phoneme, ~16 ms late on average).
//
// One clip is a weak test of an estimator: a change tuned on it can help that clip and
// hurt the next (docs/media.md, "On the engine's own clips"). This renders 23 clips across
// styles, aspects, resolutions, languages, settings, weather, one and two speakers, and
// prints, for each, the estimate and its confidence, then how many land within one
// frame of zero and how many wrong ones are confident enough (>= the service's
// min_offset_confidence, 8) to flag a job.
//
//   build/bench/qc_engine_clips        (about 2 minutes on 2 cores)
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/render_clip.hpp"
#include "media/library_log.hpp"
#include "media/qc/qc_analyzer.hpp"
#include "media/qc/qc_report.hpp"

namespace {

using namespace syncreel;

struct Case {
  const char* prompt;
  Style style;
  int seconds;
  AspectRatio aspect;
  Resolution resolution;
  std::uint32_t seed;
};

constexpr const char* kBeach = "Une femme dit « Bonjour le monde » sur une plage au coucher du soleil";
constexpr const char* kTwoFriends =
    "Two friends talk in a busy city street at night. One says \"Where are we going?\" The other says \"To the sea!\"";

const std::vector<Case> kCases = {
    {kBeach, Style::cinematic, 6, AspectRatio::r16x9, Resolution::p360, 1234},
    {kBeach, Style::cinematic, 10, AspectRatio::r16x9, Resolution::p720, 1234},
    {kBeach, Style::cinematic, 10, AspectRatio::r9x16, Resolution::p720, 1234},
    {kBeach, Style::cartoon, 10, AspectRatio::r16x9, Resolution::p720, 1234},
    {kBeach, Style::anime, 10, AspectRatio::r16x9, Resolution::p720, 1234},
    {kBeach, Style::documentary, 10, AspectRatio::r16x9, Resolution::p720, 1234},
    {kTwoFriends, Style::anime, 12, AspectRatio::r16x9, Resolution::p720, 7},
    {"A man says \"The storm is coming, we have to leave now\" in the mountains", Style::documentary, 8,
     AspectRatio::r16x9, Resolution::p360, 11},
    {"Un chat dit « J'ai faim » dans une cuisine le matin", Style::cartoon, 6, AspectRatio::r1x1, Resolution::p360, 3},
    {"A robot says \"Welcome aboard the station\" in space", Style::anime, 10, AspectRatio::r9x16, Resolution::p360,
     42},
    {"Deux amis marchent en forêt sous la pluie. L'un dit « Tu entends ? » L'autre répond « Ce sont des oiseaux »",
     Style::cinematic, 12, AspectRatio::r16x9, Resolution::p360, 5},
    {"A woman whispers \"I found it\" in a desert at dawn", Style::cinematic, 5, AspectRatio::r9x16, Resolution::p360, 8},
    {"A reporter says \"Traffic is heavy downtown tonight, expect delays on every bridge\" in the city at night",
     Style::documentary, 15, AspectRatio::r16x9, Resolution::p360, 99},
    {"Une fille dit « Regarde la mer ! » sur une plage", Style::anime, 7, AspectRatio::r16x9, Resolution::p360, 21},
    {"A child says \"Hello\" in a room", Style::cartoon, 5, AspectRatio::r16x9, Resolution::p360, 2},
    {"A woman says \"Look at the stars tonight\" on a beach at night", Style::cinematic, 10, AspectRatio::r16x9,
     Resolution::p720, 31},
    {"Un vieil homme dit « Le vent se lève » dans les montagnes enneigées", Style::documentary, 12, AspectRatio::r16x9,
     Resolution::p720, 4},
    {"Two kids in a kitchen. One says \"Can I have a cookie?\" The other says \"Only one!\"", Style::cartoon, 10,
     AspectRatio::r1x1, Resolution::p720, 17},
    {"A pilot says \"Engines ready\" in space", Style::anime, 6, AspectRatio::r16x9, Resolution::p720, 77},
    {"Une femme dit « Il pleut encore » dans une ville sous la pluie", Style::cinematic, 8, AspectRatio::r9x16,
     Resolution::p720, 12},
    {"A farmer says \"The harvest is good this year, we will have enough for the winter\" in the countryside",
     Style::documentary, 20, AspectRatio::r16x9, Resolution::p360, 8},
    {"A dancer says \"Let's go\" in a city at sunset", Style::anime, 5, AspectRatio::r9x16, Resolution::p720, 55},
    {"Un garçon dit « Bonjour ! Comment ça va ? » dans une forêt", Style::cartoon, 9, AspectRatio::r16x9,
     Resolution::p720, 6},
};

constexpr double kOneFrameMs = 1000.0 / 24;

}  // namespace

int main() {
  media::keep_only_library_errors();
  const media::QcThresholds thresholds;
  const auto dir = std::filesystem::temp_directory_path() / "syncreel-bench-qc";
  int within = 0, confident_wrong = 0, none = 0;
  for (std::size_t i = 0; i < kCases.size(); ++i) {
    const Case& c = kCases[i];
    JobSpec spec;
    spec.prompt = c.prompt;
    spec.style = c.style;
    spec.duration_sec = c.seconds;
    spec.aspect_ratio = c.aspect;
    spec.resolution = c.resolution;
    spec.seed = c.seed;
    spec.consent = true;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    engine::RenderOptions options;
    options.output_dir = dir;
    options.want_hls = options.want_poster = options.want_captions = false;
    auto clip = engine::render_clip(spec, options);
    if (!clip) {
      std::fprintf(stderr, "qc_engine_clips: render %zu failed: %s\n", i + 1, clip.error().message.c_str());
      return 1;
    }
    auto report = media::analyze_file(clip->mp4);
    if (!report) {
      std::fprintf(stderr, "qc_engine_clips: QC %zu failed: %s\n", i + 1, report.error().message.c_str());
      return 1;
    }
    const std::string label = std::string(to_string(c.style)) + " " + std::string(to_string(c.aspect)) + " " +
                              std::string(to_string(c.resolution)) + " " + std::to_string(c.seconds) + " s";
    if (!report->av_offset_ms) {
      ++none;
      std::printf("%2zu  %-28s  no estimate\n", i + 1, label.c_str());
      continue;
    }
    const double ms = *report->av_offset_ms;
    const double confidence = report->av_offset_confidence;
    const bool ok = std::abs(ms) <= kOneFrameMs;
    within += ok ? 1 : 0;
    confident_wrong += !ok && confidence >= thresholds.min_offset_confidence ? 1 : 0;
    std::printf("%2zu  %-28s  %+6.0f ms  confidence %4.1f  %s\n", i + 1, label.c_str(), ms, confidence,
                ok ? "within a frame" : "WRONG");
  }
  std::filesystem::remove_all(dir);
  std::printf("within one frame of zero: %d of %zu; wrong with confidence >= %.0f (would flag a job): %d; "
              "no estimate: %d\n",
              within, kCases.size(), thresholds.min_offset_confidence, confident_wrong, none);
  return 0;
}
