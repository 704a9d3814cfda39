// Bad input gives a clear error or a documented fallback (docs/engine.md, "Bad input"),
// never a crash and never a silent or black clip.
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "render_test_support.hpp"

namespace syncreel::engine {
namespace {

struct Case {
  const char* name;
  JobSpec spec;
  std::optional<ErrorCode> error;  // nullopt: renders, with audible sound and a visible picture
  const char* message_has = "";    // a clear error says what to fix
  std::string soundfont = MusicConfig{}.soundfont_path;
};

JobSpec with_voice(JobSpec s, std::string voice) {
  s.voice = std::move(voice);
  return s;
}

std::string long_prompt() {
  std::string p = "Un homme dit « ";
  while (p.size() < 1990) p += "La mer est calme et le ciel est clair. ";
  p.resize(1996);
  return p + " » ";
}

std::vector<Case> cases() {
  return {
      {"blank_quote_speaks_the_prompt", test::spec_of("Une femme dit «    » sur la plage"), std::nullopt},
      {"emoji_only_speaks_a_generic_line", test::spec_of("🌅🏖️🎶🌊"), std::nullopt},
      {"2000_chars_is_cut_to_fit", test::spec_of(long_prompt()), std::nullopt},
      {"mixed_scripts_fall_back_to_english", test::spec_of("Une femme 你好 на пляже 🌊 « hello »"), std::nullopt},
      {"a_voice_of_another_language_is_used_as_given", with_voice(test::spec_of("« Guten Tag »"), "de"),
       std::nullopt},
      {"unknown_voice", with_voice(test::spec_of("« Bonjour »"), "nosuchvoice"), ErrorCode::invalid_argument,
       "nosuchvoice"},
      {"unknown_voice_variant", with_voice(test::spec_of("« Bonjour »"), "fr+nobody"), ErrorCode::invalid_argument,
       "nobody"},
      {"whitespace_only_prompt", test::spec_of(" \t\n "), ErrorCode::invalid_argument, "prompt"},
      {"missing_soundfont", test::spec_of("« Bonjour »"), ErrorCode::unavailable, "fluid-soundfont-gm",
       "/nonexistent/FluidR3_GM.sf2"},
  };
}

TEST(BadInput, EachCaseRendersAWatchableClipOrFailsClearly) {
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.name);
    probe::TempDir dir;
    RenderOptions options = test::mp4_only(dir.path());
    options.music.soundfont_path = c.soundfont;
    const auto clip = render_clip(c.spec, options);
    if (c.error) {
      ASSERT_FALSE(clip) << "rendered where an error was expected";
      EXPECT_EQ(clip.error().code, *c.error) << clip.error().message;
      EXPECT_NE(clip.error().message.find(c.message_has), std::string::npos) << clip.error().message;
      EXPECT_TRUE(std::filesystem::is_empty(dir.path())) << "a failed render left files";
      continue;
    }
    ASSERT_TRUE(clip) << clip.error().message;
    test::expect_watchable(clip->mp4, clip->frames);
    bool spoken = false;
    for (const DialogueLine& line : clip->timeline.dialogue) spoken = spoken || line.end > line.start;
    EXPECT_TRUE(spoken) << "nothing is said";
  }
}

TEST(BadInput, LanguagesOtherThanFrenchAndEnglishAreRefusedAtTheEdge) {
  // JobSpec cannot carry another language: the API and the CLI refuse it when parsing.
  EXPECT_FALSE(language_from_string("de"));
  EXPECT_FALSE(language_from_string("zh"));
  EXPECT_TRUE(language_from_string("fr"));
}

TEST(BadInput, A2000CharacterLineIsCutAtAWordAndStillEndsInTime) {
  probe::TempDir dir;
  const auto clip = render_clip(test::spec_of(long_prompt()), test::mp4_only(dir.path()));
  ASSERT_TRUE(clip) << clip.error().message;
  const DialogueLine& line = clip->timeline.dialogue.at(0);
  EXPECT_TRUE(line.text.ends_with("\u2026")) << line.text;
  EXPECT_LE(line.end, 5.0);
  EXPECT_NEAR(probe::json_number(probe::stream_of(probe::ffprobe(clip->mp4), "audio"), "duration"), 5.0,
              test::kOneFrame);
}

TEST(BadInput, AStopBeforeTheFirstFrameLeavesNothing) {
  probe::TempDir dir;
  std::atomic<bool> stop{true};
  RenderOptions options = test::mp4_only(dir.path());
  options.stop = &stop;
  const auto clip = render_clip(test::spec_of("« Bonjour »"), options);
  ASSERT_FALSE(clip);
  EXPECT_EQ(clip.error().code, ErrorCode::cancelled);
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(BadInput, AMissingOutputFolderIsAStorageError) {
  probe::TempDir dir;
  const auto clip = render_clip(test::spec_of("« Bonjour »"), test::mp4_only(dir.path() / "missing"));
  ASSERT_FALSE(clip);
  EXPECT_EQ(clip.error().code, ErrorCode::storage) << clip.error().message;
}


// CTest runs this once more with FONTCONFIG_FILE=no_fonts.conf (a fontconfig that finds
// no font) and SYNCREEL_EXPECT_NO_FONTS=1; in the normal run the fonts are there.
TEST(MissingFonts, NoFontAtAllIsAClearErrorNamingThePackage) {
  probe::TempDir dir;
  const auto clip = render_clip(test::spec_of("« Bonjour »"), test::mp4_only(dir.path()));
  if (std::getenv("SYNCREEL_EXPECT_NO_FONTS") == nullptr) {
    ASSERT_TRUE(clip) << clip.error().message;
    return;
  }
  ASSERT_FALSE(clip);
  EXPECT_EQ(clip.error().code, ErrorCode::unavailable);
  EXPECT_NE(clip.error().message.find("fonts-dejavu-core"), std::string::npos) << clip.error().message;
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

}  // namespace
}  // namespace syncreel::engine
