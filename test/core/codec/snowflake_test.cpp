#include <doctest/doctest.h>

#include <set>

#include "core/codec/snowflake.hpp"

using ag::snowflake;

TEST_CASE("snowflake ids are strictly increasing and carry the node id") {
  std::int64_t now = snowflake::epoch_ms + 1000;
  snowflake gen{7, [&] {
                  return now;
                }};
  auto a = gen.next();
  auto b = gen.next();
  CHECK(b > a);
  CHECK(snowflake::node_of(a) == 7);
  CHECK(snowflake::unix_ms_of(a) == now);
  now += 5;
  auto c = gen.next();
  CHECK(c > b);
  CHECK(snowflake::unix_ms_of(c) == now);
}

TEST_CASE("snowflake survives the clock going backwards") {
  std::int64_t now = snowflake::epoch_ms + 100000;
  snowflake gen{1, [&] {
                  return now;
                }};
  auto before = gen.next();
  now -= 50000; // the wall clock jumps back 50 s
  std::uint64_t last = before;
  for (int i = 0; i < 10000; ++i) {
    auto id = gen.next();
    REQUIRE(id > last);
    last = id;
  }
}

TEST_CASE("snowflake moves to the next millisecond when the 12-bit step runs out") {
  std::int64_t now = snowflake::epoch_ms + 5;
  snowflake gen{3, [&] {
                  return now;
                }};
  std::set<std::uint64_t> seen;
  std::uint64_t last = 0;
  for (int i = 0; i < 3 * 4096; ++i) {
    auto id = gen.next();
    REQUIRE(id > last);
    REQUIRE(seen.insert(id).second);
    last = id;
  }
  CHECK(snowflake::unix_ms_of(last) == now + 2);
}

TEST_CASE("node ids above 10 bits are masked") {
  snowflake gen{1024 + 5, [] {
                  return snowflake::epoch_ms + 1;
                }};
  CHECK(snowflake::node_of(gen.next()) == 5);
}

#include "core/codec/id_source.hpp"

TEST_CASE("id_source hands out ids only below the durable bound") {
  std::int64_t now = snowflake::epoch_ms + 10'000;
  ag::id_source ids{2, [&] {
                      return now;
                    }};
  CHECK(ids.next() == 0); // no bound stored yet
  ids.set_bound(now + 1000);
  auto a = ids.next();
  CHECK(a != 0);
  now += 2000; // past the bound: the fast path refuses
  CHECK(ids.next() == 0);
  auto b = ids.next_unbounded();
  CHECK(b > a);
  CHECK(ids.last_ms() == now);
  ids.set_bound(now + 1000);
  CHECK(ids.next() > b);
}
