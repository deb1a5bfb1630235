#include <doctest/doctest.h>

#include "core/cluster/endpoint.hpp"
#include "core/cluster/handshake.hpp"

using namespace ag::cluster;

TEST_CASE("cluster handshake: each side's proof verifies only with the same secret, side and "
          "nonces") {
  const std::string secret(40, 's');
  auto d = make_nonce();
  auto l = make_nonce();
  CHECK(d != l); // random
  auto from_listener = prove(secret, side::listener, d, l);
  CHECK(verify(secret, side::listener, d, l, from_listener));
  // Another secret, the other side's role, or other nonces: refused.
  CHECK_FALSE(verify(std::string(40, 't'), side::listener, d, l, from_listener));
  CHECK_FALSE(verify(secret, side::dialer, d, l, from_listener)); // not a reflection
  CHECK_FALSE(verify(secret, side::listener, l, d, from_listener));
  CHECK_FALSE(verify(secret, side::listener, make_nonce(), l, from_listener)); // no replay
  auto flipped = from_listener;
  flipped[31] ^= 1;
  CHECK_FALSE(verify(secret, side::listener, d, l, flipped));
  CHECK(prove(secret, side::dialer, d, l) != from_listener);
}

TEST_CASE("cluster keys: derived from the secret, one per purpose") {
  const std::string secret(40, 's');
  CHECK(derive_key(secret, "tokens") == derive_key(secret, "tokens")); // every node alike
  CHECK(derive_key(secret, "tokens") != derive_key(secret, "other"));
  CHECK(derive_key(std::string(40, 't'), "tokens") != derive_key(secret, "tokens"));
}

TEST_CASE("cluster endpoints: host:port lists") {
  auto one = parse_endpoint("10.0.0.1:7001");
  REQUIRE(one);
  CHECK(one->host == "10.0.0.1");
  CHECK(one->port == 7001);
  CHECK(one->text() == "10.0.0.1:7001");
  CHECK(parse_endpoint("node-a.internal:65535"));
  for (auto bad : {"", "host", "host:", ":1", "host:0", "host:65536", "host:1x", "a b:1", "h:-1"})
    CHECK_MESSAGE(!parse_endpoint(bad), bad);
  auto list = parse_endpoints(" a:1 ,b:2,c:3 ");
  REQUIRE(list);
  REQUIRE(list->size() == 3);
  CHECK((*list)[1] == endpoint{"b", 2});
  CHECK(parse_endpoints("")->empty());
  CHECK(parse_endpoints("  ")->empty());
  CHECK_FALSE(parse_endpoints("a:1,a:1")); // named twice
  CHECK_FALSE(parse_endpoints("a:1,"));
  CHECK_FALSE(parse_endpoints("a:1,b"));
}
