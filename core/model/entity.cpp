#include "core/model/entity.hpp"

#include <array>

namespace ag {

namespace {

constexpr std::array<std::string_view, max_entity_kind + 1> names = {
  "",     "mention",   "hashtag",      "bot_command",   "url",     "email",
  "bold", "italic",    "underline",    "strikethrough", "spoiler", "code",
  "pre",  "text_link", "text_mention", "blockquote",
};

} // namespace

std::string_view entity_name(entity_kind k) {
  auto i = static_cast<std::size_t>(k);
  return i < names.size() ? names[i] : std::string_view{};
}

bool entity_of_name(std::string_view name, entity_kind& out) {
  for (std::size_t i = 1; i < names.size(); ++i)
    if (names[i] == name) {
      out = static_cast<entity_kind>(i);
      return true;
    }
  return false;
}

} // namespace ag
