#pragma once
/// Photo rules, without image libraries: the size ladder and the
/// dimensions in an image's header, read before anything is decoded so a
/// decompression bomb never reaches the decoder.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace ag::photos {

/// Photos larger than this many pixels are refused before decoding.
constexpr std::uint64_t max_pixels = 50'000'000;
/// The stripped thumbnail's longest side.
constexpr int stripped_side = 40;

/// A size of the ladder: its type letter and longest side.
struct rung {
  char type;
  int longest;
};
constexpr rung ladder[] = {{'s', 90}, {'m', 320}, {'x', 800}, {'y', 1280}, {'w', 2560}};

struct planned_size {
  char type;
  int width;
  int height;
};

/// The sizes to make of a `width` × `height` photo: every rung smaller than
/// the photo, scaled to that longest side, then the photo's own size under
/// the next rung's letter (never upscaled). Smallest first.
std::vector<planned_size> plan_sizes(int width, int height);

/// `width` × `height` scaled so the longest side is `longest` (never up).
planned_size fit(char type, int width, int height, int longest);

enum class image_format { jpeg, png };

struct image_header {
  image_format format;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
};

/// The format and dimensions of a JPEG or PNG from its header, or nullopt
/// (unknown format, malformed header, or no end marker: truncated).
std::optional<image_header> sniff_image(std::string_view bytes);

/// The EXIF orientation (1–8) of a JPEG, 1 when it has none or it does not
/// parse. Reads only the APP1 segment before the image data.
int jpeg_orientation(std::string_view jpeg);

} // namespace ag::photos
