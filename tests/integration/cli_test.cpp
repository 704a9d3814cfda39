// `syncreel generate` and `syncreel keys` as a user runs them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "test_support.hpp"

namespace syncreel::testing {
namespace {

TEST(Cli, GenerateWritesACompleteClip) {
  TempDir dir;
  const auto out = dir.path() / "out.mp4";
  const auto r = run_command({syncreel_binary(), "generate", "A red fox runs through the snow", "--style", "anime",
                              "--duration", "5", "--resolution", "360p", "--seed", "3", "-o", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto probe = ffprobe(out);
  ASSERT_TRUE(probe.is_object());
  EXPECT_EQ(probe["streams"][0]["codec_name"], "h264");
  EXPECT_EQ(probe["streams"][1]["codec_name"], "aac");
  EXPECT_NEAR(std::stod(probe["format"]["duration"].get<std::string>()), 5.0, 0.1);
  // Not a terminal: plain progress lines, no carriage returns.
  EXPECT_NE(r.err.find("generating"), std::string::npos);
  EXPECT_EQ(r.err.find('\r'), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(out.string() + ".part"));
}

TEST(Cli, BadArgumentsAreRefusedWithoutWritingAnything) {
  TempDir dir;
  const auto out = dir.path() / "out.mp4";
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--style", "noir"}, "--style must be one of"},
      {{"--duration", "31"}, "duration_sec must be between 5 and 30"},
      {{"--aspect", "4:3"}, "--aspect must be one of"},
      {{"--language", "de"}, "--language must be one of"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> argv = {syncreel_binary(), "generate", "A prompt", "-o", out.string()};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    const auto r = run_command(argv);
    EXPECT_EQ(r.exit_code, 2) << c.message;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(out));
  }
  const auto empty = run_command({syncreel_binary(), "generate", "   ", "-o", out.string()});
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_NE(empty.err.find("prompt must not be empty"), std::string::npos) << empty.err;
}

TEST(Cli, ServeRefusesToStartWithABadProcessingConfig) {
  TempDir dir;
  const auto config = dir.path() / "syncreel.toml";
  std::ofstream(config) << "[processing.watermark]\nposition = \"middle\"\n";
  const auto r = run_command({syncreel_binary(), "serve", "--config", config.string(), "--listen", "127.0.0.1:0",
                              "--data", (dir.path() / "data").string()});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("processing.watermark.position must be one of"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("listening"), std::string::npos) << r.out;
}

// `probe` judges a file against the thresholds of the configuration file, as the
// processing stage would, and refuses a bad one as `serve` does.
TEST(Cli, ProbeJudgesAgainstTheConfiguredThresholds) {
  TempDir dir;
  const auto clip = dir.path() / "no-faststart.mp4";
  ASSERT_EQ(run_command({"ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=160x120:r=24:d=3", "-f",
                         "lavfi", "-i", "sine=f=440:d=3", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt",
                         "yuv420p", "-c:a", "aac", clip.string()})
                .exit_code,
            0);
  const auto defaults = run_command({syncreel_binary(), "probe", clip.string()});
  EXPECT_EQ(defaults.exit_code, 1) << defaults.err;
  EXPECT_NE(defaults.out.find(R"("check":"faststart")"), std::string::npos) << defaults.out;

  const auto config = dir.path() / "syncreel.toml";
  std::ofstream(config) << "[processing.qc]\nrequire_faststart = false\n";
  const auto configured = run_command({syncreel_binary(), "probe", clip.string(), "--config", config.string()});
  EXPECT_EQ(configured.out.find(R"("check":"faststart")"), std::string::npos) << configured.out;
  EXPECT_NE(configured.out.find(R"("faststart":false)"), std::string::npos) << configured.out;

  std::ofstream(config) << "[processing.qc]\nlufs_tolerance = -1\n";
  const auto bad = run_command({syncreel_binary(), "probe", clip.string(), "--config", config.string()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("processing.qc.lufs_tolerance"), std::string::npos) << bad.err;
  EXPECT_TRUE(bad.out.empty()) << bad.out;
}

TEST(Cli, KeysCreateListRevoke) {
  TempDir dir;
  const std::string key = create_key(dir.path(), "moderator");
  ASSERT_EQ(key.rfind("sr_", 0), 0u);
  auto list = run_command({syncreel_binary(), "keys", "list", "--data", dir.path().string()});
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_NE(list.out.find("moderator"), std::string::npos);
  EXPECT_EQ(list.out.find(key), std::string::npos) << "a secret was printed";
  EXPECT_EQ(run_command({syncreel_binary(), "keys", "revoke", "--data", dir.path().string(), key}).exit_code, 0);
  list = run_command({syncreel_binary(), "keys", "list", "--data", dir.path().string()});
  EXPECT_NE(list.out.find("revoked"), std::string::npos);
  EXPECT_EQ(run_command({syncreel_binary(), "keys", "create", "--role", "emperor", "--data", dir.path().string()})
                .exit_code,
            2);
}

}  // namespace
}  // namespace syncreel::testing
