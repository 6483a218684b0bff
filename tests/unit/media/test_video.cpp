#include <stdexcept>

#include "test_images.hpp"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/opt.h>
}

namespace civicpost::media::testing {

void WriteTestVideo(const std::filesystem::path& path, int width, int height, int fps,
                    int seconds, const std::string& encoder_name, bool fast_start) {
  const AVCodec* codec = avcodec_find_encoder_by_name(encoder_name.c_str());
  if (!codec) throw std::runtime_error("no encoder " + encoder_name);
  AVFormatContext* format = nullptr;
  avformat_alloc_output_context2(&format, nullptr, "mp4", path.c_str());
  AVStream* stream = avformat_new_stream(format, nullptr);
  AVCodecContext* context = avcodec_alloc_context3(codec);
  context->width = width;
  context->height = height;
  context->time_base = AVRational{1, fps};
  context->framerate = AVRational{fps, 1};
  context->pix_fmt = AV_PIX_FMT_YUV420P;
  context->gop_size = fps;
  context->bit_rate = 1'000'000;
  if (format->oformat->flags & AVFMT_GLOBALHEADER) context->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  if (encoder_name == "libx264") av_opt_set(context->priv_data, "preset", "ultrafast", 0);
  if (avcodec_open2(context, codec, nullptr) < 0) throw std::runtime_error("cannot open encoder");
  avcodec_parameters_from_context(stream->codecpar, context);
  stream->time_base = context->time_base;
  avio_open(&format->pb, path.c_str(), AVIO_FLAG_WRITE);
  AVDictionary* options = nullptr;
  if (fast_start) av_dict_set(&options, "movflags", "faststart", 0);
  if (avformat_write_header(format, &options) < 0) throw std::runtime_error("cannot write header");
  av_dict_free(&options);

  AVFrame* frame = av_frame_alloc();
  frame->format = context->pix_fmt;
  frame->width = width;
  frame->height = height;
  av_frame_get_buffer(frame, 0);
  AVPacket* packet = av_packet_alloc();
  auto drain = [&](AVFrame* input) {
    avcodec_send_frame(context, input);
    while (avcodec_receive_packet(context, packet) == 0) {
      av_packet_rescale_ts(packet, context->time_base, stream->time_base);
      packet->stream_index = stream->index;
      av_interleaved_write_frame(format, packet);
    }
  };
  for (int i = 0; i < fps * seconds; ++i) {
    av_frame_make_writable(frame);
    for (int y = 0; y < height; ++y) {
      for (int x = 0; x < width; ++x) frame->data[0][y * frame->linesize[0] + x] = uint8_t(x + y + i * 3);
    }
    for (int y = 0; y < height / 2; ++y) {
      for (int x = 0; x < width / 2; ++x) {
        frame->data[1][y * frame->linesize[1] + x] = 128;
        frame->data[2][y * frame->linesize[2] + x] = uint8_t(64 + i);
      }
    }
    frame->pts = i;
    drain(frame);
  }
  drain(nullptr);
  av_write_trailer(format);
  av_packet_free(&packet);
  av_frame_free(&frame);
  avcodec_free_context(&context);
  avio_closep(&format->pb);
  avformat_free_context(format);
}

}  // namespace civicpost::media::testing
