#pragma once
/// What the server finds in any message text, as Telegram's does: bot
/// commands, @mentions, #hashtags, links and e-mail addresses, with UTF-16
/// offsets. Bot libraries route commands by the bot_command entity at
/// offset 0, so every text gets these, whoever sent it.
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/model/entity.hpp"

namespace ag::text_entities {

/// The entities found in `text` (valid UTF-8), by offset.
std::vector<message_entity> detect(std::string_view text);

/// `given` (a sender's formatting) with the detected ones that do not cross
/// a code, pre or link span of it, by offset.
std::vector<message_entity> merged(std::string_view text, const std::vector<message_entity>& given);

/// ENTITY_BOUNDS_INVALID unless every entity lies inside `text` (UTF-16
/// units), there are at most 100, and links and languages are bounded.
errc check(std::string_view text, const std::vector<message_entity>& entities);

/// UTF-16 code units of a UTF-8 text.
std::int32_t utf16_length(std::string_view text);

} // namespace ag::text_entities
