#pragma once
/// Photo processing for the media actors: decode (EXIF
/// orientation applied), the ladder of JPEG sizes of core/rules/photo_sizes.hpp,
/// and a stripped thumbnail to inline in messages. CPU-heavy: run it on a
/// media actor, never on the dfs or gateway threads.
#include <caf/expected.hpp>
#include <caf/meta/type_name.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace cv {
class Mat;
}

namespace ag {

struct photo_size {
  char type = 0;
  int width = 0;
  int height = 0;
  std::string jpeg;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, photo_size& x) {
  return f(caf::meta::type_name("photo_size"), x.type, x.width, x.height, x.jpeg);
}

struct processed_photo {
  int width = 0; ///< after EXIF orientation
  int height = 0;
  std::vector<photo_size> sizes; ///< smallest first
  std::string stripped;          ///< a tiny JPEG, longest side 40 px
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, processed_photo& x) {
  return f(caf::meta::type_name("processed_photo"), x.width, x.height, x.sizes, x.stripped);
}

/// PHOTO_INVALID for anything that is not a whole JPEG or PNG, or does not
/// decode; PHOTO_INVALID_DIMENSIONS over 50 megapixels (checked on the
/// header, before decoding).
caf::expected<processed_photo> process_photo(std::string_view bytes);

/// Only the m size (320) and the stripped thumbnail: documents that are
/// images. Same refusals as process_photo.
caf::expected<processed_photo> process_thumbnail(std::string_view bytes);

/// The m size and stripped thumbnail of a decoded BGR frame (videos).
processed_photo thumbnail_of(const cv::Mat& frame);

} // namespace ag
