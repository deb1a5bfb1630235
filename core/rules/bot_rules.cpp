#include "core/rules/bot_rules.hpp"

#include <charconv>

#include <sodium.h>

#include "core/codec/json_writer.hpp"
#include "core/rules/limits.hpp"

namespace ag::bot_rules {

errc check_username(std::string_view username) {
  if (auto e = limits::check_username(username); e != errc::none)
    return e;
  auto lower = limits::normalize_username(username);
  if (lower.size() < 3 || lower.compare(lower.size() - 3, 3, "bot") != 0)
    return errc::username_invalid;
  return errc::none;
}

std::string new_secret() {
  static constexpr std::string_view alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
  std::string out(secret_length, ' ');
  for (auto& c : out)
    c = alphabet[randombytes_uniform(static_cast<std::uint32_t>(alphabet.size()))];
  return out;
}

std::string hash_secret(std::string_view secret) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  std::string hex(sizeof(digest) * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest, sizeof(digest));
  hex.pop_back();
  return hex;
}

bool secret_matches(std::string_view secret, std::string_view hash) {
  auto mine = hash_secret(secret);
  return mine.size() == hash.size() && sodium_memcmp(mine.data(), hash.data(), mine.size()) == 0;
}

std::optional<parsed_token> parse_token(std::string_view token) {
  if (token.size() > 80)
    return std::nullopt;
  auto colon = token.find(':');
  if (colon == std::string_view::npos || colon == 0 || token[0] == '0' || colon + 1 == token.size())
    return std::nullopt;
  std::uint64_t id = 0;
  auto r = std::from_chars(token.data(), token.data() + colon, id);
  if (r.ec != std::errc{} || r.ptr != token.data() + colon || id == 0)
    return std::nullopt;
  return parsed_token{id, token.substr(colon + 1)};
}

std::string make_token(std::uint64_t bot, std::string_view secret) {
  return std::to_string(bot) + ":" + std::string(secret);
}

bool offers_callback(std::string_view stored_markup, std::string_view data) {
  if (data.empty() || !stored_markup.starts_with(R"({"inline_keyboard":)"))
    return false;
  // The canonical form writes each button's data as "callback_data":"<escaped>"
  // with nothing between. A quote inside a string value is stored escaped
  // (\"), so this needle, with its unescaped quotes, only matches a key
  // and its whole value.
  std::string needle = R"("callback_data":")";
  json_writer::escape_into(needle, data);
  needle += '"';
  return stored_markup.find(needle) != std::string_view::npos;
}

} // namespace ag::bot_rules
