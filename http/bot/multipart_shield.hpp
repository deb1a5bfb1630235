#pragma once
/// cpp-httplib parses every multipart/form-data body itself and refuses
/// what its regex does not match (grammY's unquoted filenames,
/// ../shared/BOTAPI.md §1.2), before any handler sees the bytes. For a Bot
/// API request (`/bot…`) with such a body, the reactor's whole request is
/// edited first: its Content-Type header is renamed to
/// `X-Bot-Content-Type`, so cpp-httplib reads the body as plain bytes and
/// the Bot API parses it (core/codec/multipart.hpp).
#include <string>

namespace ag {

inline constexpr const char* bot_content_type_header = "X-Bot-Content-Type";

/// Renames the Content-Type header of `request` (head and body, as read)
/// if its target starts with "/bot" and its type is multipart; true if it
/// did.
bool shield_bot_multipart(std::string& request);

} // namespace ag
