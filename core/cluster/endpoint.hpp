#pragma once
/// A node's cluster address, and the `cluster.seeds` list of them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ag::cluster {

struct endpoint {
  std::string host;
  std::uint16_t port = 0;
  friend auto operator<=>(const endpoint&, const endpoint&) = default;
  [[nodiscard]] std::string text() const { return host + ":" + std::to_string(port); }
};

/// `host:port`, the host non-empty and without spaces, the port 1-65535;
/// nullopt otherwise.
std::optional<endpoint> parse_endpoint(std::string_view text);

/// A comma-separated list of `host:port` (spaces around items allowed, an
/// empty text is an empty list); nullopt if any item is malformed or named
/// twice.
std::optional<std::vector<endpoint>> parse_endpoints(std::string_view text);

} // namespace ag::cluster
