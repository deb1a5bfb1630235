#include "core/codec/content_type.hpp"

namespace ag {

std::string_view sniff_mime(std::string_view h) {
  auto starts = [&](std::string_view magic, std::size_t at = 0) {
    return h.size() >= at + magic.size() && h.substr(at, magic.size()) == magic;
  };
  if (starts("\xFF\xD8\xFF"))
    return "image/jpeg";
  if (starts("\x89PNG\r\n\x1A\n"))
    return "image/png";
  if (starts("GIF87a") || starts("GIF89a"))
    return "image/gif";
  if (starts("RIFF") && starts("WEBP", 8))
    return "image/webp";
  if (starts("ftyp", 4))
    return "video/mp4";
  if (starts("\x1A\x45\xDF\xA3"))
    return "video/webm";
  if (starts("%PDF-"))
    return "application/pdf";
  if (starts("PK\x03\x04"))
    return "application/zip";
  return {};
}

} // namespace ag
