#pragma once
/// SHA-1, only for the WebSocket handshake (RFC 6455 §4.2.2 requires it;
/// libsodium has no SHA-1). Not for anything that needs collision resistance.
#include <array>
#include <cstdint>
#include <string_view>

namespace ag {

std::array<std::uint8_t, 20> sha1(std::string_view data);

} // namespace ag
