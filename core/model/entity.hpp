#pragma once
/// A span of a message's text with a meaning (Telegram's MessageEntity):
/// formatting a sender chose, or what the server finds in any text
/// (commands, mentions, hashtags, links). Offsets and lengths count UTF-16
/// code units, as the Bot API and every Telegram client do.
#include <cstdint>
#include <string>
#include <string_view>

#include <caf/meta/type_name.hpp>

namespace ag {

enum class entity_kind : std::uint8_t {
  mention = 1, ///< @username
  hashtag = 2,
  bot_command = 3, ///< /start, /start@some_bot
  url = 4,
  email = 5,
  bold = 6,
  italic = 7,
  underline = 8,
  strikethrough = 9,
  spoiler = 10,
  code = 11,
  pre = 12,          ///< `language` may name the code's language
  text_link = 13,    ///< `url`
  text_mention = 14, ///< `user_id`
  blockquote = 15,
};

constexpr std::uint8_t max_entity_kind = 15;

struct message_entity {
  entity_kind kind = entity_kind::bold;
  std::int32_t offset = 0; ///< UTF-16 code units
  std::int32_t length = 0; ///< UTF-16 code units
  std::string url;         ///< text_link
  std::uint64_t user_id = 0;
  std::string language; ///< pre
  friend bool operator==(const message_entity&, const message_entity&) = default;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, message_entity& x) {
  return f(caf::meta::type_name("message_entity"), x.kind, x.offset, x.length, x.url, x.user_id,
           x.language);
}

/// The Bot API's name of a kind ("bot_command", "text_link", …).
std::string_view entity_name(entity_kind k);
/// The kind of a Bot API name; false when there is none.
bool entity_of_name(std::string_view name, entity_kind& out);

} // namespace ag
