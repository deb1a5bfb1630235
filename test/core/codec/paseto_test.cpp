#include <doctest/doctest.h>

#include <sodium.h>

#include "core/codec/auth_token.hpp"
#include "core/codec/paseto.hpp"

using namespace ag;

namespace {

paseto::key test_key() {
  paseto::key k{};
  for (std::size_t i = 0; i < k.size(); ++i)
    k[i] = static_cast<std::uint8_t>(0x70 + i);
  return k;
}

} // namespace

TEST_CASE("PASETO v4.local matches the official test vector 4-E-1") {
  REQUIRE(sodium_init() >= 0);
  std::uint8_t nonce[32] = {};
  auto token = paseto::encrypt_v4_local(
    test_key(), R"({"data":"this is a secret message","exp":"2022-01-01T00:00:00+00:00"})", {}, {},
    nonce);
  CHECK(
    token
    == "v4.local.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAr68PS4AXe7If_ZgesdkUMvSwscFlAl1pk5H"
       "C0e8kApeaqMfGo_7OpBnwJOAbY9V7WU6abu74MmcUE8YWAiaArVI8XJ5hOb_4v9RmDkneN0S92dx0OW4pgy7o"
       "mxgf3S8c3LlQg");
  auto back = paseto::decrypt_v4_local(test_key(), token);
  REQUIRE(back);
  CHECK(*back == R"({"data":"this is a secret message","exp":"2022-01-01T00:00:00+00:00"})");
}

TEST_CASE("PASETO: PAE matches the specification's examples") {
  CHECK(paseto::pae({}) == std::string("\0\0\0\0\0\0\0\0", 8));
  CHECK(paseto::pae({"test"}) == std::string("\x01\0\0\0\0\0\0\0\x04\0\0\0\0\0\0\0test", 20));
}

TEST_CASE("PASETO: any tampering, another key or implicit assertion fails") {
  REQUIRE(sodium_init() >= 0);
  auto token = paseto::encrypt_v4_local(test_key(), "payload", "footer", "implicit");
  CHECK(paseto::decrypt_v4_local(test_key(), token, "implicit")
        == std::optional<std::string>{"payload"});
  CHECK_FALSE(paseto::decrypt_v4_local(test_key(), token, "other"));
  auto other = test_key();
  other[0] ^= 1;
  CHECK_FALSE(paseto::decrypt_v4_local(other, token, "implicit"));
  for (std::size_t i = 9; i < token.size(); i += 7) {
    auto bad = token;
    bad[i] = bad[i] == 'A' ? 'B' : 'A';
    CHECK_FALSE(paseto::decrypt_v4_local(test_key(), bad, "implicit"));
  }
  CHECK_FALSE(paseto::decrypt_v4_local(test_key(), "v4.local.", {}));
  CHECK_FALSE(paseto::decrypt_v4_local(test_key(), "v3.local.AAAA", {}));
  CHECK_FALSE(paseto::decrypt_v4_local(test_key(), "v4.local.!!!!", {}));
}

TEST_CASE("access tokens round-trip their claims and reject forgeries") {
  REQUIRE(sodium_init() >= 0);
  token_claims c{42, 9000000000000000001ull, 1700000000};
  auto t = issue_token(test_key(), c);
  auto back = read_token(test_key(), t);
  REQUIRE(back);
  CHECK(back->user == 42);
  CHECK(back->session == 9000000000000000001ull);
  CHECK(back->issued_at == 1700000000);
  // A PASETO token with the right key but not our implicit assertion.
  CHECK_FALSE(
    read_token(test_key(), paseto::encrypt_v4_local(test_key(), R"({"uid":1,"sid":2,"iat":3})")));
  CHECK_FALSE(read_token(test_key(), std::string(600, 'a')));
  CHECK_FALSE(read_token(test_key(), ""));
}
