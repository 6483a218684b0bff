#pragma once
// What a reel or video story is made of (libavformat), and whether that fits
// Instagram's limits (../shared/spec/instagram-graph-api.md, "Reel video",
// "Story video"). civicpost does not transcode yet: a video that does not
// fit is reported at upload and blocks approval, with what to change.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/media.hpp"
#include "core/result.hpp"
#include "media/rights.hpp"

namespace civicpost::media {

struct VideoInfo {
  std::string container;    // "mov,mp4,m4a,3gp,3g2,mj2"
  std::string video_codec;  // "h264", "hevc", ...
  int width = 0;
  int height = 0;
  double fps = 0;
  double duration_s = 0;
  int64_t bit_rate = 0;     // bits per second, of the whole file
  int64_t byte_size = 0;
  bool has_audio = false;
  std::string audio_codec;  // "aac"
  int audio_sample_rate = 0;
  int audio_channels = 0;
  bool moov_first = false;  // the index before the data ("fast start")
};

// kInvalidArgument naming the file when it is no readable video.
Result<VideoInfo> ProbeVideo(const std::filesystem::path& file, std::string_view display_name);

enum class VideoUse { kReel, kStory };

// Each limit the video breaks, as "check.video_<code>" findings.
std::vector<RightsFinding> CheckVideo(const VideoInfo& video, VideoUse use);

std::string ToJson(const VideoInfo& video);
// Parses ToJson's output.
Result<VideoInfo> VideoInfoFromJson(std::string_view json);

// What the library stores in Media::metadata_json for a video, and reads
// back; nullopt for an image (or anything else).
std::string MetadataJsonFor(const VideoInfo& video);
std::optional<VideoInfo> VideoOf(const Media& media);

}  // namespace civicpost::media
