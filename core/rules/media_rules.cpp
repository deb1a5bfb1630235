#include "core/rules/media_rules.hpp"

#include "core/codec/utf8.hpp"

namespace ag::media_rules {

std::optional<media_kind> parse_kind(std::string_view s) {
  if (s == "photo")
    return media_kind::photo;
  if (s == "document")
    return media_kind::document;
  if (s == "video")
    return media_kind::video;
  return std::nullopt;
}

errc check_caption(std::string_view caption) {
  if (!valid_utf8(caption))
    return errc::input_request_invalid;
  if (utf8_length(caption) > max_caption_length)
    return errc::message_too_long;
  return errc::none;
}

bool valid_file_name(std::string_view name) {
  if (name.empty() || name.size() > max_file_name_bytes || !valid_utf8(name) || name == "."
      || name == "..")
    return false;
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f || c == '/' || c == '\\')
      return false;
  return true;
}

namespace {

bool token_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
         || std::string_view{"!#$&-^_.+"}.find(c) != std::string_view::npos;
}

} // namespace

bool valid_mime_type(std::string_view mime) {
  if (mime.size() > max_mime_type_bytes)
    return false;
  auto slash = mime.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == mime.size())
    return false;
  for (std::size_t i = 0; i < mime.size(); ++i)
    if (i != slash && !token_char(mime[i]))
      return false;
  return true;
}

std::string_view default_mime(media_kind kind) {
  switch (kind) {
  case media_kind::photo:
    return "image/jpeg";
  case media_kind::video:
    return "video/mp4";
  default:
    return "application/octet-stream";
  }
}

std::optional<std::string> normalize_md5(std::string_view hex) {
  if (hex.size() != 32)
    return std::nullopt;
  std::string out;
  for (char c : hex) {
    if (c >= 'A' && c <= 'F')
      c = static_cast<char>(c - 'A' + 'a');
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
      return std::nullopt;
    out.push_back(c);
  }
  return out;
}

} // namespace ag::media_rules
