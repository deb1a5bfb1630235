#include "actors/media/codec/jpeg_yuv.hpp"

#include <memory>
#include <turbojpeg.h>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace ag {

namespace {

struct tj_handle {
  tjhandle h;
  explicit tj_handle(tjhandle x) : h(x) {}
  ~tj_handle() {
    if (h != nullptr)
      tjDestroy(h);
  }
};

} // namespace

std::optional<photo_size> largest_from_yuv(std::string_view jpeg,
                                           const photos::planned_size& target, int quality) {
  auto orientation = photos::jpeg_orientation(jpeg);
  if (orientation != 1 && orientation != 3 && orientation != 6 && orientation != 8)
    return std::nullopt;
  tj_handle dec{tjInitDecompress()};
  if (dec.h == nullptr)
    return std::nullopt;
  auto* data = reinterpret_cast<const unsigned char*>(jpeg.data());
  int w = 0, h = 0, subsamp = 0, colorspace = 0;
  if (tjDecompressHeader3(dec.h, data, jpeg.size(), &w, &h, &subsamp, &colorspace) != 0)
    return std::nullopt;
  if (subsamp != TJSAMP_420 && subsamp != TJSAMP_444 && subsamp != TJSAMP_GRAY)
    return std::nullopt;
  bool sideways = orientation == 6 || orientation == 8;
  // The size before turning.
  int tw = sideways ? target.height : target.width;
  int th = sideways ? target.width : target.height;
  if (std::max(tw, th) > std::max(w, h))
    return std::nullopt; // never upscale
  int planes = subsamp == TJSAMP_GRAY ? 1 : 3;
  std::vector<cv::Mat> src(planes), dst(planes);
  unsigned char* in[3] = {};
  int in_stride[3] = {};
  for (int i = 0; i < planes; ++i) {
    src[i].create(tjPlaneHeight(i, h, subsamp), tjPlaneWidth(i, w, subsamp), CV_8UC1);
    in[i] = src[i].data;
    in_stride[i] = static_cast<int>(src[i].step);
  }
  if (tjDecompressToYUVPlanes(dec.h, data, jpeg.size(), in, w, in_stride, h,
                              TJFLAG_FASTDCT | TJFLAG_FASTUPSAMPLE)
      != 0)
    return std::nullopt; // warnings included: OpenCV decides about damaged files
  const unsigned char* out[3] = {};
  int out_stride[3] = {};
  for (int i = 0; i < planes; ++i) {
    cv::Size size{tjPlaneWidth(i, tw, subsamp), tjPlaneHeight(i, th, subsamp)};
    auto interpolation = src[i].cols >= 2 * size.width ? cv::INTER_AREA : cv::INTER_LINEAR;
    if (size == src[i].size())
      dst[i] = src[i];
    else
      cv::resize(src[i], dst[i], size, 0, 0, interpolation);
    if (orientation == 3)
      cv::rotate(dst[i], dst[i], cv::ROTATE_180);
    else if (orientation == 6)
      cv::rotate(dst[i], dst[i], cv::ROTATE_90_CLOCKWISE);
    else if (orientation == 8)
      cv::rotate(dst[i], dst[i], cv::ROTATE_90_COUNTERCLOCKWISE);
    if (!dst[i].isContinuous())
      dst[i] = dst[i].clone();
    out[i] = dst[i].data;
    out_stride[i] = static_cast<int>(dst[i].step);
  }
  tj_handle enc{tjInitCompress()};
  if (enc.h == nullptr)
    return std::nullopt;
  unsigned char* buf = nullptr;
  unsigned long size = 0;
  if (tjCompressFromYUVPlanes(enc.h, out, target.width, out_stride, target.height, subsamp, &buf,
                              &size, quality, 0)
      != 0) {
    tjFree(buf);
    return std::nullopt;
  }
  photo_size s{target.type, target.width, target.height,
               std::string(reinterpret_cast<char*>(buf), size)};
  tjFree(buf);
  return s;
}

} // namespace ag
