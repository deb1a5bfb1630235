#include "core/codec/base64.hpp"

#include <cstdint>

namespace ag {

std::string base64_encode(std::string_view in, bool url_safe) {
  static constexpr char std_chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  static constexpr char url_chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const char* chars = url_safe ? url_chars : std_chars;
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    std::uint32_t v = (static_cast<std::uint8_t>(in[i]) << 16)
                      | (static_cast<std::uint8_t>(in[i + 1]) << 8)
                      | static_cast<std::uint8_t>(in[i + 2]);
    out.push_back(chars[(v >> 18) & 63]);
    out.push_back(chars[(v >> 12) & 63]);
    out.push_back(chars[(v >> 6) & 63]);
    out.push_back(chars[v & 63]);
  }
  auto rest = in.size() - i;
  if (rest > 0) {
    std::uint32_t v = static_cast<std::uint8_t>(in[i]) << 16;
    if (rest == 2)
      v |= static_cast<std::uint8_t>(in[i + 1]) << 8;
    out.push_back(chars[(v >> 18) & 63]);
    out.push_back(chars[(v >> 12) & 63]);
    if (rest == 2)
      out.push_back(chars[(v >> 6) & 63]);
    if (!url_safe)
      out.append(rest == 1 ? "==" : "=");
  }
  return out;
}

std::optional<std::string> base64url_decode(std::string_view in) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z')
      return c - 'A';
    if (c >= 'a' && c <= 'z')
      return c - 'a' + 26;
    if (c >= '0' && c <= '9')
      return c - '0' + 52;
    if (c == '-')
      return 62;
    if (c == '_')
      return 63;
    return -1;
  };
  if (in.size() % 4 == 1)
    return std::nullopt;
  std::string out;
  out.reserve(in.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    auto v = val(c);
    if (v < 0)
      return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  // Leftover bits must be zero (canonical encoding).
  if (bits > 0 && (acc & ((1u << bits) - 1)) != 0)
    return std::nullopt;
  return out;
}

std::optional<std::string> base64_decode(std::string_view in) {
  if (in.size() % 4 != 0)
    return std::nullopt;
  auto body = in;
  for (int i = 0; i < 2 && !body.empty() && body.back() == '='; ++i)
    body.remove_suffix(1);
  std::string mapped{body};
  for (auto& c : mapped) {
    if (c == '-' || c == '_' || c == '=')
      return std::nullopt;
    if (c == '+')
      c = '-';
    else if (c == '/')
      c = '_';
  }
  return base64url_decode(mapped);
}

} // namespace ag
