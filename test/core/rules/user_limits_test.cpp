#include <doctest/doctest.h>

#include "core/rules/user_limits.hpp"

using namespace ag;

TEST_CASE("user limits: a burst, then a wait; per user and per kind") {
  limits_settings s;
  s.writes_per_second = 1;
  s.writes_burst = 3;
  s.typing_per_second = 0.5;
  s.typing_burst = 2;
  user_limits l{s};
  std::int64_t now = 1'000'000;
  for (int i = 0; i < 3; ++i)
    CHECK(l.take(7, limited::writes, now) == 0);
  CHECK(l.take(7, limited::writes, now) == 1);
  // Typing and other users have buckets of their own.
  CHECK(l.take(7, limited::typing, now) == 0);
  CHECK(l.take(7, limited::typing, now) == 0);
  CHECK(l.take(7, limited::typing, now) == 2);
  CHECK(l.take(8, limited::writes, now) == 0);
  // Tokens come back at the rate.
  CHECK(l.take(7, limited::writes, now + 1000) == 0);
  CHECK(l.take(7, limited::writes, now + 1000) == 1);
}
