#include "http/bot/multipart_shield.hpp"

#include <string_view>

#include "core/codec/ascii.hpp"

namespace ag {

bool shield_bot_multipart(std::string& request) {
  std::string_view all{request};
  auto head_end = all.find("\r\n\r\n");
  auto line_end = all.find("\r\n");
  if (head_end == std::string_view::npos || line_end == std::string_view::npos)
    return false;
  auto line = all.substr(0, line_end);
  auto sp = line.find(' ');
  if (sp == std::string_view::npos || line.substr(sp + 1, 4) != "/bot")
    return false;
  std::size_t at = line_end + 2;
  while (at < head_end) {
    auto eol = all.find("\r\n", at);
    auto header = all.substr(at, eol - at);
    auto colon = header.find(':');
    if (colon != std::string_view::npos && colon == 12
        && ascii::istarts_with(header, "content-type")) {
      auto value = header.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
        value.remove_prefix(1);
      if (!ascii::istarts_with(value, "multipart/"))
        return false;
      request.replace(at, 12, bot_content_type_header);
      return true;
    }
    at = eol + 2;
  }
  return false;
}

} // namespace ag
