#pragma once
/// Input rules for the methods of DESIGN.md §4, without I/O.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace ag::limits {

constexpr std::size_t max_message_length = 4096; ///< code points
constexpr std::size_t max_name_length = 64;      ///< code points
constexpr std::size_t min_password_length = 8;
constexpr std::size_t max_password_length = 256;
constexpr std::size_t max_ids_per_request = 200;
constexpr std::int32_t max_history_limit = 100;
constexpr std::int32_t max_dialogs_limit = 100;
constexpr std::int32_t max_difference_limit = 1000;
constexpr std::int64_t random_id_window_s = 24 * 3600;
/// How long a typing notice shows unless renewed (Telegram: 6 s).
constexpr std::int64_t typing_ttl_s = 6;

/// Usernames: 5–32 characters of a–z, 0–9 and '_', starting with a letter,
/// compared case-insensitively (stored lowercase).
errc check_username(std::string_view name);
std::string normalize_username(std::string_view name);

errc check_password(std::string_view password);

constexpr std::size_t max_email_length = 254;
/// An email address: 6–254 bytes, one '@' with 1–64 bytes before it, a
/// domain with a dot, printable ASCII only (no spaces, quotes, angle
/// brackets or line breaks: the address goes into mail headers).
errc check_email(std::string_view email);
/// Emails compare case-insensitively (stored lowercase).
std::string normalize_email(std::string_view email);
/// First name required (1–64 code points), last name optional (0–64).
errc check_name(std::string_view name, bool required);
/// Non-empty, at most 4096 code points, valid UTF-8.
errc check_message_text(std::string_view text);

} // namespace ag::limits
