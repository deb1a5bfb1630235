#include "actors/media/codec/video.hpp"

#include <cmath>
#include <cstring>
#include <fstream>
#include <memory>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/display.h>
#include <libswscale/swscale.h>
}

#include <opencv2/core.hpp>

#include "core/error.hpp"
#include "core/rules/photo_sizes.hpp"

namespace ag {

namespace {

constexpr int io_buffer_size = 256 * 1024;
/// Packets read while looking for the first picture (a stream that starts
/// without a key frame may need a few).
constexpr int max_packets = 600;

struct source {
  std::uint64_t size = 0;
  std::uint64_t pos = 0;
  video_reader read;
};

int read_packet(void* opaque, std::uint8_t* buf, int n) {
  auto& s = *static_cast<source*>(opaque);
  if (s.pos >= s.size)
    return AVERROR_EOF;
  auto want = static_cast<std::size_t>(std::min<std::uint64_t>(n, s.size - s.pos));
  auto got = s.read(s.pos, reinterpret_cast<char*>(buf), want);
  if (got < 0)
    return AVERROR(EIO);
  if (got == 0)
    return AVERROR_EOF;
  s.pos += static_cast<std::uint64_t>(got);
  return static_cast<int>(got);
}

std::int64_t seek(void* opaque, std::int64_t offset, int whence) {
  auto& s = *static_cast<source*>(opaque);
  std::int64_t base = 0;
  switch (whence & ~AVSEEK_FORCE) {
  case AVSEEK_SIZE:
    return static_cast<std::int64_t>(s.size);
  case SEEK_SET:
    base = 0;
    break;
  case SEEK_CUR:
    base = static_cast<std::int64_t>(s.pos);
    break;
  case SEEK_END:
    base = static_cast<std::int64_t>(s.size);
    break;
  default:
    return -1;
  }
  auto to = base + offset;
  if (to < 0)
    return -1;
  s.pos = static_cast<std::uint64_t>(to);
  return to;
}

caf::error invalid(const char* what) {
  return make_error(errc::media_invalid, what);
}

/// Everything FFmpeg allocates for one probe, freed in any case.
struct probe {
  AVIOContext* io = nullptr;
  AVFormatContext* fmt = nullptr;
  AVCodecContext* codec = nullptr;
  AVPacket* packet = nullptr;
  AVFrame* frame = nullptr;
  SwsContext* sws = nullptr;
  ~probe() {
    sws_freeContext(sws);
    av_frame_free(&frame);
    av_packet_free(&packet);
    avcodec_free_context(&codec);
    avformat_close_input(&fmt); // frees fmt, not our io
    if (io != nullptr)
      av_freep(&io->buffer);
    avio_context_free(&io);
  }
};

/// The first decodable picture: key frame first, then the decoder drained
/// so it answers at once instead of after its reordering delay.
bool first_frame(probe& p, int stream) {
  bool draining = false;
  for (int i = 0; i < max_packets; ++i) {
    if (!draining) {
      if (av_read_frame(p.fmt, p.packet) < 0) {
        avcodec_send_packet(p.codec, nullptr);
        draining = true;
      } else if (p.packet->stream_index != stream) {
        av_packet_unref(p.packet);
        continue;
      } else {
        bool key = (p.packet->flags & AV_PKT_FLAG_KEY) != 0;
        avcodec_send_packet(p.codec, p.packet);
        av_packet_unref(p.packet);
        if (avcodec_receive_frame(p.codec, p.frame) == 0)
          return true;
        if (!key)
          continue;
        avcodec_send_packet(p.codec, nullptr);
        draining = true;
      }
    }
    return avcodec_receive_frame(p.codec, p.frame) == 0;
  }
  return false;
}

/// Degrees the picture is turned for display (0, 90, 180, 270).
int rotation(const AVStream* st) {
  std::size_t n = 0;
  auto* matrix = av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, &n);
  if (matrix == nullptr || n < 9 * sizeof(std::int32_t))
    return 0;
  auto deg = -av_display_rotation_get(reinterpret_cast<const std::int32_t*>(matrix));
  if (!std::isfinite(deg))
    return 0;
  auto r = static_cast<int>(std::lround(deg / 90.0)) * 90 % 360;
  return r < 0 ? r + 360 : r;
}

} // namespace

