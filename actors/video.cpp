#include "actors/video.hpp"

#include <cmath>
#include <opencv2/core.hpp>
#include <opencv2/videoio.hpp>

#include "core/error.hpp"
#include "core/photo_sizes.hpp"

namespace ag {

caf::expected<processed_video> process_video(const std::string& path) {
  try {
    cv::VideoCapture cap(path, cv::CAP_FFMPEG);
    if (!cap.isOpened())
      return make_error(errc::media_invalid, "the file does not open as a video");
    auto w = static_cast<std::uint64_t>(cap.get(cv::CAP_PROP_FRAME_WIDTH));
    auto h = static_cast<std::uint64_t>(cap.get(cv::CAP_PROP_FRAME_HEIGHT));
    if (w == 0 || h == 0)
      return make_error(errc::media_invalid, "the video has no picture");
    if (w * h > photos::max_pixels)
      return make_error(errc::photo_invalid_dimensions, "frames have at most 50 megapixels");
    cv::Mat frame;
    if (!cap.read(frame) || frame.empty())
      return make_error(errc::media_invalid, "the video has no decodable frame");
    processed_video out;
    out.width = frame.cols;
    out.height = frame.rows;
    auto fps = cap.get(cv::CAP_PROP_FPS);
    auto frames = cap.get(cv::CAP_PROP_FRAME_COUNT);
    if (fps > 0 && frames > 0 && std::isfinite(fps) && std::isfinite(frames))
      out.duration_ms = static_cast<int>(std::min(frames / fps * 1000.0, 2.0e9));
    out.thumb = thumbnail_of(frame);
    return out;
  } catch (const cv::Exception&) {
    return make_error(errc::media_invalid, "the video does not decode");
  }
}

} // namespace ag
