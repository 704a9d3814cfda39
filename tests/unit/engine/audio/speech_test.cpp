#include "engine/audio/speech.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "audio_test_support.hpp"
#include "engine/audio/audio_format.hpp"
#include "engine/audio/captions.hpp"
#include "engine/audio/resample.hpp"

namespace syncreel::engine {
namespace {

using test::line;

constexpr double kFrame = 1.0 / 24.0;

Timeline conversation(double duration) {
  Timeline t = test::base_timeline(duration);
  t.dialogue = {line(0, "Bonjour ! Tu viens à la plage avec moi ?", Language::fr),
                line(1, "Sure, let me grab my towel.", Language::en)};
  return t;
}

TEST(Speech, FrenchAndEnglishLinesFillTheirTimingsInsideTheClip) {
  Timeline t = conversation(10);
  auto track = synthesize_dialogue(t);
  ASSERT_TRUE(track.has_value()) << track.error().message;
  EXPECT_EQ(track->samples.size(), frame_count(10));
  ASSERT_EQ(track->lines.size(), 2u);
  EXPECT_TRUE(track->dropped.empty());
  EXPECT_EQ(t.dialogue[0].voice, "fr+f3");
  EXPECT_EQ(t.dialogue[1].voice, "en+m3");
  EXPECT_NEAR(t.dialogue[0].start, 0.6, 0.02);
  for (std::size_t i = 0; i < 2; ++i) {
    const DialogueLine& d = t.dialogue[i];
    EXPECT_GT(d.end - d.start, 0.8) << i;
    EXPECT_LE(d.end, t.duration - 0.5 + 1e-9) << i;
    const SpokenLine& s = track->lines[i];
    EXPECT_EQ(s.dialogue_index, i);
    EXPECT_EQ(s.rate_wpm, kSpeechRateNormal);  // short lines need no speed-up
    EXPECT_GT(test::rms_db(track->samples, s.begin, s.end), -40) << "line " << i << " is not silent";
  }
  EXPECT_GE(t.dialogue[1].start - t.dialogue[0].end, 0.2);  // a pause, no overlap
  EXPECT_EQ(test::rms_db(track->samples, 0, track->lines[0].begin), -INFINITY);
}

TEST(Speech, SubtitlesCoverEachLineInShortCues) {
  Timeline t = conversation(10);
  t.dialogue[1].text = "Sure, let me grab my towel, my hat and the big blue umbrella from the garage first.";
  ASSERT_TRUE(synthesize_dialogue(t).has_value());
  ASSERT_GE(t.subtitles.size(), 3u);  // the long English line is split by clause
  EXPECT_EQ(t.subtitles.front().text, "Bonjour ! Tu viens à la plage avec moi ?");
  for (std::size_t i = 0; i < t.subtitles.size(); ++i) {
    const SubtitleCue& c = t.subtitles[i];
    EXPECT_LE(code_points(c.text), kMaxCueChars) << c.text;
    EXPECT_LT(c.start, c.end) << c.text;
    if (i > 0) {
      EXPECT_GE(c.start, t.subtitles[i - 1].end - 1e-9);
    }
  }
  EXPECT_DOUBLE_EQ(t.subtitles.back().end, t.dialogue[1].end);
}

TEST(Speech, VisemeKeysStartAtEveryPhonemeEvent) {
  Timeline t = conversation(10);
  auto track = synthesize_dialogue(t);
  ASSERT_TRUE(track.has_value());
  ASSERT_EQ(t.visemes.size(), t.characters.size());
  for (const SpokenLine& s : track->lines) {
    const auto& keys = t.visemes[static_cast<std::size_t>(t.dialogue[s.dialogue_index].speaker)];
    ASSERT_GT(s.phonemes.size(), 10u);
    for (const PhonemeMark& m : s.phonemes) {
      if (m.end == m.begin) continue;  // an instant pause: the next phoneme's key starts here
      const double at = static_cast<double>(m.begin) / kSampleRate;
      const auto key =
          std::ranges::find_if(keys, [&](const VisemeKey& k) { return std::fabs(k.start - at) <= kFrame; });
      ASSERT_NE(key, keys.end()) << "no key near phoneme " << m.name << " at " << at;
      EXPECT_EQ(test::shape_at(keys, at), m.shape) << m.name << " at " << at;
    }
  }
  for (const auto& keys : t.visemes) {
    for (std::size_t i = 1; i < keys.size(); ++i) EXPECT_GE(keys[i].start, keys[i - 1].end - 1e-9);
  }
}

TEST(Speech, MouthIsOpenWhereTheAudioIsLoudAndRestsWhereItIsSilent) {
  Timeline t = conversation(10);
  auto track = synthesize_dialogue(t);
  ASSERT_TRUE(track.has_value());
  const auto window = static_cast<std::size_t>(kSampleRate * kFrame);
  double loudest = -INFINITY;
  for (std::size_t f = 0; f + window <= track->samples.size(); f += window) {
    loudest = std::max(loudest, test::rms_db(track->samples, f, f + window));
  }
  int loud = 0, loud_open = 0, quiet = 0, quiet_rest = 0;
  for (std::size_t f = 0; f + window <= track->samples.size(); f += window) {
    const double db = test::rms_db(track->samples, f, f + window);
    const double mid = static_cast<double>(f + window / 2) / kSampleRate;
    const bool open =
        std::ranges::any_of(t.visemes, [&](const auto& keys) { return test::shape_at(keys, mid) != Viseme::rest; });
    if (db > loudest - 20) {
      ++loud;
      loud_open += open ? 1 : 0;
    } else if (db < loudest - 60) {
      ++quiet;
      quiet_rest += open ? 0 : 1;
    }
  }
  ASSERT_GT(loud, 20);
  ASSERT_GT(quiet, 50);
  EXPECT_GE(loud_open, loud * 95 / 100) << loud_open << " of " << loud;
  EXPECT_GE(quiet_rest, quiet * 95 / 100) << quiet_rest << " of " << quiet;
}

TEST(Speech, UnknownVoiceIsAnErrorNamingItAndLeavesTheTimelineAlone) {
  for (const char* voice : {"nosuchvoice", "fr+nosuchvariant", "f3", "../../etc/passwd"}) {
    Timeline t = conversation(10);
    t.dialogue[1].voice = voice;
    auto track = synthesize_dialogue(t);
    ASSERT_FALSE(track.has_value()) << voice;
    EXPECT_EQ(track.error().code, ErrorCode::invalid_argument);
    EXPECT_EQ(track.error().detail, "voice");
    EXPECT_NE(track.error().message.find(voice), std::string::npos) << track.error().message;
    EXPECT_EQ(t.dialogue[0].end, 0.0);
    EXPECT_TRUE(t.visemes.empty());
  }
}

TEST(Speech, AVariantOrAFullVoiceIsUsedAsGiven) {
  Timeline t = conversation(10);
  t.dialogue[0].voice = "+m1";
  t.dialogue[1].voice = "en-us+f2";
  ASSERT_TRUE(synthesize_dialogue(t).has_value());
  EXPECT_EQ(t.dialogue[0].voice, "fr+m1");
  EXPECT_EQ(t.dialogue[1].voice, "en-us+f2");
}

TEST(Speech, BlankDialogueGivesSilenceAndNoVisemes) {
  Timeline t = test::base_timeline(6);
  t.dialogue = {line(0, "   \n\t", Language::fr), line(1, "", Language::en)};
  auto track = synthesize_dialogue(t);
  ASSERT_TRUE(track.has_value());
  EXPECT_TRUE(track->lines.empty());
  EXPECT_EQ(track->samples.size(), frame_count(6));
  EXPECT_TRUE(std::ranges::all_of(track->samples, [](float s) { return s == 0.0f; }));
  ASSERT_EQ(t.visemes.size(), 2u);
  EXPECT_TRUE(t.visemes[0].empty() && t.visemes[1].empty());
  EXPECT_TRUE(t.subtitles.empty());
  EXPECT_TRUE(t.dialogue[0].voice.empty());
}

TEST(Speech, TooMuchTextSpeedsUpFirst) {
  Timeline t = test::base_timeline(5);
  t.dialogue = {line(0,
                     "Regarde, les vagues sont vraiment énormes aujourd'hui, on devrait rester sur le sable "
                     "et attendre la marée basse.",
                     Language::fr)};
  auto track = synthesize_dialogue(t);
  ASSERT_TRUE(track.has_value());
  ASSERT_EQ(track->lines.size(), 1u);
  EXPECT_GT(track->lines[0].rate_wpm, kSpeechRateNormal);
  EXPECT_FALSE(track->lines[0].truncated);
  EXPECT_LE(t.dialogue[0].end, 4.5 + 1e-9);
}

TEST(Speech, FarTooMuchTextIsCutAtAWordAndLaterLinesDropped) {
  Timeline t = test::base_timeline(5);
  t.dialogue = {line(0,
                     "Once upon a time, in a small village by the sea, there lived an old fisherman who told the "
                     "longest stories anyone had ever heard, and every evening the children gathered around him.",
                     Language::en),
                line(1, "And then?", Language::en)};
  auto track = synthesize_dialogue(t);
  ASSERT_TRUE(track.has_value());
  ASSERT_EQ(track->lines.size(), 1u);
  EXPECT_TRUE(track->lines[0].truncated);
  EXPECT_EQ(track->lines[0].rate_wpm, kSpeechRateMax);
  EXPECT_TRUE(t.dialogue[0].text.starts_with(track->lines[0].text));
  const char next = t.dialogue[0].text[track->lines[0].text.size()];
  EXPECT_TRUE(next == ' ' || next == ',') << "cut inside a word: " << track->lines[0].text;
  EXPECT_EQ(track->dropped, std::vector<std::size_t>{1});
  EXPECT_EQ(t.dialogue[1].end, 0.0);
  EXPECT_LE(t.dialogue[0].end, 4.5 + 1e-9);
  EXPECT_TRUE(t.subtitles.back().text.ends_with("\xE2\x80\xA6"));
}

TEST(Speech, ResamplingKeepsEveryInstantInPlace) {
  // Phoneme times are converted by rate alone, so the resampler must add no delay.
  std::vector<short> pcm(22050, 0);
  pcm[11025] = 20000;
  auto out = resample_to_engine_rate(pcm, 22050);
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->size(), 48000u);
  const auto peak = std::ranges::max_element(*out, {}, [](float v) { return std::fabs(v); });
  EXPECT_NEAR(static_cast<double>(peak - out->begin()), 24000.0, 1.0);
}

TEST(Speech, ClipsCanBeVoicedFromSeveralThreadsAtOnce) {
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&ok, i] {
      Timeline t = conversation(8);
      auto track = synthesize_dialogue(t);
      ok[static_cast<std::size_t>(i)] = track.has_value() && track->lines.size() == 2 && !t.visemes[0].empty() ? 1 : 0;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok, std::vector<int>(4, 1));
}

TEST(Speech, ASpeakerWithoutACharacterIsRejected) {
  Timeline t = test::base_timeline(5);
  t.dialogue = {line(5, "Hello", Language::en)};
  auto track = synthesize_dialogue(t);
  ASSERT_FALSE(track.has_value());
  EXPECT_EQ(track.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(track.error().detail, "dialogue");
}

}  // namespace
}  // namespace syncreel::engine
