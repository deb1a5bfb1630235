#pragma once
/// The largest size of a JPEG photo through libjpeg-turbo's YUV planes:
/// decode without colour conversion, scale the planes, turn them per EXIF,
/// encode from the planes. About half the time of decode → BGR → resize →
/// encode, which is the critical path of a 12 MP photo (docs/benchmarks.md).
#include <optional>
#include <string_view>

#include "actors/media/codec/photo.hpp"
#include "core/rules/photo_sizes.hpp"

namespace ag {

/// `target` is the size as displayed (EXIF orientation applied). nullopt
/// when this path does not apply — chroma subsampling other than 4:2:0 or
/// 4:4:4 or grey, a mirroring orientation, or a decode error — and the
/// caller decodes with OpenCV instead (which also judges broken files).
std::optional<photo_size> largest_from_yuv(std::string_view jpeg,
                                           const photos::planned_size& target, int quality);

} // namespace ag
