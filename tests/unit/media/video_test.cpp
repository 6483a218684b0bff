// Reels and video stories against the platform's limits, on real MP4 files
// encoded here with libavcodec.
#include <gtest/gtest.h>
#include <unistd.h>

#include "media/video_probe.hpp"
#include "test_images.hpp"

namespace civicpost::media {
namespace {

std::vector<std::string> Codes(const std::vector<RightsFinding>& findings) {
  std::vector<std::string> out;
  for (const RightsFinding& f : findings) out.push_back(f.code);
  return out;
}

class VideoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("civicpost-video-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(VideoTest, AFittingReelPassesAndItsPropertiesAreRead) {
  const auto clip = dir_ / "reel.mp4";
  testing::WriteTestVideo(clip, 360, 640, 30, 4, "libx264", true);
  auto info = ProbeVideo(clip, "reel.mp4");
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->video_codec, "h264");
  EXPECT_EQ(info->width, 360);
  EXPECT_EQ(info->height, 640);
  EXPECT_NEAR(info->fps, 30, 0.01);
  EXPECT_NEAR(info->duration_s, 4, 0.2);
  EXPECT_TRUE(info->moov_first);
  EXPECT_TRUE(CheckVideo(*info, VideoUse::kReel).empty());
  auto again = VideoInfoFromJson(ToJson(*info));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->video_codec, "h264");
}

TEST_F(VideoTest, EachBrokenLimitIsNamed) {
  const auto clip = dir_ / "alt.mp4";
  testing::WriteTestVideo(clip, 352, 288, 15, 2, "mpeg4", false);
  auto info = ProbeVideo(clip, "alt.mp4");
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(Codes(CheckVideo(*info, VideoUse::kReel)),
            (std::vector<std::string>{"video_codec", "video_fps", "video_duration",
                                      "video_not_fast_start"}));
  info->duration_s = 75;
  info->video_codec = "h264";
  info->fps = 25;
  info->moov_first = true;
  EXPECT_TRUE(CheckVideo(*info, VideoUse::kReel).empty());
  EXPECT_EQ(Codes(CheckVideo(*info, VideoUse::kStory)),
            std::vector<std::string>{"video_duration"});
}

TEST_F(VideoTest, AFileThatOnlyLooksLikeAnMp4IsRefusedByName) {
  // An MP4 header over nothing: the type check passes, the probe does not.
  testing::WriteFile(dir_ / "fake.mp4", std::string("\0\0\0\x18" "ftypisom\0\0\x02\0isomiso2", 24) +
                                            std::string(1000, 'x'));
  auto fake = ProbeVideo(dir_ / "fake.mp4", "fake.mp4");
  ASSERT_FALSE(fake);
  EXPECT_NE(fake.error().message.find("fake.mp4"), std::string::npos);
}

}  // namespace
}  // namespace civicpost::media
