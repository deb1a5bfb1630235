#include "core/codec/paseto.hpp"

#include <sodium.h>

#include "core/codec/base64.hpp"

namespace ag::paseto {

namespace {

constexpr std::string_view header = "v4.local.";

void le64(std::string& out, std::uint64_t n) {
  for (int i = 0; i < 8; ++i) {
    if (i == 7)
      n &= 127; // clear the most significant bit
    out.push_back(static_cast<char>(n & 255));
    n >>= 8;
  }
}

struct split_keys {
  std::uint8_t ek[32];
  std::uint8_t n2[24];
  std::uint8_t ak[32];
};

split_keys derive(const key& k, const std::uint8_t* nonce) {
  split_keys out{};
  std::string m1 = "paseto-encryption-key";
  m1.append(reinterpret_cast<const char*>(nonce), 32);
  std::uint8_t tmp[56];
  crypto_generichash(tmp, sizeof(tmp), reinterpret_cast<const std::uint8_t*>(m1.data()), m1.size(),
                     k.data(), k.size());
  std::copy(tmp, tmp + 32, out.ek);
  std::copy(tmp + 32, tmp + 56, out.n2);
  std::string m2 = "paseto-auth-key-for-aead";
  m2.append(reinterpret_cast<const char*>(nonce), 32);
  crypto_generichash(out.ak, 32, reinterpret_cast<const std::uint8_t*>(m2.data()), m2.size(),
                     k.data(), k.size());
  sodium_memzero(tmp, sizeof(tmp));
  return out;
}

} // namespace

std::string pae(std::initializer_list<std::string_view> pieces) {
  std::string out;
  le64(out, pieces.size());
  for (auto p : pieces) {
    le64(out, p.size());
    out.append(p);
  }
  return out;
}

std::string encrypt_v4_local(const key& k, std::string_view payload, std::string_view footer,
                             std::string_view implicit, const std::uint8_t* nonce) {
  std::uint8_t n[32];
  if (nonce != nullptr)
    std::copy(nonce, nonce + 32, n);
  else
    randombytes_buf(n, sizeof(n));
  auto keys = derive(k, n);
  std::string c(payload.size(), '\0');
  crypto_stream_xchacha20_xor(reinterpret_cast<std::uint8_t*>(c.data()),
                              reinterpret_cast<const std::uint8_t*>(payload.data()), payload.size(),
                              keys.n2, keys.ek);
  std::string_view nv{reinterpret_cast<const char*>(n), 32};
  auto pre = pae({header, nv, c, footer, implicit});
  std::uint8_t t[32];
  crypto_generichash(t, 32, reinterpret_cast<const std::uint8_t*>(pre.data()), pre.size(), keys.ak,
                     32);
  sodium_memzero(&keys, sizeof(keys));
  std::string body{nv};
  body += c;
  body.append(reinterpret_cast<const char*>(t), 32);
  std::string token{header};
  token += base64_encode(body, true);
  if (!footer.empty()) {
    token.push_back('.');
    token += base64_encode(footer, true);
  }
  return token;
}

std::optional<std::string> decrypt_v4_local(const key& k, std::string_view token,
                                            std::string_view implicit) {
  if (token.substr(0, header.size()) != header)
    return std::nullopt;
  token.remove_prefix(header.size());
  std::string footer;
  auto dot = token.find('.');
  if (dot != std::string_view::npos) {
    auto f = base64url_decode(token.substr(dot + 1));
    if (!f)
      return std::nullopt;
    footer = std::move(*f);
    token = token.substr(0, dot);
  }
  auto body = base64url_decode(token);
  if (!body || body->size() < 64)
    return std::nullopt;
  auto n = reinterpret_cast<const std::uint8_t*>(body->data());
  std::string_view nv{body->data(), 32};
  std::string_view c{body->data() + 32, body->size() - 64};
  auto t = reinterpret_cast<const std::uint8_t*>(body->data() + body->size() - 32);
  auto keys = derive(k, n);
  auto pre = pae({header, nv, c, footer, implicit});
  std::uint8_t t2[32];
  crypto_generichash(t2, 32, reinterpret_cast<const std::uint8_t*>(pre.data()), pre.size(), keys.ak,
                     32);
  if (sodium_memcmp(t, t2, 32) != 0) {
    sodium_memzero(&keys, sizeof(keys));
    return std::nullopt;
  }
  std::string m(c.size(), '\0');
  crypto_stream_xchacha20_xor(reinterpret_cast<std::uint8_t*>(m.data()),
                              reinterpret_cast<const std::uint8_t*>(c.data()), c.size(), keys.n2,
                              keys.ek);
  sodium_memzero(&keys, sizeof(keys));
  return m;
}

} // namespace ag::paseto
