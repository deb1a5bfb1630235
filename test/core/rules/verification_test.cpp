// Email verification codes (core/rules/verification.hpp) and email address rules.
#include <doctest/doctest.h>

#include "core/rules/limits.hpp"
#include "core/rules/verification.hpp"

using namespace ag;

namespace {

constexpr std::int64_t t0 = 1'000'000'000;
const std::string mail = "ann@example.org";

code_book fixed_digits() {
  std::uint32_t next = 0;
  return code_book{code_rules{}, [next](std::uint32_t n) mutable {
                     return next++ % n;
                   }};
}

} // namespace

TEST_CASE("codes: 6 digits, used once, per purpose") {
  auto book = fixed_digits();
  auto c = book.issue(mail, code_purpose::sign_up, t0);
  REQUIRE(c.error == errc::none);
  CHECK(c.code == "012345");
  CHECK(book.verify(mail, code_purpose::reset_password, c.code, t0) == errc::email_code_expired);
  CHECK(book.verify("bob@example.org", code_purpose::sign_up, c.code, t0)
        == errc::email_code_expired);
  CHECK(book.verify(mail, code_purpose::sign_up, c.code, t0 + 1) == errc::none);
  // A replay of the same code is refused.
  CHECK(book.verify(mail, code_purpose::sign_up, c.code, t0 + 2) == errc::email_code_expired);
}

TEST_CASE("codes expire after 10 minutes") {
  code_book book;
  auto c = book.issue(mail, code_purpose::sign_up, t0);
  CHECK(c.code.size() == 6);
  CHECK(book.live(mail, code_purpose::sign_up, t0 + 599'999));
  CHECK_FALSE(book.live(mail, code_purpose::sign_up, t0 + 600'000));
  CHECK(book.verify(mail, code_purpose::sign_up, c.code, t0 + 600'000) == errc::email_code_expired);
}

TEST_CASE("five wrong tries destroy the code, even for the right one afterwards") {
  auto book = fixed_digits();
  auto c = book.issue(mail, code_purpose::sign_up, t0);
  for (int i = 0; i < 4; ++i)
    CHECK(book.verify(mail, code_purpose::sign_up, "999999", t0) == errc::email_code_invalid);
  CHECK(book.live(mail, code_purpose::sign_up, t0));
  CHECK(book.verify(mail, code_purpose::sign_up, "999999", t0) == errc::email_code_invalid);
  CHECK_FALSE(book.live(mail, code_purpose::sign_up, t0));
  CHECK(book.verify(mail, code_purpose::sign_up, c.code, t0) == errc::email_code_expired);
  CHECK(book.verify(mail, code_purpose::sign_up, "01234", t0) == errc::email_code_expired);
}

TEST_CASE("codes are rate-limited: one per minute, five per hour") {
  code_book book;
  CHECK(book.issue(mail, code_purpose::sign_up, t0).error == errc::none);
  auto again = book.issue(mail, code_purpose::sign_up, t0 + 10'000);
  CHECK(again.error == errc::flood_wait);
  CHECK(again.retry_after == 50);
  // Another purpose has its own budget.
  CHECK(book.issue(mail, code_purpose::reset_password, t0 + 10'000).error == errc::none);
  for (int i = 1; i < 5; ++i)
    CHECK(book.issue(mail, code_purpose::sign_up, t0 + i * 60'000).error == errc::none);
  auto sixth = book.issue(mail, code_purpose::sign_up, t0 + 5 * 60'000);
  CHECK(sixth.error == errc::flood_wait);
  CHECK(sixth.retry_after == 55 * 60);
  CHECK(book.issue(mail, code_purpose::sign_up, t0 + 3600'000).error == errc::none);
  // A new code replaces the old one.
  auto a = book.issue("x@example.org", code_purpose::sign_up, t0);
  auto b = book.issue("x@example.org", code_purpose::sign_up, t0 + 60'000);
  if (a.code != b.code)
    CHECK(book.verify("x@example.org", code_purpose::sign_up, a.code, t0 + 60'001)
          == errc::email_code_invalid);
  CHECK(book.verify("x@example.org", code_purpose::sign_up, b.code, t0 + 60'002) == errc::none);
}

TEST_CASE("sweep forgets spent codes once their hour is over") {
  code_book book;
  auto c = book.issue(mail, code_purpose::sign_up, t0);
  book.sweep(t0 + 1000);
  CHECK(book.size() == 1);
  CHECK(book.verify(mail, code_purpose::sign_up, c.code, t0 + 2000) == errc::none);
  book.sweep(t0 + 3000);
  CHECK(book.size() == 1); // spent, but its send still counts for an hour
  book.sweep(t0 + 3600'000);
  CHECK(book.size() == 0);
}

TEST_CASE("email addresses") {
  using limits::check_email;
  CHECK(check_email("ann@example.org") == errc::none);
  CHECK(check_email("a.b+tag@mail.example.co") == errc::none);
  CHECK(limits::normalize_email("Ann@Example.ORG") == "ann@example.org");
  for (auto bad : {"", "ann", "ann@", "@example.org", "ann@example", "ann@@example.org",
                   "a@b@example.org", "ann@example.", "ann @example.org", "ann@exa\r\nmple.org",
                   "<ann@example.org>", "ann@.org", "\"a\"@example.org", "ann@example.org\n"})
    CHECK_MESSAGE(check_email(bad) == errc::email_invalid, bad);
  CHECK(check_email(std::string(65, 'a') + "@example.org") == errc::email_invalid);
  CHECK(check_email("a@" + std::string(250, 'b') + ".org") == errc::email_invalid);
  CHECK(check_email("\xc3\xa9@example.org") == errc::email_invalid);
}
