// actorgram-make-media: writes test and benchmark media with OpenCV.
//
//   build/actorgram-make-media jpeg  OUT WIDTH HEIGHT
//   build/actorgram-make-media png   OUT WIDTH HEIGHT
//   build/actorgram-make-media video OUT WIDTH HEIGHT FRAMES FPS   (H.264 MP4)
//
// Pictures have photo-like entropy (noise, blur, circles) so JPEG timings
// and sizes resemble real photos; videos move a shape across a gradient.
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

cv::Mat picture(int w, int h) {
  cv::Mat img(h, w, CV_8UC3);
  cv::randn(img, cv::Scalar(128, 128, 128), cv::Scalar(40, 40, 40));
  cv::GaussianBlur(img, img, cv::Size(5, 5), 1.5);
  for (int i = 0; i < 60; ++i)
    cv::circle(img, cv::Point(i * 67 % w, i * 131 % h), std::max(2, (40 + i * 7) * w / 4000),
               cv::Scalar(i * 4 % 256, 255 - i * 3 % 256, i * 9 % 256), std::max(1, 6 * w / 4000));
  return img;
}

int usage() {
  std::fprintf(stderr, "usage: actorgram-make-media jpeg|png OUT W H | video OUT W H FRAMES FPS\n");
  return 2;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 5)
    return usage();
  std::string kind = argv[1];
  std::string out = argv[2];
  int w = std::atoi(argv[3]);
  int h = std::atoi(argv[4]);
  if (w <= 0 || h <= 0)
    return usage();
  if (kind == "jpeg" || kind == "png") {
    auto ok = cv::imwrite(out, picture(w, h), {cv::IMWRITE_JPEG_QUALITY, 92});
    return ok ? 0 : 1;
  }
  if (kind != "video" || argc < 7)
    return usage();
  int frames = std::atoi(argv[5]);
  double fps = std::atof(argv[6]);
  cv::VideoWriter writer(out, cv::CAP_FFMPEG, cv::VideoWriter::fourcc('a', 'v', 'c', '1'), fps,
                         cv::Size(w, h));
  if (!writer.isOpened())
    return 1;
  cv::Mat base = picture(w, h);
  for (int i = 0; i < frames; ++i) {
    cv::Mat f = base.clone();
    cv::circle(f, cv::Point(i * 10 % w, h / 2), h / 8, cv::Scalar(255, 255, 255), -1);
    writer.write(f);
  }
  return 0;
}
