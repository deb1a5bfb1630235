#include "core/cluster/handshake.hpp"

#include <sodium.h>

namespace ag::cluster {

proof prove(std::string_view secret, side who, const nonce& dialer, const nonce& listener) {
  static constexpr std::string_view label = "actorgram cluster v1 ";
  std::string_view role = who == side::dialer ? "dialer" : "listener";
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(label.data()),
                                label.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(role.data()),
                                role.size());
  crypto_auth_hmacsha256_update(&st, dialer.data(), dialer.size());
  crypto_auth_hmacsha256_update(&st, listener.data(), listener.size());
  proof out{};
  crypto_auth_hmacsha256_final(&st, out.data());
  return out;
}

bool verify(std::string_view secret, side who, const nonce& dialer, const nonce& listener,
            const proof& got) {
  auto want = prove(secret, who, dialer, listener);
  return sodium_memcmp(want.data(), got.data(), want.size()) == 0;
}

std::array<std::uint8_t, 32> derive_key(std::string_view secret, std::string_view purpose) {
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  static constexpr std::string_view label = "actorgram cluster key v1 ";
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(label.data()),
                                label.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(purpose.data()),
                                purpose.size());
  std::array<std::uint8_t, 32> out{};
  crypto_auth_hmacsha256_final(&st, out.data());
  return out;
}

nonce make_nonce() {
  nonce n{};
  randombytes_buf(n.data(), n.size());
  return n;
}

} // namespace ag::cluster
