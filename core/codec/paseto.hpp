#pragma once
/// PASETO v4.local (keyed BLAKE2b + XChaCha20, libsodium): encrypt and decrypt
/// payloads with a 32-byte key. Decryption checks the tag in constant time
/// before decrypting; any tampering yields nullopt.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ag::paseto {

using key = std::array<std::uint8_t, 32>;

/// Encrypts `payload`. `nonce` is for test vectors only; normally random.
std::string encrypt_v4_local(const key& k, std::string_view payload, std::string_view footer = {},
                             std::string_view implicit = {}, const std::uint8_t* nonce = nullptr);

/// Returns the payload, or nullopt if the token is malformed or forged.
std::optional<std::string> decrypt_v4_local(const key& k, std::string_view token,
                                            std::string_view implicit = {});

/// Pre-authentication encoding (PASETO's PAE).
std::string pae(std::initializer_list<std::string_view> pieces);

} // namespace ag::paseto
