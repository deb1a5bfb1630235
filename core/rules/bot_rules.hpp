#pragma once
/// Bot accounts' rules without I/O: usernames, tokens `<bot_id>:<secret>`
/// (the official server's shape: a decimal id, a colon, then the secret).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace ag::bot_rules {

inline constexpr std::size_t secret_length = 40; ///< [A-Za-z0-9_-], ~238 bits

/// A bot's username: a valid username (limits::check_username) ending in
/// "bot", any case. USERNAME_INVALID otherwise.
errc check_username(std::string_view username);

/// A new random secret of `secret_length` characters.
std::string new_secret();

/// What is stored: the SHA-256 of the secret, hex.
std::string hash_secret(std::string_view secret);

/// True if `secret` hashes to `hash`, compared in constant time.
bool secret_matches(std::string_view secret, std::string_view hash);

struct parsed_token {
  std::uint64_t bot = 0;
  std::string_view secret;
};

/// `<bot_id>:<secret>`: nullopt when there is no colon, the id is not a
/// decimal number above 0 without a leading zero, the secret is empty or
/// the token longer than 80 characters (the official server's checks).
std::optional<parsed_token> parse_token(std::string_view token);

std::string make_token(std::uint64_t bot, std::string_view secret);

/// Whether a message's stored keyboard (canonical JSON, as
/// http/bot/reply_markup.cpp writes it) is inline and has a button with
/// this callback_data: what a user may press (messages.getBotCallbackAnswer).
bool offers_callback(std::string_view stored_markup, std::string_view data);

} // namespace ag::bot_rules
