#include "actors/photo.hpp"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/error.hpp"
#include "core/photo_sizes.hpp"

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

/// The sizes of `img` (already oriented, possibly reduced) for a photo of
/// `width` × `height`: the whole ladder, or only the m thumbnail.
processed_photo make_sizes(const cv::Mat& img, int width, int height, bool thumbnail_only) {
  processed_photo out;
  out.width = width;
  out.height = height;
  auto sizes = photos::plan_sizes(width, height);
  if (thumbnail_only)
    sizes = {photos::fit('m', width, height, photos::ladder[1].longest)};
  cv::Mat current = img;
  // Largest first, each from the previous: area averaging stays cheap.
  for (auto i = sizes.rbegin(); i != sizes.rend(); ++i) {
    cv::Mat scaled;
    if (i->width == current.cols && i->height == current.rows)
      scaled = current;
    else
      cv::resize(current, scaled, cv::Size(i->width, i->height), 0, 0, cv::INTER_AREA);
    out.sizes.push_back(
      photo_size{i->type, i->width, i->height, encode_jpeg(scaled, jpeg_quality)});
    current = scaled;
  }
  std::reverse(out.sizes.begin(), out.sizes.end());
  auto tiny = photos::fit('i', current.cols, current.rows, photos::stripped_side);
  cv::Mat thumb;
  cv::resize(current, thumb, cv::Size(tiny.width, tiny.height), 0, 0, cv::INTER_AREA);
  out.stripped = encode_jpeg(thumb, stripped_quality);
  return out;
}

caf::expected<processed_photo> process(std::string_view bytes, bool thumbnail_only) {
  auto header = photos::sniff_image(bytes);
  if (!header)
    return make_error(errc::photo_invalid, "not a whole JPEG or PNG image");
  if (std::uint64_t{header->width} * header->height > photos::max_pixels)
    return make_error(errc::photo_invalid_dimensions, "photos have at most 50 megapixels");
  try {
    // The largest size needed decides how far the decoder may reduce.
    auto w = static_cast<int>(header->width);
    auto h = static_cast<int>(header->height);
    auto plan = thumbnail_only ? std::vector{photos::fit('m', w, h, photos::ladder[1].longest)}
                               : photos::plan_sizes(w, h);
    auto needed = std::max(plan.back().width, plan.back().height);
    cv::Mat raw(1, static_cast<int>(bytes.size()), CV_8UC1,
                const_cast<char*>(bytes.data())); // imdecode only reads
    cv::Mat img = cv::imdecode(raw, decode_flags(*header, needed));
    if (img.empty())
      return make_error(errc::photo_invalid, "the image does not decode");
    // EXIF orientation may have swapped the sides; a reduced decode shrank them.
    bool swapped =
      (img.cols > img.rows) != (header->width > header->height) && header->width != header->height;
    return make_sizes(img, swapped ? h : w, swapped ? w : h, thumbnail_only);
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
  return make_sizes(frame, frame.cols, frame.rows, true);
}

} // namespace ag
