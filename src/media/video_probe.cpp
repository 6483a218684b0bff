#include "media/video_probe.hpp"

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/log.h>
}

#include <fstream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

namespace civicpost::media {
namespace {

constexpr int64_t kMegabyte = 1024 * 1024;

struct Limits {
  double min_s, max_s;
  int64_t max_bytes;
};

Limits LimitsFor(VideoUse use) {
  return use == VideoUse::kReel ? Limits{3, 15 * 60, 300 * kMegabyte}
                                : Limits{3, 60, 100 * kMegabyte};
}

// ISO base media: is the "moov" box ahead of "mdat"? Walks the top-level
// box headers only (size, type), which libavformat does not report.
bool MoovBeforeMdat(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  for (int boxes = 0; boxes < 64 && in; ++boxes) {
    unsigned char header[16];
    if (!in.read(reinterpret_cast<char*>(header), 8)) return false;
    uint64_t size = (uint64_t{header[0]} << 24) | (uint64_t{header[1]} << 16) |
                    (uint64_t{header[2]} << 8) | header[3];
    const std::string type(reinterpret_cast<const char*>(header + 4), 4);
    uint64_t consumed = 8;
    if (size == 1) {  // a 64-bit size follows
      if (!in.read(reinterpret_cast<char*>(header + 8), 8)) return false;
      size = 0;
      for (int i = 8; i < 16; ++i) size = (size << 8) | header[i];
      consumed = 16;
    }
    if (type == "moov") return true;
    if (type == "mdat") return false;
    if (size < consumed) return false;
    in.seekg(static_cast<std::streamoff>(size - consumed), std::ios::cur);
  }
  return false;
}

struct InputCloser {
  void operator()(AVFormatContext* context) const { avformat_close_input(&context); }
};

}  // namespace

Result<VideoInfo> ProbeVideo(const std::filesystem::path& file, std::string_view display_name) {
  static std::once_flag quiet;
  std::call_once(quiet, [] { av_log_set_level(AV_LOG_QUIET); });
  const std::string name(display_name);
  AVFormatContext* raw = nullptr;
  // Only the two containers Instagram takes: no other demuxer sees the bytes.
  const AVInputFormat* mp4 = av_find_input_format("mp4");
  if (avformat_open_input(&raw, file.c_str(), mp4, nullptr) != 0) {
    return InvalidArgument(name + " cannot be read as an MP4 or MOV video");
  }
  std::unique_ptr<AVFormatContext, InputCloser> context(raw);
  if (avformat_find_stream_info(context.get(), nullptr) < 0) {
    return InvalidArgument(name + " is damaged: its streams cannot be read");
  }
  VideoInfo info;
  info.container = context->iformat->name;
  info.duration_s = context->duration > 0 ? static_cast<double>(context->duration) / AV_TIME_BASE : 0;
  info.bit_rate = context->bit_rate;
  std::error_code ec;
  info.byte_size = static_cast<int64_t>(std::filesystem::file_size(file, ec));
  bool has_video = false;
  for (unsigned i = 0; i < context->nb_streams; ++i) {
    const AVStream* stream = context->streams[i];
    const AVCodecParameters* codec = stream->codecpar;
    if (codec->codec_type == AVMEDIA_TYPE_VIDEO && !has_video) {
      has_video = true;
      info.video_codec = avcodec_get_name(codec->codec_id);
      info.width = codec->width;
      info.height = codec->height;
      // The stream's base rate; the average drifts with the last frame's length.
      const AVRational rate = stream->r_frame_rate.num ? stream->r_frame_rate : stream->avg_frame_rate;
      info.fps = rate.den ? av_q2d(rate) : 0;
    } else if (codec->codec_type == AVMEDIA_TYPE_AUDIO && !info.has_audio) {
      info.has_audio = true;
      info.audio_codec = avcodec_get_name(codec->codec_id);
      info.audio_sample_rate = codec->sample_rate;
      info.audio_channels = codec->ch_layout.nb_channels;
    }
  }
  if (!has_video) return InvalidArgument(name + " contains no video stream");
  info.moov_first = MoovBeforeMdat(file);
  return info;
}

std::vector<RightsFinding> CheckVideo(const VideoInfo& v, VideoUse use) {
  std::vector<RightsFinding> out;
  const Limits limits = LimitsFor(use);
  auto add = [&](std::string code, std::vector<std::pair<std::string, std::string>> args = {}) {
    out.push_back({std::move(code), std::move(args)});
  };
  auto number = [](double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", value);
    return std::string(buffer);
  };
  if (v.video_codec != "h264" && v.video_codec != "hevc") {
    add("video_codec", {{"found", v.video_codec}});
  }
  if (v.fps < 23 || v.fps > 60) add("video_fps", {{"found", number(v.fps)}});
  if (v.width > 1920) add("video_width", {{"found", std::to_string(v.width)}});
  if (v.duration_s < limits.min_s || v.duration_s > limits.max_s) {
    add("video_duration", {{"found", number(v.duration_s)},
                           {"min", number(limits.min_s)},
                           {"max", number(limits.max_s)}});
  }
  if (v.byte_size > limits.max_bytes) {
    add("video_size", {{"found", std::to_string(v.byte_size / kMegabyte)},
                       {"limit", std::to_string(limits.max_bytes / kMegabyte)}});
  }
  if (v.bit_rate > 25'000'000) {
    add("video_bitrate", {{"found", std::to_string(v.bit_rate / 1'000'000)}});
  }
  if (v.has_audio && (v.audio_codec != "aac" || v.audio_sample_rate > 48000 ||
                      v.audio_channels < 1 || v.audio_channels > 2)) {
    add("video_audio", {{"found", v.audio_codec + ", " + std::to_string(v.audio_sample_rate) +
                                      " Hz, " + std::to_string(v.audio_channels) + " ch"}});
  }
  if (!v.moov_first) add("video_not_fast_start");
  return out;
}

std::string ToJson(const VideoInfo& v) {
  return nlohmann::json{{"container", v.container},
                        {"video_codec", v.video_codec},
                        {"width", v.width},
                        {"height", v.height},
                        {"fps", v.fps},
                        {"duration_s", v.duration_s},
                        {"bit_rate", v.bit_rate},
                        {"byte_size", v.byte_size},
                        {"has_audio", v.has_audio},
                        {"audio_codec", v.audio_codec},
                        {"audio_sample_rate", v.audio_sample_rate},
                        {"audio_channels", v.audio_channels},
                        {"moov_first", v.moov_first}}
      .dump();
}

namespace {

Result<VideoInfo> FromJsonObject(const nlohmann::json& j) {
  if (!j.is_object()) return InvalidArgument("not a video description");
  try {
    VideoInfo v;
    v.container = j.at("container").get<std::string>();
    v.video_codec = j.at("video_codec").get<std::string>();
    v.width = j.at("width").get<int>();
    v.height = j.at("height").get<int>();
    v.fps = j.at("fps").get<double>();
    v.duration_s = j.at("duration_s").get<double>();
    v.bit_rate = j.at("bit_rate").get<int64_t>();
    v.byte_size = j.at("byte_size").get<int64_t>();
    v.has_audio = j.at("has_audio").get<bool>();
    v.audio_codec = j.at("audio_codec").get<std::string>();
    v.audio_sample_rate = j.at("audio_sample_rate").get<int>();
    v.audio_channels = j.at("audio_channels").get<int>();
    v.moov_first = j.at("moov_first").get<bool>();
    return v;
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgument(std::string("not a video description: ") + e.what());
  }
}

}  // namespace

Result<VideoInfo> VideoInfoFromJson(std::string_view text) {
  return FromJsonObject(nlohmann::json::parse(text, nullptr, false));
}

std::string MetadataJsonFor(const VideoInfo& video) {
  return nlohmann::json{{"video", nlohmann::json::parse(ToJson(video))}}.dump();
}

std::optional<VideoInfo> VideoOf(const Media& media) {
  const nlohmann::json metadata = nlohmann::json::parse(media.metadata_json, nullptr, false);
  if (!metadata.is_object() || !metadata.contains("video")) return std::nullopt;
  auto video = FromJsonObject(metadata["video"]);
  if (!video) return std::nullopt;
  return *video;
}

}  // namespace civicpost::media
