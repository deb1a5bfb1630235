#include "core/cluster/endpoint.hpp"

#include <algorithm>
#include <charconv>

namespace ag::cluster {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ')
    s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ')
    s.remove_suffix(1);
  return s;
}

} // namespace

std::optional<endpoint> parse_endpoint(std::string_view text) {
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0)
    return std::nullopt;
  auto host = text.substr(0, colon);
  auto port = text.substr(colon + 1);
  if (host.find_first_of(" ,\t") != std::string_view::npos)
    return std::nullopt;
  unsigned value = 0;
  auto r = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || r.ec != std::errc{} || r.ptr != port.data() + port.size() || value == 0
      || value > 65535)
    return std::nullopt;
  return endpoint{std::string{host}, static_cast<std::uint16_t>(value)};
}

std::optional<std::vector<endpoint>> parse_endpoints(std::string_view text) {
  std::vector<endpoint> out;
  if (trim(text).empty())
    return out;
  while (true) {
    auto comma = text.find(',');
    auto e = parse_endpoint(trim(text.substr(0, comma)));
    if (!e || std::find(out.begin(), out.end(), *e) != out.end())
      return std::nullopt;
    out.push_back(std::move(*e));
    if (comma == std::string_view::npos)
      return out;
    text.remove_prefix(comma + 1);
  }
}

} // namespace ag::cluster
