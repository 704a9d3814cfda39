#include "media/poster.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <vector>

#include "probe.hpp"

namespace syncreel::media {
namespace {

TEST(Poster, WritesAJpegOfTheRightSizeAndColour) {
  probe::TempDir dir;
  const auto path = dir.path() / "poster.jpg";
  // 322x180 with padded rows: an odd-ish width and a stride wider than a row.
  constexpr int kWidth = 322;
  constexpr int kHeight = 180;
  constexpr int kStridePixels = 336;
  std::vector<std::uint32_t> px(kStridePixels * kHeight, 0xFF0000FFu);  // opaque blue, ARGB32
  ASSERT_TRUE(write_jpeg(path, reinterpret_cast<const std::uint8_t*>(px.data()), kWidth, kHeight, kStridePixels * 4));

  std::ifstream in(path, std::ios::binary);
  unsigned char soi[2] = {};
  in.read(reinterpret_cast<char*>(soi), 2);
  EXPECT_EQ(soi[0], 0xFF);
  EXPECT_EQ(soi[1], 0xD8);

  const auto info = probe::ffprobe(path);
  const auto video = probe::stream_of(info, "video");
  ASSERT_TRUE(video.is_object()) << "ffprobe could not read the poster";
  EXPECT_EQ(video.value("codec_name", ""), "mjpeg");
  EXPECT_EQ(video.value("width", 0), kWidth);
  EXPECT_EQ(video.value("height", 0), kHeight);

  const auto rgb = probe::decode_rgb(path);
  ASSERT_TRUE(rgb.has_value());
  ASSERT_EQ(rgb->size(), std::size_t{kWidth * kHeight * 3});
  const auto at = [&](std::size_t i) { return static_cast<int>(static_cast<unsigned char>((*rgb)[i])); };
  const std::size_t centre = (90 * kWidth + 161) * 3;
  EXPECT_NEAR(at(centre), 0, 8);
  EXPECT_NEAR(at(centre + 1), 0, 8);
  EXPECT_NEAR(at(centre + 2), 255, 8);
}

TEST(Poster, ErrorsAreValues) {
  probe::TempDir dir;
  std::vector<std::uint32_t> px(64 * 64, 0xFF808080u);
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(px.data());
  const auto missing = dir.path() / "missing" / "poster.jpg";
  const auto unwritable = write_jpeg(missing, bytes, 64, 64, 256);
  ASSERT_FALSE(unwritable);
  EXPECT_EQ(unwritable.error().code, ErrorCode::storage);
  EXPECT_FALSE(std::filesystem::exists(missing.parent_path()));

  EXPECT_EQ(write_jpeg(dir.path() / "a.jpg", nullptr, 64, 64, 256).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(write_jpeg(dir.path() / "b.jpg", bytes, 0, 64, 256).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(write_jpeg(dir.path() / "c.jpg", bytes, 64, 64, 100).error().code, ErrorCode::invalid_argument);
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

}  // namespace
}  // namespace syncreel::media
