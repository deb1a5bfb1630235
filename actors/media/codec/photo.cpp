#include "actors/media/codec/photo.hpp"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <thread>

#include "actors/media/codec/jpeg_yuv.hpp"
#include "core/error.hpp"
#include "core/rules/photo_sizes.hpp"

namespace ag {

namespace {

constexpr int jpeg_quality = 87;
constexpr int stripped_quality = 30;

std::string encode_jpeg(const cv::Mat& img, int quality) {
  std::vector<unsigned char> out;
  cv::imencode(".jpg", img, out, {cv::IMWRITE_JPEG_QUALITY, quality});
  return {out.begin(), out.end()};
}

/// The strongest reduced decode (1/8, 1/4, 1/2) that still leaves the
/// longest side at least `needed` pixels: libjpeg then skips most work.
int decode_flags(const photos::image_header& h, int needed) {
  if (h.format != photos::image_format::jpeg)
    return cv::IMREAD_COLOR;
  auto side = static_cast<int>(std::max(h.width, h.height));
  if (side / 8 >= needed)
    return cv::IMREAD_REDUCED_COLOR_8;
  if (side / 4 >= needed)
    return cv::IMREAD_REDUCED_COLOR_4;
  if (side / 2 >= needed)
    return cv::IMREAD_REDUCED_COLOR_2;
  return cv::IMREAD_COLOR;
}

/// `src` scaled to w × h: area averaging from twice the size or more, else
/// bilinear (area averaging at fractional factors under 2 costs 4× more
/// for no visible gain).
cv::Mat shrink(const cv::Mat& src, int w, int h) {
  if (w == src.cols && h == src.rows)
    return src;
  cv::Mat out;
  auto interpolation = src.cols >= 2 * w ? cv::INTER_AREA : cv::INTER_LINEAR;
  cv::resize(src, out, cv::Size(w, h), 0, 0, interpolation);
  return out;
}

/// Encodes `sizes` (smallest first) from `img`, largest first, each from the
/// previous; with `stripped`, also the stripped thumbnail from the smallest.
void make_sizes(const cv::Mat& img, const std::vector<photos::planned_size>& sizes, bool stripped,
                processed_photo& out) {
  cv::Mat current = img;
  std::vector<photo_size> made;
  for (auto i = sizes.rbegin(); i != sizes.rend(); ++i) {
    current = shrink(current, i->width, i->height);
    made.push_back(photo_size{i->type, i->width, i->height, encode_jpeg(current, jpeg_quality)});
  }
  out.sizes.insert(out.sizes.begin(), made.rbegin(), made.rend());
  if (stripped) {
    auto tiny = photos::fit('i', current.cols, current.rows, photos::stripped_side);
    cv::Mat thumb;
    cv::resize(current, thumb, cv::Size(tiny.width, tiny.height), 0, 0, cv::INTER_AREA);
    out.stripped = encode_jpeg(thumb, stripped_quality);
  }
}

struct decoded {
  cv::Mat img;
  int width = 0; ///< of the photo, after EXIF orientation
  int height = 0;
};

/// Decodes so that the longest side stays at least `needed` (EXIF applied).
decoded decode(std::string_view bytes, const photos::image_header& header, int needed) {
  cv::Mat raw(1, static_cast<int>(bytes.size()), CV_8UC1,
              const_cast<char*>(bytes.data())); // imdecode only reads
  decoded d;
  d.img = cv::imdecode(raw, decode_flags(header, needed));
  auto w = static_cast<int>(header.width);
  auto h = static_cast<int>(header.height);
  // EXIF orientation may have swapped the sides; a reduced decode shrank them.
  bool swapped = (d.img.cols > d.img.rows) != (w > h) && w != h;
  d.width = swapped ? h : w;
  d.height = swapped ? w : h;
  return d;
}

int longest(const photos::planned_size& s) {
  return std::max(s.width, s.height);
}

caf::expected<processed_photo> process(std::string_view bytes, bool thumbnail_only) {
  auto header = photos::sniff_image(bytes);
  if (!header)
    return make_error(errc::photo_invalid, "not a whole JPEG or PNG image");
  if (std::uint64_t{header->width} * header->height > photos::max_pixels)
    return make_error(errc::photo_invalid_dimensions, "photos have at most 50 megapixels");
  auto w = static_cast<int>(header->width);
  auto h = static_cast<int>(header->height);
  auto plan = thumbnail_only ? std::vector{photos::fit('m', w, h, photos::ladder[1].longest)}
                             : photos::plan_sizes(w, h);
  try {
    processed_photo out;
    // A large JPEG: the largest size needs the full decode, every other size
    // only a reduced one (libjpeg skips most of the work). Both decodes run
    // at once, the reduced one on a second thread.
    auto rest_needed = plan.size() > 1 ? longest(plan[plan.size() - 2]) : 0;
    bool split = plan.size() > 1 && decode_flags(*header, longest(plan.back())) == cv::IMREAD_COLOR
                 && decode_flags(*header, rest_needed) != cv::IMREAD_COLOR;
    if (split) {
      processed_photo small;
      bool small_ok = false;
      std::thread helper([&] {
        try {
          auto d = decode(bytes, *header, rest_needed);
          if (d.img.empty())
            return;
          auto p = photos::plan_sizes(d.width, d.height);
          p.pop_back();
          make_sizes(d.img, p, true, small);
          small_ok = true;
        } catch (const cv::Exception&) {
        }
      });
      // The largest size: libjpeg-turbo's YUV path when it applies, else
      // OpenCV's full decode.
      auto sideways = photos::jpeg_orientation(bytes) >= 5;
      decoded d;
      d.width = sideways ? h : w;
      d.height = sideways ? w : h;
      auto largest = photos::plan_sizes(d.width, d.height).back();
      auto fast = largest_from_yuv(bytes, largest, jpeg_quality);
      if (fast) {
        out.sizes.push_back(std::move(*fast));
      } else {
        try {
          d = decode(bytes, *header, longest(plan.back()));
          if (!d.img.empty())
            make_sizes(d.img, {photos::plan_sizes(d.width, d.height).back()}, false, out);
        } catch (const cv::Exception&) {
          d.img = cv::Mat{};
        }
      }
      helper.join();
      if ((!fast && d.img.empty()) || !small_ok)
        return make_error(errc::photo_invalid, "the image does not decode");
      out.sizes.insert(out.sizes.begin(), small.sizes.begin(), small.sizes.end());
      out.stripped = std::move(small.stripped);
      out.width = d.width;
      out.height = d.height;
      return out;
    }
    auto d = decode(bytes, *header, longest(plan.back()));
    if (d.img.empty())
      return make_error(errc::photo_invalid, "the image does not decode");
    out.width = d.width;
    out.height = d.height;
    auto sizes = thumbnail_only
                   ? std::vector{photos::fit('m', d.width, d.height, photos::ladder[1].longest)}
                   : photos::plan_sizes(d.width, d.height);
    make_sizes(d.img, sizes, true, out);
    return out;
  } catch (const cv::Exception&) {
    return make_error(errc::photo_invalid, "the image does not decode");
  }
}

} // namespace

caf::expected<processed_photo> process_photo(std::string_view bytes) {
  return process(bytes, false);
}

caf::expected<processed_photo> process_thumbnail(std::string_view bytes) {
  return process(bytes, true);
}

processed_photo thumbnail_of(const cv::Mat& frame) {
  processed_photo out;
  out.width = frame.cols;
  out.height = frame.rows;
  make_sizes(frame, {photos::fit('m', frame.cols, frame.rows, photos::ladder[1].longest)}, true,
             out);
  return out;
}

} // namespace ag
