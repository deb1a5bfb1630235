#include <doctest/doctest.h>

#include "core/rules/text_entities.hpp"

using namespace ag;

namespace {

struct seen {
  std::string type;
  std::int32_t offset, length;
  friend bool operator==(const seen&, const seen&) = default;
};

std::vector<seen> found(std::string_view text) {
  std::vector<seen> out;
  for (auto& e : text_entities::detect(text))
    out.push_back({std::string(entity_name(e.kind)), e.offset, e.length});
  return out;
}

} // namespace

TEST_CASE("text entities: commands at offset 0, with a bot's name, and not inside words") {
  CHECK(found("/start") == std::vector<seen>{{"bot_command", 0, 6}});
  CHECK(found("/start@echo_bot now") == std::vector<seen>{{"bot_command", 0, 15}});
  CHECK(found("say /help please") == std::vector<seen>{{"bot_command", 4, 5}});
  CHECK(found("a/b and /usr/bin").empty());
  CHECK(found("/").empty());
  CHECK(found("/" + std::string(65, 'x')).empty());
}

TEST_CASE("text entities: mentions, hashtags, links and addresses") {
  CHECK(found("hi @alice!") == std::vector<seen>{{"mention", 3, 6}});
  CHECK(found("@ab is too short").empty());
  CHECK(found("#tag and #другой") == std::vector<seen>{{"hashtag", 0, 4}, {"hashtag", 9, 7}});
  CHECK(found("see https://example.com/a?b=1.") == std::vector<seen>{{"url", 4, 25}});
  CHECK(found("mail bob.smith+x@example.org, ok") == std::vector<seen>{{"email", 5, 23}});
  CHECK(found("a@b is not an address").empty());
  CHECK(found("").empty());
}

TEST_CASE("text entities: offsets count UTF-16 units (astral characters are two)") {
  // "🎉" is 4 bytes and 2 UTF-16 units; "é" is 2 bytes and 1 unit.
  CHECK(found("🎉 /go") == std::vector<seen>{{"bot_command", 3, 3}});
  CHECK(found("é @someone") == std::vector<seen>{{"mention", 2, 8}});
  CHECK(text_entities::utf16_length("a🎉é") == 4);
}

TEST_CASE("text entities: a sender's code spans keep what is inside them plain") {
  message_entity code;
  code.kind = entity_kind::code;
  code.offset = 0;
  code.length = 6;
  auto all = text_entities::merged("/start /help", {code});
  REQUIRE(all.size() == 2);
  CHECK(all[0].kind == entity_kind::code);
  CHECK(all[1].kind == entity_kind::bot_command);
  CHECK(all[1].offset == 7);
}

TEST_CASE("entity names round-trip") {
  for (std::uint8_t k = 1; k <= max_entity_kind; ++k) {
    entity_kind back{};
    REQUIRE(entity_of_name(entity_name(static_cast<entity_kind>(k)), back));
    CHECK(static_cast<std::uint8_t>(back) == k);
  }
  entity_kind none{};
  CHECK_FALSE(entity_of_name("blink", none));
}
