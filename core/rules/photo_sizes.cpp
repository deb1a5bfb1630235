#include "core/rules/photo_sizes.hpp"

#include <algorithm>
#include <cmath>

namespace ag::photos {

planned_size fit(char type, int width, int height, int longest) {
  auto side = std::max(width, height);
  if (side <= longest)
    return {type, width, height};
  auto scale = static_cast<double>(longest) / side;
  auto w = std::max(1, static_cast<int>(std::lround(width * scale)));
  auto h = std::max(1, static_cast<int>(std::lround(height * scale)));
  return {type, width >= height ? longest : w, height > width ? longest : h};
}

std::vector<planned_size> plan_sizes(int width, int height) {
  std::vector<planned_size> out;
  auto side = std::max(width, height);
  for (auto& r : ladder) {
    if (r.longest < side) {
      out.push_back(fit(r.type, width, height, r.longest));
    } else {
      out.push_back({r.type, width, height}); // the photo itself, not upscaled
      break;
    }
  }
  return out;
}

namespace {

std::uint32_t be16(std::string_view b, std::size_t at) {
  return (static_cast<std::uint8_t>(b[at]) << 8) | static_cast<std::uint8_t>(b[at + 1]);
}

std::uint32_t be32(std::string_view b, std::size_t at) {
  return (be16(b, at) << 16) | be16(b, at + 2);
}

std::optional<image_header> sniff_jpeg(std::string_view b) {
  std::size_t at = 2;
  while (at + 4 <= b.size()) {
    if (static_cast<std::uint8_t>(b[at]) != 0xff)
      return std::nullopt;
    auto marker = static_cast<std::uint8_t>(b[at + 1]);
    if (marker == 0xff) { // fill byte
      ++at;
      continue;
    }
    if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    auto len = be16(b, at + 2);
    if (len < 2 || at + 2 + len > b.size())
      return std::nullopt;
    bool sof =
      marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
    if (sof) {
      if (len < 7)
        return std::nullopt;
      image_header h{image_format::jpeg, be16(b, at + 7), be16(b, at + 5)};
      // Entropy-coded data never holds FF D9 (FF is stuffed), so without one
      // after the header the file was cut short.
      if (b.find("\xff\xd9", at + 2 + len) == std::string_view::npos)
        return std::nullopt;
      if (h.width == 0 || h.height == 0)
        return std::nullopt;
      return h;
    }
    if (marker == 0xda || marker == 0xd9)
      return std::nullopt; // scan or end before any frame header
    at += 2 + len;
  }
  return std::nullopt;
}

std::optional<image_header> sniff_png(std::string_view b) {
  if (b.size() < 33 || b.substr(12, 4) != "IHDR")
    return std::nullopt;
  image_header h{image_format::png, be32(b, 16), be32(b, 20)};
  if (h.width == 0 || h.height == 0 || h.width > 0x7fffffff || h.height > 0x7fffffff)
    return std::nullopt;
  if (b.find("IEND") == std::string_view::npos)
    return std::nullopt; // truncated
  return h;
}

} // namespace

int jpeg_orientation(std::string_view b) {
  if (b.size() < 4 || b.substr(0, 2) != "\xff\xd8")
    return 1;
  std::size_t at = 2;
  while (at + 4 <= b.size() && static_cast<std::uint8_t>(b[at]) == 0xff) {
    auto marker = static_cast<std::uint8_t>(b[at + 1]);
    auto len = be16(b, at + 2);
    if (marker == 0xda || len < 2 || at + 2 + len > b.size())
      return 1; // image data, or a broken segment: no EXIF before it
    if (marker == 0xe1 && len >= 8 && b.substr(at + 4, 6) == std::string_view{"Exif\0\0", 6}) {
      auto tiff = b.substr(at + 10, len - 8);
      if (tiff.size() < 8)
        return 1;
      bool little = tiff.substr(0, 2) == "II";
      if (!little && tiff.substr(0, 2) != "MM")
        return 1;
      auto u16 = [&](std::size_t i) -> std::uint32_t {
        if (i + 2 > tiff.size())
          return 0;
        auto a = static_cast<std::uint8_t>(tiff[i]), c = static_cast<std::uint8_t>(tiff[i + 1]);
        return little ? (c << 8 | a) : (a << 8 | c);
      };
      auto u32 = [&](std::size_t i) -> std::uint32_t {
        return little ? (u16(i + 2) << 16 | u16(i)) : (u16(i) << 16 | u16(i + 2));
      };
      auto ifd = u32(4);
      auto count = u16(ifd);
      for (std::uint32_t e = 0; e < count && ifd + 2 + 12 * (e + 1) <= tiff.size(); ++e) {
        auto entry = ifd + 2 + 12 * e;
        if (u16(entry) == 0x0112) {
          auto v = static_cast<int>(u16(entry + 8));
          return v >= 1 && v <= 8 ? v : 1;
        }
      }
      return 1;
    }
    at += 2 + len;
  }
  return 1;
}

std::optional<image_header> sniff_image(std::string_view bytes) {
  if (bytes.size() >= 4 && bytes.substr(0, 2) == "\xff\xd8")
    return sniff_jpeg(bytes);
  if (bytes.size() >= 8 && bytes.substr(0, 8) == std::string_view{"\x89PNG\r\n\x1a\n", 8})
    return sniff_png(bytes);
  return std::nullopt;
}

} // namespace ag::photos
