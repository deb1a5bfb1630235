#include <doctest/doctest.h>

#include "core/codec/base64.hpp"
#include "core/codec/json_writer.hpp"
#include "core/codec/sha1.hpp"
#include "core/codec/utf8.hpp"
#include "core/rules/limits.hpp"
#include "core/rules/rate_limiter.hpp"

using namespace ag;

TEST_CASE("json_writer escapes strings and replaces invalid UTF-8") {
  json_writer w;
  w.begin_object()
    .field("a", "q\"b\\n\n\t\x01")
    .field("n", std::int64_t{-5})
    .field("u", std::uint64_t{18446744073709551615ull})
    .field("t", true)
    .key("arr")
    .begin_array()
    .value(1)
    .value("x")
    .null()
    .end_array()
    .field("bad", std::string_view{"\xff\xc3(ok\xe2\x82\xac", 8})
    .end_object();
  CHECK(
    w.str()
    == "{\"a\":\"q\\\"b\\\\n\\n\\t\\u0001\",\"n\":-5,\"u\":18446744073709551615,"
       "\"t\":true,\"arr\":[1,\"x\",null],\"bad\":\"\xef\xbf\xbd\xef\xbf\xbd(ok\xe2\x82\xac\"}");
  CHECK(valid_utf8(w.str()));
}

TEST_CASE("utf8 validation and length") {
  CHECK(valid_utf8("héllo €𝄞"));
  CHECK_FALSE(valid_utf8("\xc0\xaf"));         // overlong
  CHECK_FALSE(valid_utf8("\xed\xa0\x80"));     // surrogate
  CHECK_FALSE(valid_utf8("\xf4\x90\x80\x80")); // > U+10FFFF
  CHECK_FALSE(valid_utf8("\xe2\x82"));         // truncated
  CHECK(utf8_length("héllo €𝄞") == 8);
}

TEST_CASE("limits: usernames, passwords, names and message text") {
  CHECK(limits::check_username("alice") == errc::none);
  CHECK(limits::check_username("a_1234") == errc::none);
  CHECK(limits::check_username("abcd") == errc::username_invalid);
  CHECK(limits::check_username("1abcd") == errc::username_invalid);
  CHECK(limits::check_username("ali ce") == errc::username_invalid);
  CHECK(limits::check_username(std::string(33, 'a')) == errc::username_invalid);
  CHECK(limits::normalize_username("AlIcE") == "alice");
  CHECK(limits::check_password("short") == errc::password_too_weak);
  CHECK(limits::check_password("long enough") == errc::none);
  CHECK(limits::check_name("", true) == errc::name_invalid);
  CHECK(limits::check_name("", false) == errc::none);
  CHECK(limits::check_name("a\nb", true) == errc::name_invalid);
  CHECK(limits::check_message_text("") == errc::message_empty);
  CHECK(limits::check_message_text(std::string(4096, 'a')) == errc::none);
  CHECK(limits::check_message_text(std::string(4097, 'a')) == errc::message_too_long);
  // 4096 code points of 4 bytes each are fine: the limit counts characters.
  std::string emoji;
  for (int i = 0; i < 4096; ++i)
    emoji += "𝄞";
  CHECK(limits::check_message_text(emoji) == errc::none);
  CHECK(limits::check_message_text("\xff") == errc::input_request_invalid);
}

TEST_CASE("rate_limiter: burst, refill and wait time") {
  rate_limiter r{2, 3};
  std::int64_t t = 1000;
  CHECK(r.take(t) == 0);
  CHECK(r.take(t) == 0);
  CHECK(r.take(t) == 0);
  CHECK(r.take(t) >= 1);
  t += 500; // one token back
  CHECK(r.take(t) == 0);
  CHECK(r.take(t) >= 1);
}

TEST_CASE("sha1 and base64 known answers") {
  auto d = sha1("abc");
  std::string hex;
  for (auto b : d) {
    static const char* h = "0123456789abcdef";
    hex += h[b >> 4];
    hex += h[b & 15];
  }
  CHECK(hex == "a9993e364706816aba3e25717850c26c9cd0d89d");
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("\xfb\xff", true) == "-_8");
  CHECK(base64url_decode("-_8") == std::optional<std::string>{"\xfb\xff"});
  CHECK_FALSE(base64url_decode("a"));
  CHECK_FALSE(base64url_decode("ab+/"));
  CHECK_FALSE(base64url_decode("-_9")); // non-canonical trailing bits
  CHECK(base64_decode("Zm8=") == std::optional<std::string>{"fo"});
  CHECK(base64_decode("Zm9vYmFy") == std::optional<std::string>{"foobar"});
  CHECK(base64_decode("+/8=") == std::optional<std::string>{"\xfb\xff"});
  CHECK(base64_decode("") == std::optional<std::string>{""});
  CHECK_FALSE(base64_decode("Zm8"));  // unpadded
  CHECK_FALSE(base64_decode("-_8=")); // URL alphabet
  CHECK_FALSE(base64_decode("Z=8=")); // padding inside
  CHECK_FALSE(base64_decode("Zm9=")); // non-canonical trailing bits
}
