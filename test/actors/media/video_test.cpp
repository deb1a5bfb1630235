// Video probing through FFmpeg (actors/media/codec/video.hpp): dimensions, duration and
// a first-frame thumbnail read through the reader callback; broken input.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "actors/media/codec/video.hpp"
#include "core/error.hpp"

using namespace ag;

namespace {

/// An H.264 MP4 of `frames` frames at 25 fps, as bytes.
std::string mp4_of(int w, int h, int frames) {
  auto path = std::filesystem::temp_directory_path()
              / ("actorgram-video-" + std::to_string(::getpid()) + ".mp4");
  {
    cv::VideoWriter out(path.string(), cv::CAP_FFMPEG, cv::VideoWriter::fourcc('a', 'v', 'c', '1'),
                        25, cv::Size(w, h));
    REQUIRE(out.isOpened());
    for (int i = 0; i < frames; ++i) {
      cv::Mat f(h, w, CV_8UC3, cv::Scalar(40, 90, 200));
      cv::circle(f, cv::Point(i * 4 % w, h / 2), h / 6, cv::Scalar(255, 255, 255), -1);
      out.write(f);
    }
  }
  std::ifstream in{path, std::ios::binary};
  std::string bytes{std::istreambuf_iterator<char>(in), {}};
  std::filesystem::remove(path);
  return bytes;
}

caf::expected<processed_video> probe(const std::string& bytes) {
  return process_video(bytes.size(), [&](std::uint64_t offset, char* out, std::size_t n) {
    if (offset >= bytes.size())
      return std::int64_t{0};
    auto k = std::min<std::size_t>(n, bytes.size() - offset);
    std::memcpy(out, bytes.data() + offset, k);
    return static_cast<std::int64_t>(k);
  });
}

errc code_of(const caf::error& e) {
  return static_cast<errc>(e.code());
}

} // namespace

TEST_CASE("a video gives its size, duration and a first-frame thumbnail") {
  auto bytes = mp4_of(640, 360, 50);
  auto v = probe(bytes);
  REQUIRE(v);
  CHECK(v->width == 640);
  CHECK(v->height == 360);
  CHECK(v->duration_ms >= 1900);
  CHECK(v->duration_ms <= 2100);
  REQUIRE(v->thumb.sizes.size() == 1);
  CHECK(v->thumb.sizes[0].type == 'm');
  CHECK(v->thumb.sizes[0].width == 320);
  CHECK(v->thumb.sizes[0].height == 180);
  auto img = cv::imdecode(
    std::vector<unsigned char>(v->thumb.sizes[0].jpeg.begin(), v->thumb.sizes[0].jpeg.end()),
    cv::IMREAD_COLOR);
  REQUIRE_FALSE(img.empty());
  // The first frame: the circle is at the left edge, the background blue.
  auto bg = img.at<cv::Vec3b>(10, 300);
  CHECK(bg[2] > 150);
  CHECK(!v->thumb.stripped.empty());
}

TEST_CASE("broken videos are MEDIA_INVALID and never crash") {
  auto good = mp4_of(320, 240, 10);
  CHECK(code_of(probe("").error()) == errc::media_invalid);
  CHECK(code_of(probe(std::string(5000, 'x')).error()) == errc::media_invalid);
  // Truncated anywhere, bit-flipped, or with a failing reader: an error or
  // a result, never a crash.
  for (std::size_t cut : {16ul, 100ul, good.size() / 3, good.size() / 2, good.size() - 1})
    (void) probe(good.substr(0, cut));
  for (int i = 0; i < 40; ++i) {
    auto bad = good;
    bad[(i * 7919u) % bad.size()] ^= static_cast<char>(1 << (i % 8));
    (void) probe(bad);
  }
  auto failing =
    process_video(good.size(), [](std::uint64_t, char*, std::size_t) { return std::int64_t{-1}; });
  CHECK(code_of(failing.error()) == errc::media_invalid);
}
