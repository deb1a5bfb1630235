#include <doctest/doctest.h>

#include <set>

#include "core/rules/bot_rules.hpp"

using namespace ag;

TEST_CASE("bot usernames: a valid username ending in bot, any case") {
  CHECK(bot_rules::check_username("echo_bot") == errc::none);
  CHECK(bot_rules::check_username("EchoBot") == errc::none);
  CHECK(bot_rules::check_username("helper") == errc::username_invalid);
  CHECK(bot_rules::check_username("1_bot") == errc::username_invalid);
  CHECK(bot_rules::check_username("bot") == errc::username_invalid);
  CHECK(bot_rules::check_username("a_bot_x") == errc::username_invalid);
}

TEST_CASE("bot tokens: <id>:<secret> parsed as the official server checks them") {
  auto t = bot_rules::parse_token("123:abc");
  REQUIRE(t);
  CHECK(t->bot == 123);
  CHECK(t->secret == "abc");
  for (const char* bad : {"", "123", ":abc", "0123:abc", "0:abc", "12a:abc", "123:", "-1:abc",
                          "99999999999999999999999:x"})
    CHECK_MESSAGE(!bot_rules::parse_token(bad), bad);
  CHECK_FALSE(bot_rules::parse_token("1:" + std::string(79, 'x')));
  CHECK(bot_rules::parse_token("1:" + std::string(78, 'x')));
  CHECK(bot_rules::make_token(5, "s") == "5:s");
}

TEST_CASE("bot secrets: random, of the token alphabet, stored as a hash that matches only them") {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    auto s = bot_rules::new_secret();
    CHECK(s.size() == bot_rules::secret_length);
    CHECK(s.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
          == std::string::npos);
    seen.insert(s);
  }
  CHECK(seen.size() == 50);
  auto h = bot_rules::hash_secret("secret");
  CHECK(h.size() == 64);
  CHECK(h == "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b");
  CHECK(bot_rules::secret_matches("secret", h));
  CHECK_FALSE(bot_rules::secret_matches("Secret", h));
  CHECK_FALSE(bot_rules::secret_matches("secret", "short"));
}

TEST_CASE("callback buttons: only an inline keyboard's own callback_data may be pressed") {
  std::string markup =
    R"({"inline_keyboard":[[{"text":"Yes","callback_data":"vote:yes"},{"text":"a \"callback_data\":\"x\"","callback_data":"q\"uote"}],[{"text":"site","url":"https://example.com"}]]})";
  CHECK(bot_rules::offers_callback(markup, "vote:yes"));
  CHECK(bot_rules::offers_callback(markup, "q\"uote"));
  CHECK_FALSE(bot_rules::offers_callback(markup, "vote:ye")); // a prefix is not the value
  CHECK_FALSE(bot_rules::offers_callback(markup, "x"));       // inside a button's text
  CHECK_FALSE(bot_rules::offers_callback(markup, ""));
  CHECK_FALSE(bot_rules::offers_callback(markup, "https://example.com"));
  CHECK_FALSE(bot_rules::offers_callback(R"({"keyboard":[[{"text":"vote:yes"}]]})", "vote:yes"));
  CHECK_FALSE(bot_rules::offers_callback("", "vote:yes"));
}
