#include <doctest/doctest.h>

#include "http/bot/parse_mode.hpp"
#include "http/bot/reply_markup.hpp"

using namespace ag;

namespace {

struct span {
  std::string type;
  std::int32_t offset, length;
  friend bool operator==(const span&, const span&) = default;
};

std::vector<span> spans(const formatted_text& f) {
  std::vector<span> out;
  for (auto& e : f.entities)
    out.push_back({std::string(entity_name(e.kind)), e.offset, e.length});
  return out;
}

} // namespace

TEST_CASE("parse_mode HTML: tags become entities, character references are decoded") {
  auto f = parse_formatted(
    "<b>bold <i>both</i></b> &lt;tag&gt; &amp; &#128512; <a href=\"https://x.org\">link</a>",
    "HTML");
  REQUIRE(f.error.empty());
  CHECK(f.text == "bold both <tag> & \xF0\x9F\x98\x80 link");
  CHECK(spans(f) == std::vector<span>{{"bold", 0, 9}, {"italic", 5, 4}, {"text_link", 21, 4}});
  CHECK(f.entities[2].url == "https://x.org");

  auto pre = parse_formatted("<pre><code class=\"language-cpp\">int x;</code></pre>", "html");
  REQUIRE(pre.error.empty());
  REQUIRE(pre.entities.size() == 1);
  CHECK(pre.entities[0].kind == entity_kind::pre);
  CHECK(pre.entities[0].language == "cpp");
  CHECK(pre.text == "int x;");

  auto mention = parse_formatted("<a href=\"tg://user?id=42\">Bob</a>", "HTML");
  REQUIRE(mention.entities.size() == 1);
  CHECK(mention.entities[0].kind == entity_kind::text_mention);
  CHECK(mention.entities[0].user_id == 42);

  CHECK(parse_formatted("<span class=\"tg-spoiler\">s</span>", "HTML").entities.size() == 1);
}

TEST_CASE("parse_mode HTML: broken markup is refused with where it broke") {
  for (auto bad :
       {"<b>open", "<blink>x</blink>", "<b>x</i>", "<a>no href</a>", "<b x", "<span>x</span>"}) {
    auto f = parse_formatted(bad, "HTML");
    CHECK_MESSAGE(f.error.starts_with("can't parse entities: "), bad);
  }
  CHECK(parse_formatted("x", "BBCode").error == "unsupported parse_mode");
  // An unknown character reference is text, as Telegram keeps it.
  CHECK(parse_formatted("a &nbsp b", "HTML").text == "a &nbsp b");
}

TEST_CASE("parse_mode MarkdownV2: marks, nesting, escapes, reserved characters") {
  auto f = parse_formatted(
    "*bold _both_* __under__ ~gone~ ||hid|| `co\\`de` [link](https://x.org/a\\)b) \\.",
    "MarkdownV2");
  REQUIRE_MESSAGE(f.error.empty(), f.error);
  CHECK(f.text == "bold both under gone hid co`de link .");
  CHECK(spans(f)
        == std::vector<span>{{"bold", 0, 9},
                             {"italic", 5, 4},
                             {"underline", 10, 5},
                             {"strikethrough", 16, 4},
                             {"spoiler", 21, 3},
                             {"code", 25, 5},
                             {"text_link", 31, 4}});
  CHECK(f.entities.back().url == "https://x.org/a)b");
  auto pre = parse_formatted("```python\nprint(1)\n```", "MarkdownV2");
  REQUIRE(pre.error.empty());
  CHECK(pre.text == "print(1)\n");
  REQUIRE(pre.entities.size() == 1);
  CHECK(pre.entities[0].language == "python");

  auto reserved = parse_formatted("1. done!", "MarkdownV2");
  CHECK(reserved.error.find("character '.' is reserved") != std::string::npos);
  CHECK_FALSE(parse_formatted("*open", "MarkdownV2").error.empty());
  CHECK_FALSE(parse_formatted("*a _b* c_", "MarkdownV2").error.empty());
}

TEST_CASE("parse_mode Markdown (legacy): no nesting, few marks, dots are text") {
  auto f = parse_formatted("*bold* _it_ `code` [l](http://a.b) 1. ok!", "Markdown");
  REQUIRE_MESSAGE(f.error.empty(), f.error);
  CHECK(f.text == "bold it code l 1. ok!");
  CHECK(
    spans(f)
    == std::vector<span>{{"bold", 0, 4}, {"italic", 5, 2}, {"code", 8, 4}, {"text_link", 13, 1}});
  CHECK_FALSE(parse_formatted("*a _b_*", "Markdown").error.empty());
}

TEST_CASE("parse_mode offsets count UTF-16 units") {
  auto f = parse_formatted("🎉 <b>é</b>", "HTML");
  REQUIRE(f.entities.size() == 1);
  CHECK(f.entities[0].offset == 3);
  CHECK(f.entities[0].length == 1);
}

TEST_CASE("reply_markup: keyboards are checked and kept in a small canonical form") {
  auto ok = read_reply_markup(
    R"({"inline_keyboard":[[{"text":"Yes","callback_data":"y","pay":false},{"text":"Site","url":"https://x.org"}]],"junk":1})");
  REQUIRE(ok.refused.empty());
  CHECK(
    ok.stored
    == R"({"inline_keyboard":[[{"text":"Yes","callback_data":"y"},{"text":"Site","url":"https://x.org"}]]})");
  auto reply = read_reply_markup(R"({"keyboard":[["a",{"text":"b"}]],"resize_keyboard":true})");
  REQUIRE(reply.refused.empty());
  CHECK(reply.stored == R"({"keyboard":[[{"text":"a"},{"text":"b"}]],"resize_keyboard":true})");
  CHECK(read_reply_markup(R"({"remove_keyboard":true})").stored == R"({"remove_keyboard":true})");
  CHECK(read_reply_markup(R"({"force_reply":true,"input_field_placeholder":"say"})").stored
        == R"({"force_reply":true,"input_field_placeholder":"say"})");

  for (
    auto bad :
    {R"({"inline_keyboard":[[{"text":"x"}]]})",
     R"({"inline_keyboard":[[{"text":"x","callback_data":""}]]})",
     R"({"inline_keyboard":[[{"text":"x","callback_data":"0123456789012345678901234567890123456789012345678901234567890123456789"}]]})",
     R"j({"inline_keyboard":[[{"text":"x","url":"javascript:alert(1)"}]]})j",
     R"({"inline_keyboard":[[{"text":"","callback_data":"a"}]]})", R"({"inline_keyboard":"no"})",
     R"({"keyboard":[[1]]})", R"({})", R"([1])", R"(not json)", R"({"remove_keyboard":false})"}) {
    CHECK_MESSAGE(!read_reply_markup(bad).refused.empty(), bad);
  }
  std::string many = R"({"inline_keyboard":[)";
  for (int r = 0; r < 11; ++r) {
    many += r ? ",[" : "[";
    for (int c = 0; c < 10; ++c)
      many += std::string(c ? "," : "") + R"({"text":"b","callback_data":"d"})";
    many += "]";
  }
  many += "]}";
  CHECK(read_reply_markup(many).refused == "too many buttons");
}
