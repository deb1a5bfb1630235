#pragma once
/// The Bot API's parse_mode (core.telegram.org/bots/api#formatting-options):
/// a text marked up in HTML, MarkdownV2 or (legacy) Markdown becomes plain
/// text and entities with UTF-16 offsets, or is refused as the official
/// server refuses it ("can't parse entities: …").
#include <string>
#include <string_view>
#include <vector>

#include "core/model/entity.hpp"

namespace ag {

struct formatted_text {
  std::string text;
  std::vector<message_entity> entities;
  std::string error; ///< empty: parsed
};

/// `mode` in any case: "HTML", "MarkdownV2", "Markdown"; another is refused.
formatted_text parse_formatted(std::string_view text, std::string_view mode);

} // namespace ag
