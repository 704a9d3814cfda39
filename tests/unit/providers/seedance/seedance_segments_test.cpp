// How jobs longer than one Seedance task are cut into segments, and what each segment's
// create request carries.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <numeric>
#include <set>

#include "providers/seedance/ark_json.hpp"
#include "providers/seedance/seedance_mapping.hpp"
#include "providers/seedance/seedance_segments.hpp"

namespace syncreel::seedance {
namespace {

TEST(SeedanceSegments, UpTo15SecondsIsOneTask) {
  EXPECT_EQ(split_duration(4), (std::vector<int>{4}));
  EXPECT_EQ(split_duration(5), (std::vector<int>{5}));
  EXPECT_EQ(split_duration(15), (std::vector<int>{15}));
}

TEST(SeedanceSegments, LongerClipsAreSplitEvenlyLongerFirst) {
  EXPECT_EQ(split_duration(16), (std::vector<int>{8, 8}));
  EXPECT_EQ(split_duration(25), (std::vector<int>{13, 12}));
  EXPECT_EQ(split_duration(30), (std::vector<int>{15, 15}));
  EXPECT_EQ(split_duration(31), (std::vector<int>{11, 10, 10}));
}

TEST(SeedanceSegments, EverySplitFitsOneTaskAndAddsUp) {
  for (int total = kMinDurationSec; total <= 60; ++total) {
    const std::vector<int> parts = split_duration(total);
    ASSERT_FALSE(parts.empty()) << total;
    EXPECT_EQ(std::accumulate(parts.begin(), parts.end(), 0), total) << total;
    EXPECT_EQ(static_cast<int>(parts.size()), (total + kMaxDurationSec - 1) / kMaxDurationSec) << total;
    for (const int p : parts) {
      EXPECT_GE(p, kMinDurationSec) << total;
      EXPECT_LE(p, kMaxDurationSec) << total;
      EXPECT_LE(parts.front() - p, 1) << "uneven split of " << total;
    }
  }
}

TEST(SeedanceSegments, TooShortCannotBeMade) { EXPECT_TRUE(split_duration(3).empty()); }

TEST(SeedanceSegments, LaterSegmentsGetTheirOwnValidSeed) {
  for (const std::int64_t job_seed : {std::int64_t{0}, std::int64_t{42}, std::int64_t{0x7fffffff},
                                      std::int64_t{4294967295}}) {
    std::set<std::int64_t> seen;
    EXPECT_EQ(segment_seed(job_seed, 0), job_seed);
    for (int i = 0; i < 4; ++i) {
      const std::int64_t s = segment_seed(job_seed, i);
      seen.insert(s);
      if (i > 0) {
        EXPECT_GE(s, 0);
        EXPECT_LE(s, 0x7fffffff);
      }
    }
    EXPECT_EQ(seen.size(), 4u) << "segments of job seed " << job_seed << " share a seed";
  }
}

JobSpec long_spec() {
  JobSpec spec;
  spec.prompt = "A lighthouse at dawn";
  spec.duration_sec = 25;
  spec.provider = "seedance";
  return spec;
}

SeedanceConfig test_config() {
  SeedanceConfig c;
  c.model = "dreamina-seedance-2-0-260128";
  c.fast_model = "dreamina-seedance-2-0-fast-260128";
  return c;
}

TEST(SeedanceSegments, FirstSegmentAsksForItsLastFrameAndTheNextStartsFromIt) {
  SegmentRequest first{.index = 0, .count = 2, .duration_sec = 13};
  auto r1 = build_create_request(long_spec(), test_config(), first);
  ASSERT_TRUE(r1) << r1.error().message;
  const auto body1 = nlohmann::json::parse(create_body_json(*r1));
  EXPECT_EQ(body1["duration"], 13);
  EXPECT_EQ(body1["return_last_frame"], true);
  EXPECT_EQ(body1["content"].size(), 1u);

  SegmentRequest second{.index = 1, .count = 2, .duration_sec = 12, .first_frame_url = "https://x/last.png"};
  auto r2 = build_create_request(long_spec(), test_config(), second);
  ASSERT_TRUE(r2) << r2.error().message;
  const auto body2 = nlohmann::json::parse(create_body_json(*r2));
  EXPECT_EQ(body2["duration"], 12);
  EXPECT_FALSE(body2.contains("return_last_frame")) << "the last segment has no successor";
  ASSERT_EQ(body2["content"].size(), 2u);
  EXPECT_EQ(body2["content"][0]["type"], "text");
  EXPECT_EQ(body2["content"][1],
            (nlohmann::json{{"type", "image_url"}, {"image_url", {{"url", "https://x/last.png"}}},
                            {"role", "first_frame"}}));
  EXPECT_NE(body1["seed"], body2["seed"]);
}

TEST(SeedanceSegments, ASegmentOutsideOneTasksRangeIsRefused) {
  SegmentRequest whole{.index = 0, .count = 1, .duration_sec = 25};
  auto r = build_create_request(long_spec(), test_config(), whole);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(r.error().detail, "duration_sec");
}

TEST(SeedanceSegments, TheCostCheckCoversEverySegment) {
  SeedanceConfig config = test_config();
  config.usd_per_million_tokens = 10;
  JobSpec spec = long_spec();
  // 720p 13 s + 12 s is about 544,000 tokens, $5.44: one segment alone fits in $4.
  spec.max_cost_usd = 4.0;
  SegmentRequest first{.index = 0, .count = 2, .duration_sec = 13};
  auto r = build_create_request(spec, config, first);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().detail, "max_cost_usd");
}

}  // namespace
}  // namespace syncreel::seedance
