#include "http/rpc/entity_json.hpp"

namespace ag {

namespace dom = simdjson::dom;

std::variant<std::vector<message_entity>, std::string> decode_entities(dom::element array) {
  dom::array a;
  if (array.get_array().get(a) != simdjson::SUCCESS)
    return std::string("entities must be an array");
  std::vector<message_entity> out;
  for (auto item : a) {
    if (out.size() >= 100)
      return std::string("at most 100 entities");
    dom::object o;
    if (item.get_object().get(o) != simdjson::SUCCESS)
      return std::string("each entity is an object");
    message_entity e;
    std::string_view type;
    std::int64_t offset = -1, length = -1;
    if (o["type"].get_string().get(type) != simdjson::SUCCESS || !entity_of_name(type, e.kind))
      return std::string("unknown entity type");
    if (o["offset"].get_int64().get(offset) != simdjson::SUCCESS || offset < 0
        || offset > 1'000'000)
      return std::string("entity offset must be a non-negative integer");
    if (o["length"].get_int64().get(length) != simdjson::SUCCESS || length <= 0
        || length > 1'000'000)
      return std::string("entity length must be a positive integer");
    e.offset = static_cast<std::int32_t>(offset);
    e.length = static_cast<std::int32_t>(length);
    std::string_view text;
    if (o["url"].get_string().get(text) == simdjson::SUCCESS)
      e.url = std::string(text);
    if (o["language"].get_string().get(text) == simdjson::SUCCESS)
      e.language = std::string(text);
    std::uint64_t uid = 0;
    if (o["user"]["id"].get_uint64().get(uid) == simdjson::SUCCESS
        || o["user_id"].get_uint64().get(uid) == simdjson::SUCCESS)
      e.user_id = uid;
    if (e.kind == entity_kind::text_link && e.url.empty())
      return std::string("a text_link entity needs a url");
    if (e.kind == entity_kind::text_mention && e.user_id == 0)
      return std::string("a text_mention entity needs a user");
    out.push_back(std::move(e));
  }
  return out;
}

std::variant<std::vector<message_entity>, std::string> decode_entities(std::string_view json) {
  dom::parser parser;
  simdjson::padded_string padded{json};
  dom::element doc;
  if (parser.parse(padded).get(doc) != simdjson::SUCCESS)
    return std::string("entities are not JSON");
  return decode_entities(doc);
}

} // namespace ag
