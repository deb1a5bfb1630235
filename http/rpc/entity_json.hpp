#pragma once
/// Message entities in JSON, as both APIs take them: an array of
/// `{"type","offset","length"}` plus `url` (text_link), `user` `{"id"}` or
/// `user_id` (text_mention) and `language` (pre). Unknown types and fields
/// out of range are refused with the field named; core/rules/text_entities
/// checks the spans against the text.
#include <string>
#include <variant>
#include <vector>

#include <simdjson.h>

#include "core/model/entity.hpp"

namespace ag {

std::variant<std::vector<message_entity>, std::string>
decode_entities(simdjson::dom::element array);

/// The same from JSON text (a Bot API argument).
std::variant<std::vector<message_entity>, std::string> decode_entities(std::string_view json);

} // namespace ag
