#include "media/webvtt.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "probe.hpp"

namespace syncreel::media {
namespace {

std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(WebVtt, HeaderTimingAndEscaping) {
  const std::vector<Cue> cues = {
      {0.0, 1.5, "Hello <b>world</b> & friends"},
      {61.25, 3725.0004, "two\nlines"},
      {3599.9996, 3600.0, "a --> b"},
  };
  const auto text = render_webvtt(cues);
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(*text,
            "WEBVTT\n"
            "\n"
            "00:00:00.000 --> 00:00:01.500\n"
            "Hello &lt;b&gt;world&lt;/b&gt; &amp; friends\n"
            "\n"
            "00:01:01.250 --> 01:02:05.000\n"
            "two\n"
            "lines\n"
            "\n"
            "01:00:00.000 --> 01:00:00.000\n"
            "a --&gt; b\n");
}

TEST(WebVtt, BlankLinesCannotSplitACue) {
  const auto text = render_webvtt({{1.0, 2.0, "first\r\n\r\n00:00:05.000 --> 00:00:06.000\n\nforged"}});
  ASSERT_TRUE(text);
  EXPECT_EQ(*text,
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n"
            "first\n00:00:05.000 --&gt; 00:00:06.000\nforged\n");
}

TEST(WebVtt, EmptyListAndEmptyText) {
  EXPECT_EQ(render_webvtt({}).value(), "WEBVTT\n");
  EXPECT_EQ(render_webvtt({{0.0, 1.0, ""}}).value(), "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n");
}

TEST(WebVtt, RejectsBadTiming) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const Cue& bad : {Cue{-1.0, 1.0, "x"}, Cue{2.0, 1.0, "x"}, Cue{nan, 1.0, "x"}, Cue{0.0, INFINITY, "x"}}) {
    const auto text = render_webvtt({{0.0, 1.0, "ok"}, bad});
    ASSERT_FALSE(text);
    EXPECT_EQ(text.error().code, ErrorCode::invalid_argument);
  }
}

TEST(WebVtt, WritesAtomicallyAndReplaces) {
  probe::TempDir dir;
  const auto path = dir.path() / "captions.vtt";
  ASSERT_TRUE(write_webvtt(path, {{0.0, 1.0, "one"}}));
  ASSERT_TRUE(write_webvtt(path, {{0.0, 2.0, "two & three"}}));
  EXPECT_EQ(read_all(path), "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\ntwo &amp; three\n");
  // Nothing but the file itself: the temporary was renamed, not left beside it.
  int entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++entries;
  EXPECT_EQ(entries, 1);

  // Invalid cues write nothing and keep the previous file.
  EXPECT_FALSE(write_webvtt(path, {{3.0, 1.0, "bad"}}));
  EXPECT_EQ(read_all(path), "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\ntwo &amp; three\n");
}

TEST(WebVtt, FfmpegParsesTheFile) {
  probe::TempDir dir;
  const auto path = dir.path() / "c.vtt";
  ASSERT_TRUE(write_webvtt(path, {{0.5, 1.0, "a < b"}, {1.0, 2.25, "c & d"}}));
  const auto info = probe::ffprobe(path);
  ASSERT_TRUE(info.is_object());
  EXPECT_EQ(probe::stream_of(info, "subtitle").value("codec_name", ""), "webvtt");
}

TEST(WebVtt, UnwritableFolderIsStorageError) {
  probe::TempDir dir;
  const auto file = dir.path() / "plain-file";
  std::ofstream(file) << "x";
  const auto ok = write_webvtt(file / "c.vtt", {{0.0, 1.0, "x"}});
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().code, ErrorCode::storage) << ok.error().message;
}

}  // namespace
}  // namespace syncreel::media
