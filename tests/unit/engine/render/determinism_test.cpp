// The same spec and seed give the same bytes, even with other renders in between (the
// speech engine keeps process-wide state that must not leak from one clip to the next).
#include <gtest/gtest.h>

#include "render_test_support.hpp"

namespace syncreel::engine {
namespace {

std::string render_sha(const JobSpec& spec) {
  probe::TempDir dir;
  auto clip = render_clip(spec, test::mp4_only(dir.path()));
  EXPECT_TRUE(clip) << clip.error().message;
  return clip ? test::file_sha256(clip->mp4) : std::string();
}

TEST(Determinism, SameSpecAndSeedGiveTheSameMp4Bytes) {
  // Pauses, commas and a question: the places where speech state used to leak.
  JobSpec first = test::spec_of("Une femme dit « Bonjour, le monde ! Ça va ? Oui… très bien. » dans une forêt");
  JobSpec other = test::spec_of("Two friends at night in the city. \"Hurry up, we're late!\" \"Coming... wait!\"");
  other.style = Style::anime;
  other.voice = "en-us+m7";

  const std::string a = render_sha(first);
  const std::string b = render_sha(other);
  const std::string a_again = render_sha(first);
  ASSERT_EQ(a.size(), 64u);
  EXPECT_EQ(a, a_again) << "same spec and seed, different MP4";
  EXPECT_NE(a, b);

  JobSpec reseeded = first;
  reseeded.seed = 99;
  EXPECT_NE(render_sha(reseeded), a) << "the seed must change the clip";
}

}  // namespace
}  // namespace syncreel::engine
