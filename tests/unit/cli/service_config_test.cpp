// The TOML configuration's [processing] tables: every key read into the
// ClipProcessingConfig the service hands to MediaClipProcessor, and every bad value
// refused with a message naming the key.
#include "cli/service_config.hpp"

#include <cairo.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

// fontconfig keeps its font cache for the life of the process (Pango draws the
// watermark when the logo is checked): not a leak of ours.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }

namespace syncreel {
namespace {

namespace fs = std::filesystem;

class ServiceConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "syncreel-config-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }

  Result<ServiceConfig> load(const std::string& toml) {
    const fs::path file = dir_ / "syncreel.toml";
    std::ofstream(file, std::ios::trunc) << toml;
    return load_service_config(file);
  }
  // The error message of loading `toml`, or "" when it loads.
  std::string error_of(const std::string& toml) {
    auto loaded = load(toml);
    return loaded ? "" : loaded.error().message;
  }
  fs::path write_png(const std::string& name) {
    const fs::path file = dir_ / name;
    cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 8, 4);
    EXPECT_EQ(cairo_surface_write_to_png(s, file.c_str()), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    return file;
  }

  fs::path dir_;
};

TEST_F(ServiceConfigTest, WithoutProcessingTablesThePipelineDefaultsApply) {
  auto c = load("[workers]\ncount = 2\n");
  ASSERT_TRUE(c) << c.error().message;
  const ClipProcessingConfig defaults;
  const ClipProcessingConfig& p = c->processing;
  EXPECT_EQ(p.x264_preset, "fast");
  EXPECT_EQ(p.x264_preset, media::ProcessRequest{}.x264_preset);
  EXPECT_TRUE(p.burn_captions);
  EXPECT_EQ(p.watermark.text, defaults.watermark.text);
  EXPECT_TRUE(p.watermark.logo_png.empty());
  EXPECT_EQ(p.watermark.position, media::Corner::bottom_right);
  EXPECT_EQ(p.watermark.opacity, defaults.watermark.opacity);
  EXPECT_EQ(p.qc.target_lufs, defaults.qc.target_lufs);
  EXPECT_EQ(p.limits.max_file_bytes, defaults.limits.max_file_bytes);
  EXPECT_EQ(p.limits.time_budget, defaults.limits.time_budget);
}

TEST_F(ServiceConfigTest, EveryProcessingKeyIsRead) {
  const fs::path logo = write_png("logo.png");
  auto c = load("[processing]\n"
                "burn_captions = false\n"
                "x264_preset = \"medium\"\n"
                "[processing.watermark]\n"
                "text = \"Studio\"\n"
                "logo_png = \"" + logo.string() + "\"\n"
                "position = \"top_left\"\n"
                "opacity = 0.25\n"
                "[processing.qc]\n"
                "max_audio_early_ms = 30\n"
                "max_audio_late_ms = 50.5\n"
                "min_offset_confidence = 4\n"
                "target_lufs = -16\n"
                "lufs_tolerance = 2\n"
                "max_true_peak_dbtp = -1.5\n"
                "max_silence_ratio = 0.5\n"
                "max_clipping_ratio = 0.01\n"
                "max_duration_mismatch_s = 0.5\n"
                "require_audio = false\n"
                "require_faststart = false\n"
                "[processing.limits]\n"
                "max_file_mb = 64\n"
                "max_duration_sec = 45.5\n"
                "max_width = 1920\n"
                "max_height = 1080\n"
                "max_pixels = 2073600\n"
                "max_fps = 60\n"
                "probe_bytes = 1000000\n"
                "analyze_ms = 5000\n"
                "max_streams = 4\n"
                "max_decode_errors = 0\n"
                "time_budget_ms = 30000\n");
  ASSERT_TRUE(c) << c.error().message;
  const ClipProcessingConfig& p = c->processing;
  EXPECT_FALSE(p.burn_captions);
  EXPECT_EQ(p.x264_preset, "medium");
  EXPECT_EQ(p.watermark.text, "Studio");
  EXPECT_EQ(p.watermark.logo_png, logo);
  EXPECT_EQ(p.watermark.position, media::Corner::top_left);
  EXPECT_DOUBLE_EQ(p.watermark.opacity, 0.25);
  EXPECT_DOUBLE_EQ(p.qc.max_audio_early_ms, 30);
  EXPECT_DOUBLE_EQ(p.qc.max_audio_late_ms, 50.5);
  EXPECT_DOUBLE_EQ(p.qc.min_offset_confidence, 4);
  EXPECT_DOUBLE_EQ(p.qc.target_lufs, -16);
  EXPECT_DOUBLE_EQ(p.qc.lufs_tolerance, 2);
  EXPECT_DOUBLE_EQ(p.qc.max_true_peak_dbtp, -1.5);
  EXPECT_DOUBLE_EQ(p.qc.max_silence_ratio, 0.5);
  EXPECT_DOUBLE_EQ(p.qc.max_clipping_ratio, 0.01);
  EXPECT_DOUBLE_EQ(p.qc.max_duration_mismatch_s, 0.5);
  EXPECT_FALSE(p.qc.require_audio);
  EXPECT_FALSE(p.qc.require_faststart);
  EXPECT_EQ(p.limits.max_file_bytes, 64u << 20);
  EXPECT_DOUBLE_EQ(p.limits.max_duration_seconds, 45.5);
  EXPECT_EQ(p.limits.max_width, 1920);
  EXPECT_EQ(p.limits.max_height, 1080);
  EXPECT_EQ(p.limits.max_pixels, 2073600);
  EXPECT_DOUBLE_EQ(p.limits.max_fps, 60);
  EXPECT_EQ(p.limits.probe_bytes, 1000000);
  EXPECT_EQ(p.limits.analyze_microseconds, 5'000'000);
  EXPECT_EQ(p.limits.max_streams, 4);
  EXPECT_EQ(p.limits.max_decode_errors, 0);
  EXPECT_EQ(p.limits.time_budget, std::chrono::milliseconds(30000));
}

TEST_F(ServiceConfigTest, EveryCornerNameIsAccepted) {
  const std::pair<const char*, media::Corner> corners[] = {{"top_left", media::Corner::top_left},
                                                           {"top_right", media::Corner::top_right},
                                                           {"bottom_left", media::Corner::bottom_left},
                                                           {"bottom_right", media::Corner::bottom_right}};
  for (const auto& [name, corner] : corners) {
    auto c = load(std::string("[processing.watermark]\nposition = \"") + name + "\"\n");
    ASSERT_TRUE(c) << name << ": " << c.error().message;
    EXPECT_EQ(c->processing.watermark.position, corner) << name;
  }
}

TEST_F(ServiceConfigTest, AnEmptyWatermarkTextMeansNoText) {
  auto c = load("[processing.watermark]\ntext = \"\"\n");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_TRUE(c->processing.watermark.text.empty());
}

TEST_F(ServiceConfigTest, BadProcessingValuesAreRefusedNamingTheKey) {
  struct Case {
    std::string toml;
    std::string message;  // what the error must contain
  };
  const std::vector<Case> cases = {
      {"processing = 3\n", "processing must be a table"},
      {"[processing]\nwatermark = \"x\"\n", "processing.watermark must be a table"},
      {"[processing]\nqc = 1\n", "processing.qc must be a table"},
      {"[processing]\nlimits = []\n", "processing.limits must be a table"},
      {"[processing]\nburn_captions = \"yes\"\n", "processing.burn_captions must be true or false"},
      {"[processing]\nburn_captions = 1\n", "processing.burn_captions must be true or false"},
      {"[processing]\nx264_preset = \"quick\"\n", "processing.x264_preset must be an x264 preset"},
      {"[processing]\nx264_preset = 5\n", "processing.x264_preset must be an x264 preset"},
      {"[processing.watermark]\ntext = 5\n", "processing.watermark.text must be a string"},
      {"[processing.watermark]\nlogo_png = true\n", "processing.watermark.logo_png must be a string"},
      {"[processing.watermark]\nposition = \"centre\"\n", "processing.watermark.position must be one of"},
      {"[processing.watermark]\nposition = 1\n", "processing.watermark.position must be one of"},
      {"[processing.watermark]\nopacity = 1.5\n", "processing.watermark.opacity must be a number between 0 and 1"},
      {"[processing.watermark]\nopacity = -0.1\n", "processing.watermark.opacity must be a number between 0 and 1"},
      {"[processing.watermark]\nopacity = \"half\"\n", "processing.watermark.opacity must be a number"},
      {"[processing.watermark]\nopacity = nan\n", "processing.watermark.opacity must be a number"},
      {"[processing.qc]\nmax_audio_early_ms = -1\n", "processing.qc.max_audio_early_ms must be a number between 0"},
      {"[processing.qc]\nmax_audio_late_ms = 5000\n", "processing.qc.max_audio_late_ms must be a number between 0"},
      {"[processing.qc]\nmin_offset_confidence = -2\n", "processing.qc.min_offset_confidence must be a number"},
      {"[processing.qc]\ntarget_lufs = 3\n", "processing.qc.target_lufs must be a number between -70 and 0"},
      {"[processing.qc]\nlufs_tolerance = -1\n", "processing.qc.lufs_tolerance must be a number"},
      {"[processing.qc]\nmax_true_peak_dbtp = 10\n", "processing.qc.max_true_peak_dbtp must be a number"},
      {"[processing.qc]\nmax_silence_ratio = 1.5\n", "processing.qc.max_silence_ratio must be a number between 0 and 1"},
      {"[processing.qc]\nmax_clipping_ratio = -0.5\n", "processing.qc.max_clipping_ratio must be a number"},
      {"[processing.qc]\nmax_duration_mismatch_s = \"1\"\n", "processing.qc.max_duration_mismatch_s must be a number"},
      {"[processing.qc]\nrequire_audio = \"no\"\n", "processing.qc.require_audio must be true or false"},
      {"[processing.qc]\nrequire_faststart = 0\n", "processing.qc.require_faststart must be true or false"},
      {"[processing.limits]\nmax_file_mb = -1\n", "processing.limits.max_file_mb must be an integer between 1"},
      {"[processing.limits]\nmax_file_mb = 1.5\n", "processing.limits.max_file_mb must be an integer"},
      {"[processing.limits]\nmax_duration_sec = -5\n", "processing.limits.max_duration_sec must be a number"},
      {"[processing.limits]\nmax_width = -1\n", "processing.limits.max_width must be an integer"},
      {"[processing.limits]\nmax_height = 0\n", "processing.limits.max_height must be an integer"},
      {"[processing.limits]\nmax_pixels = -100\n", "processing.limits.max_pixels must be an integer"},
      {"[processing.limits]\nmax_fps = 0\n", "processing.limits.max_fps must be a number"},
      {"[processing.limits]\nprobe_bytes = -1\n", "processing.limits.probe_bytes must be an integer"},
      {"[processing.limits]\nanalyze_ms = -1\n", "processing.limits.analyze_ms must be an integer"},
      {"[processing.limits]\nmax_streams = 0\n", "processing.limits.max_streams must be an integer"},
      {"[processing.limits]\nmax_decode_errors = -1\n", "processing.limits.max_decode_errors must be an integer"},
      {"[processing.limits]\ntime_budget_ms = -1000\n", "processing.limits.time_budget_ms must be an integer"},
  };
  for (const auto& c : cases) {
    const std::string message = error_of(c.toml);
    EXPECT_NE(message.find(c.message), std::string::npos) << c.toml << " gave: '" << message << "'";
    EXPECT_NE(message.find("syncreel.toml"), std::string::npos) << "the file is named: " << message;
  }
}

TEST_F(ServiceConfigTest, AMissingLogoIsRefused) {
  const std::string message =
      error_of("[processing.watermark]\nlogo_png = \"" + (dir_ / "missing.png").string() + "\"\n");
  EXPECT_NE(message.find("processing.watermark.logo_png: no file at"), std::string::npos) << message;
  const std::string folder = error_of("[processing.watermark]\nlogo_png = \"" + dir_.string() + "\"\n");
  EXPECT_NE(folder.find("processing.watermark.logo_png: no file at"), std::string::npos) << folder;
}

TEST_F(ServiceConfigTest, ALogoThatIsNotAReadablePngIsRefused) {
  const fs::path text = dir_ / "logo.png";
  std::ofstream(text) << "not a PNG at all";
  const std::string message = error_of("[processing.watermark]\nlogo_png = \"" + text.string() + "\"\n");
  EXPECT_NE(message.find("processing.watermark.logo_png"), std::string::npos) << message;
  EXPECT_NE(message.find("not a readable PNG"), std::string::npos) << message;
  // A real PNG cut short is no better.
  const fs::path png = write_png("cut.png");
  fs::resize_file(png, fs::file_size(png) / 2);
  const std::string cut = error_of("[processing.watermark]\nlogo_png = \"" + png.string() + "\"\n");
  EXPECT_NE(cut.find("not a readable PNG"), std::string::npos) << cut;
}

}  // namespace
}  // namespace syncreel
