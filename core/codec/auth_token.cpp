#include "core/codec/auth_token.hpp"

#include <charconv>

#include "core/codec/json_writer.hpp"

namespace ag {

namespace {

constexpr std::string_view implicit_assertion = "actorgram-access-v1";

// Reads `"name":<digits>` at the front of s and advances past it.
bool read_field(std::string_view& s, std::string_view name, std::uint64_t& out) {
  std::string prefix = "\"" + std::string{name} + "\":";
  if (s.substr(0, prefix.size()) != prefix)
    return false;
  s.remove_prefix(prefix.size());
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc{})
    return false;
  s.remove_prefix(static_cast<std::size_t>(ptr - s.data()));
  return true;
}

} // namespace

std::string issue_token(const paseto::key& k, const token_claims& c) {
  json_writer w;
  w.begin_object()
    .field("uid", c.user)
    .field("sid", c.session)
    .field("iat", c.issued_at)
    .end_object();
  return paseto::encrypt_v4_local(k, w.str(), {}, implicit_assertion);
}

std::optional<token_claims> read_token(const paseto::key& k, std::string_view token) {
  if (token.size() > 512)
    return std::nullopt;
  auto payload = paseto::decrypt_v4_local(k, token, implicit_assertion);
  if (!payload)
    return std::nullopt;
  // Authenticated bytes written by issue_token: parse exactly that shape.
  std::string_view s{*payload};
  token_claims c;
  std::uint64_t iat = 0;
  if (s.substr(0, 1) != "{")
    return std::nullopt;
  s.remove_prefix(1);
  if (!read_field(s, "uid", c.user) || s.substr(0, 1) != ",")
    return std::nullopt;
  s.remove_prefix(1);
  if (!read_field(s, "sid", c.session) || s.substr(0, 1) != ",")
    return std::nullopt;
  s.remove_prefix(1);
  if (!read_field(s, "iat", iat) || s != "}")
    return std::nullopt;
  c.issued_at = static_cast<std::int64_t>(iat);
  return c;
}

} // namespace ag
