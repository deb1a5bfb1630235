// actorgram-bench-media: times process_photo (actors/media/codec/photo.hpp) on a JPEG,
// or process_video (actors/media/codec/video.hpp) on a video.
//
//   build/actorgram-bench-media [photo.jpg] [runs]
//   build/actorgram-bench-media --video clip.mp4 [runs]
//
// Without a file it makes a 4000×3000 (12 MP) JPEG with noise and edges
// (photo-like entropy, quality 92). Reports min/median/max milliseconds for
// all sizes plus the stripped thumbnail, on one thread.
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "actors/media/codec/photo.hpp"
#include "actors/media/codec/video.hpp"

namespace {

int bench_video(const std::string& path, int runs) {
  cv::setNumThreads(1);
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    auto r = ag::process_video_file(path);
    ms.push_back(
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (!r) {
      std::fprintf(stderr, "process_video failed\n");
      return 1;
    }
    if (i == 0)
      std::printf("video %dx%d, %d ms long\n", r->width, r->height, r->duration_ms);
  }
  std::sort(ms.begin(), ms.end());
  std::printf("RESULT video_runs=%d min_ms=%.1f median_ms=%.1f max_ms=%.1f\n", runs, ms.front(),
              ms[ms.size() / 2], ms.back());
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  if (argc > 2 && std::string{argv[1]} == "--video")
    return bench_video(argv[2], argc > 3 ? std::atoi(argv[3]) : 10);
  std::string bytes;
  if (argc > 1) {
    std::ifstream in{argv[1], std::ios::binary};
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  } else {
    cv::Mat img(3000, 4000, CV_8UC3);
    cv::randn(img, cv::Scalar(128, 128, 128), cv::Scalar(40, 40, 40));
    cv::GaussianBlur(img, img, cv::Size(5, 5), 1.5);
    for (int i = 0; i < 60; ++i)
      cv::circle(img, cv::Point(i * 67 % 4000, i * 131 % 3000), 40 + i * 7,
                 cv::Scalar(i * 4 % 256, 255 - i * 3 % 256, i * 9 % 256), 6);
    std::vector<unsigned char> out;
    cv::imencode(".jpg", img, out, {cv::IMWRITE_JPEG_QUALITY, 92});
    bytes.assign(out.begin(), out.end());
  }
  int runs = argc > 2 ? std::atoi(argv[2]) : 10;
  cv::setNumThreads(1); // one media actor = one thread
  std::vector<double> ms;
  std::size_t sizes = 0;
  for (int i = 0; i < runs; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    auto r = ag::process_photo(bytes);
    ms.push_back(
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (!r) {
      std::fprintf(stderr, "process_photo failed\n");
      return 1;
    }
    sizes = r->sizes.size();
  }
  std::sort(ms.begin(), ms.end());
  std::printf("photo %zu bytes: %zu sizes + stripped, %d runs: min %.1f ms, median %.1f ms, max "
              "%.1f ms\n",
              bytes.size(), sizes, runs, ms.front(), ms[ms.size() / 2], ms.back());
  std::printf("RESULT photo_bytes=%zu runs=%d min_ms=%.1f median_ms=%.1f max_ms=%.1f\n",
              bytes.size(), runs, ms.front(), ms[ms.size() / 2], ms.back());
  return 0;
}
