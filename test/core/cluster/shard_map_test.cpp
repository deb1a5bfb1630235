// The cluster's shard map (core/cluster/shard_map.hpp): placement, fair
// shares after adding a node, draining, versions and the bytes it spreads as.
#include <doctest/doctest.h>

#include <set>

#include "core/cluster/shard_map.hpp"

using namespace ag::cluster;

TEST_CASE("ids spread evenly over the shards, the same on every call") {
  std::vector<int> hits(shard_count, 0);
  for (std::uint64_t id = 1; id <= 102400; ++id)
    ++hits[shard_of(id)];
  auto [lo, hi] = std::minmax_element(hits.begin(), hits.end());
  CHECK(*lo > 50); // 100 each on average
  CHECK(*hi < 150);
  CHECK(shard_of(42) == shard_of(42));
  CHECK(shard_of(42) != shard_of(43));
}

TEST_CASE("a first map deals the shards over the nodes in turn, whatever their order") {
  auto m = shard_map::initial({3, 1, 2, 2, 0});
  CHECK(m.version() == 1);
  CHECK(m.nodes() == std::vector<node_number>{1, 2, 3});
  CHECK(m.count(1) == 342);
  CHECK(m.count(2) == 341);
  CHECK(m.count(3) == 341);
  CHECK(m == shard_map::initial({1, 2, 3}));
  CHECK(m.owner(0) == 1);
  CHECK(m.owner(1) == 2);
  CHECK(shard_map::initial({}).version() == 0);
  CHECK(shard_map::initial({}).owner_of(7) == 0);
}

TEST_CASE("adding a node moves the fewest shards to give it its share") {
  auto m = shard_map::initial({1, 2, 3});
  auto moves = m.plan_add(4);
  CHECK(moves.size() == 256);
  std::set<std::uint32_t> shards;
  for (auto& mv : moves) {
    CHECK(mv.to == 4);
    shards.insert(mv.shard);
    REQUIRE(m.apply(mv));
  }
  CHECK(shards.size() == 256); // no shard moved twice
  CHECK(m.version() == 1 + 256);
  for (node_number n : {1u, 2u, 3u, 4u}) {
    CHECK(m.count(n) >= 255);
    CHECK(m.count(n) <= 257);
  }
  CHECK(m.plan_add(4).empty()); // has its share already
  CHECK(m.plan_add(0).empty());
}

TEST_CASE("draining a node spreads its shards over the others; the last one stays") {
  auto m = shard_map::initial({1, 2, 3, 4});
  auto moves = m.plan_drain(2);
  CHECK(moves.size() == 256);
  for (auto& mv : moves) {
    CHECK(mv.from == 2);
    CHECK(mv.to != 2);
    REQUIRE(m.apply(mv));
  }
  CHECK(m.count(2) == 0);
  CHECK(m.nodes() == std::vector<node_number>{1, 3, 4});
  for (node_number n : {1u, 3u, 4u}) {
    CHECK(m.count(n) >= 341);
    CHECK(m.count(n) <= 342);
  }
  CHECK(m.plan_drain(2).empty()); // owns nothing
  auto one = shard_map::initial({5});
  CHECK(one.plan_drain(5).empty());
}

TEST_CASE("a move applies only from the shard's owner") {
  auto m = shard_map::initial({1, 2});
  CHECK_FALSE(m.apply({0, 2, 3})); // shard 0 is node 1's
  CHECK_FALSE(m.apply({0, 1, 0}));
  CHECK_FALSE(m.apply({0, 1, 1}));
  CHECK_FALSE(m.apply({shard_count, 1, 2}));
  CHECK(m.version() == 1);
  CHECK(m.apply({0, 1, 2}));
  CHECK(m.owner(0) == 2);
  CHECK(m.version() == 2);
  CHECK_FALSE(m.apply({0, 1, 2})); // applied twice: the second is refused
}

TEST_CASE("the map's bytes round-trip; anything else is refused") {
  auto m = shard_map::initial({1, 2, 3});
  for (auto& mv : m.plan_add(9))
    m.apply(mv);
  auto bytes = m.encode();
  CHECK(bytes.size() < 16 * 1024);
  auto back = shard_map::decode(bytes);
  REQUIRE(back);
  CHECK(*back == m);
  CHECK(shard_map::decode(shard_map{}.encode()) == shard_map{});
  CHECK_FALSE(shard_map::decode(""));
  CHECK_FALSE(shard_map::decode(bytes.substr(0, bytes.size() - 1)));
  CHECK_FALSE(shard_map::decode(bytes + "x"));
  auto wrong_format = bytes;
  wrong_format[0] = 9;
  CHECK_FALSE(shard_map::decode(wrong_format));
  // A run longer than the shards left.
  auto too_long = shard_map::initial({1}).encode();
  too_long[12] = 0x7f;
  CHECK_FALSE(shard_map::decode(too_long));
}
