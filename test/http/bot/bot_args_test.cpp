#include <doctest/doctest.h>

#include "http/bot/bot_args.hpp"

using namespace ag;

namespace {

bot_args ok(std::string_view type, std::string_view query, std::string_view body) {
  auto r = read_bot_args(type, query, body);
  if (auto* e = std::get_if<bot_args_error>(&r))
    FAIL("refused: " << e->description);
  return std::get<bot_args>(std::move(r));
}

bot_args_error refused(std::string_view type, std::string_view query, std::string_view body,
                       const bot_args_limits& limits = {}) {
  auto r = read_bot_args(type, query, body, limits);
  REQUIRE(std::holds_alternative<bot_args_error>(r));
  return std::get<bot_args_error>(r);
}

} // namespace

TEST_CASE("bot args: the query string for any verb, then the body; the first value counts") {
  auto a = ok("application/x-www-form-urlencoded", "chat_id=1&text=from+query",
              "text=from+body&parse_mode=HTML");
  CHECK(a.get("chat_id") == "1");
  CHECK(a.get("text") == "from query");
  CHECK(a.get("parse_mode") == "HTML");
  CHECK_FALSE(a.get("missing"));
  // No Content-Type: a form (curl -d), and an empty body is no arguments.
  CHECK(ok("", "", "a=1").get("a") == "1");
  CHECK(ok("", "offset=5", "").get("offset") == "5");
}

TEST_CASE("bot args: JSON strings decoded, other values kept as JSON text, nulls absent") {
  auto a = ok(
    "application/json; charset=utf-8", "",
    R"({"chat_id":42,"text":"h\u00e9","reply_markup":{"inline_keyboard":[[{"text":"a","callback_data":"x"}]]},"disable_notification":true,"entities":[],"x":null})");
  CHECK(a.get("chat_id") == "42");
  CHECK(a.get("text") == "h\xc3\xa9");
  CHECK(a.get("reply_markup") == R"({"inline_keyboard":[[{"text":"a","callback_data":"x"}]]})");
  CHECK(a.get("disable_notification") == "true");
  CHECK(a.get("entities") == "[]");
  CHECK_FALSE(a.get("x"));
  CHECK(ok("application/json", "", R"("just text")").get("content") == "just text");
}

TEST_CASE("bot args: multipart fields, files by part name, urlencoded parts") {
  std::string body = "--b\r\ncontent-disposition:form-data;name=\"chat_id\"\r\n\r\n7\r\n"
                     "--b\r\ncontent-disposition:form-data;name=\"photo\"\r\n\r\nattach://f1\r\n"
                     "--b\r\ncontent-disposition:form-data;name=f1;filename=p.jpg\r\n"
                     "content-type:image/jpeg\r\n\r\nJPEG\r\n"
                     "--b\r\nContent-Disposition: form-data; name=more\r\n"
                     "Content-Type: application/x-www-form-urlencoded\r\n\r\ncaption=hi+you\r\n"
                     "--b--\r\n";
  auto a = ok("multipart/form-data; boundary=b", "", body);
  CHECK(a.get("chat_id") == "7");
  CHECK(a.get("photo") == "attach://f1");
  CHECK(a.get("caption") == "hi you");
  REQUIRE(a.files.count("f1") == 1);
  CHECK(a.files.at("f1").filename == "p.jpg");
  CHECK(a.files.at("f1").content_type == "image/jpeg");
  CHECK(a.files.at("f1").bytes == "JPEG");
}

TEST_CASE("bot args: malformed and oversized requests get the official statuses") {
  CHECK(refused("application/json", "", "{nope")
          .description.rfind("Bad Request: can't parse JSON body", 0)
        == 0);
  CHECK(refused("application/json", "", "[1,2]").description
        == "Bad Request: the JSON body is not an object");
  CHECK(refused("", "a=%zz", "").description
        == "Bad Request: malformed percent-encoding in the arguments");
  CHECK(refused("multipart/form-data", "", "--b--").description
        == "Bad Request: multipart/form-data without a valid boundary");
  CHECK(refused("multipart/form-data; boundary=b", "", "--b\r\nx").status == 400);
  CHECK(refused("text/xml", "", "<a/>").description
        == "Bad Request: unsupported Content-Type text/xml");
  bot_args_limits small;
  small.max_args_bytes = 10;
  auto big = refused("", "", "text=" + std::string(20, 'x'), small);
  CHECK(big.status == 413);
  bot_args_limits one_file;
  one_file.max_files = 1;
  std::string two = "--b\r\nContent-Disposition: form-data; name=a; filename=a\r\n\r\n1\r\n"
                    "--b\r\nContent-Disposition: form-data; name=b; filename=b\r\n\r\n2\r\n--b--";
  CHECK(refused("multipart/form-data; boundary=b", "", two, one_file).status == 413);
}

#include "http/bot/multipart_shield.hpp"

TEST_CASE("bot multipart shield: only /bot targets with a multipart Content-Type") {
  std::string grammy =
    "POST /bot1:x/sendPhoto HTTP/1.1\r\nHost: h\r\n"
    "content-type: multipart/form-data; boundary=b\r\n\r\n--b\r\nContent-Type: x\r\n";
  CHECK(shield_bot_multipart(grammy));
  CHECK(grammy.find("X-Bot-Content-Type: multipart/form-data; boundary=b\r\n")
        != std::string::npos);
  CHECK(grammy.find("\r\n--b\r\nContent-Type: x\r\n") != std::string::npos); // the body untouched
  std::string api = "POST /api/x HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=b\r\n\r\n";
  CHECK_FALSE(shield_bot_multipart(api));
  std::string json = "POST /bot1:x/getMe HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{}";
  CHECK_FALSE(shield_bot_multipart(json));
  std::string none = "GET /bot1:x/getMe HTTP/1.1\r\nHost: h\r\n\r\n";
  CHECK_FALSE(shield_bot_multipart(none));
  std::string cut = "POST /bot1:x/getMe HTTP/1.1\r\nContent-Type: multipart/form-data";
  CHECK_FALSE(shield_bot_multipart(cut));
}