caf::expected<processed_video> process_video(std::uint64_t size, video_reader read) {
  // FFmpeg logs every damaged packet: hostile uploads must not fill the log.
  static const bool quiet = (av_log_set_level(AV_LOG_FATAL), true);
  (void) quiet;
  source src{size, 0, std::move(read)};
  probe p;
  auto* buffer = static_cast<std::uint8_t*>(av_malloc(io_buffer_size));
  if (buffer == nullptr)
    return make_error(errc::internal, "out of memory");
  p.io = avio_alloc_context(buffer, io_buffer_size, 0, &src, read_packet, nullptr, seek);
  p.fmt = avformat_alloc_context();
  if (p.io == nullptr || p.fmt == nullptr)
    return make_error(errc::internal, "out of memory");
  p.fmt->pb = p.io;
  p.fmt->flags |= AVFMT_FLAG_CUSTOM_IO;
  if (avformat_open_input(&p.fmt, nullptr, nullptr, nullptr) < 0)
    return invalid("the file does not open as a video");
  // Containers with an index (MP4, MKV, WebM) describe their streams in
  // the header; probing decodes frames, so only the others pay for it.
  const AVCodec* decoder = nullptr;
  auto stream = av_find_best_stream(p.fmt, AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0);
  if (stream < 0 || p.fmt->streams[stream]->codecpar->width <= 0) {
    if (avformat_find_stream_info(p.fmt, nullptr) < 0)
      return invalid("the file has no readable streams");
    stream = av_find_best_stream(p.fmt, AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0);
  }
  if (stream < 0 || decoder == nullptr)
    return invalid("the file has no video stream FFmpeg decodes");
  auto* st = p.fmt->streams[stream];
  auto w = st->codecpar->width;
  auto h = st->codecpar->height;
  if (w <= 0 || h <= 0)
    return invalid("the video has no picture size");
  if (std::uint64_t(w) * std::uint64_t(h) > photos::max_pixels)
    return make_error(errc::photo_invalid_dimensions, "frames have at most 50 megapixels");
  p.codec = avcodec_alloc_context3(decoder);
  if (p.codec == nullptr || avcodec_parameters_to_context(p.codec, st->codecpar) < 0)
    return invalid("the video's codec parameters are unusable");
  p.codec->thread_count = 1;                 // one media actor = one thread
  p.codec->skip_loop_filter = AVDISCARD_ALL; // a thumbnail does not need deblocking
  if (avcodec_open2(p.codec, decoder, nullptr) < 0)
    return invalid("the video's codec does not open");
  p.packet = av_packet_alloc();
  p.frame = av_frame_alloc();
  if (p.packet == nullptr || p.frame == nullptr)
    return make_error(errc::internal, "out of memory");
  if (!first_frame(p, stream) || p.frame->width <= 0 || p.frame->height <= 0)
    return invalid("the video has no decodable frame");
  // Scale straight from the decoder's format to the thumbnail size: no
  // full-size colour conversion.
  auto fw = p.frame->width;
  auto fh = p.frame->height;
  auto t = photos::fit('m', fw, fh, photos::ladder[1].longest);
  p.sws = sws_getContext(fw, fh, static_cast<AVPixelFormat>(p.frame->format), t.width, t.height,
                         AV_PIX_FMT_BGR24, SWS_AREA, nullptr, nullptr, nullptr);
  if (p.sws == nullptr)
    return invalid("the video's pixel format is unsupported");
  cv::Mat small(t.height, t.width, CV_8UC3);
  std::uint8_t* dst[1] = {small.data};
  int stride[1] = {static_cast<int>(small.step)};
  sws_scale(p.sws, p.frame->data, p.frame->linesize, 0, fh, dst, stride);
  auto turn = rotation(st);
  if (turn == 90)
    cv::rotate(small, small, cv::ROTATE_90_CLOCKWISE);
  else if (turn == 180)
    cv::rotate(small, small, cv::ROTATE_180);
  else if (turn == 270)
    cv::rotate(small, small, cv::ROTATE_90_COUNTERCLOCKWISE);
  processed_video out;
  bool sideways = turn == 90 || turn == 270;
  out.width = sideways ? fh : fw;
  out.height = sideways ? fw : fh;
  auto duration = p.fmt->duration > 0 ? p.fmt->duration : 0;
  if (duration == 0 && st->duration > 0)
    duration = av_rescale_q(st->duration, st->time_base, AVRational{1, AV_TIME_BASE});
  out.duration_ms = static_cast<int>(std::min<std::int64_t>(duration / 1000, 2'000'000'000));
  out.thumb = thumbnail_of(small);
  out.thumb.width = out.width;
  out.thumb.height = out.height;
  return out;
}

caf::expected<processed_video> process_video_file(const std::string& path) {
  auto in = std::make_shared<std::ifstream>(path, std::ios::binary);
  if (!*in)
    return invalid("cannot open the file");
  in->seekg(0, std::ios::end);
  auto size = static_cast<std::uint64_t>(in->tellg());
  return process_video(size, [in](std::uint64_t offset, char* out, std::size_t n) {
    in->clear();
    in->seekg(static_cast<std::streamoff>(offset));
    in->read(out, static_cast<std::streamsize>(n));
    return static_cast<std::int64_t>(in->gcount());
  });
}

} // namespace ag
