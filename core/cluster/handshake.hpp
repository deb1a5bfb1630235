#pragma once
/// How two nodes prove to each other that they hold the cluster secret
/// before either lets a single actor message through (CAF's BASP has no
/// authentication of its own). A challenge and answer each way, keyed
/// HMAC-SHA-256 over both nonces, so neither a recorded exchange nor the
/// other side's proof can be replayed:
///
///     dialer   → listener: hello (magic, version) + nonce_d
///     listener → dialer:   hello + nonce_l + proof("listener", nonce_d, nonce_l)
///     dialer   → listener: proof("dialer", nonce_d, nonce_l)
///
/// Each side closes the connection at the first wrong byte. Then the socket
/// belongs to BASP. The secret never crosses the wire. (It proves
/// membership, it does not encrypt: docs/cluster.md says what a real
/// network needs.)
#include <array>
#include <cstdint>
#include <string_view>

namespace ag::cluster {

constexpr std::size_t nonce_size = 32;
constexpr std::size_t proof_size = 32;
/// Shorter secrets are refused when the node starts.
constexpr std::size_t min_secret_size = 32;

using nonce = std::array<std::uint8_t, nonce_size>;
using proof = std::array<std::uint8_t, proof_size>;

/// "AGCL" and the protocol version 1.
constexpr std::array<std::uint8_t, 5> handshake_hello = {'A', 'G', 'C', 'L', 1};

enum class side : std::uint8_t { dialer, listener };

/// What `who` sends to prove it holds `secret`, for these two nonces.
proof prove(std::string_view secret, side who, const nonce& dialer, const nonce& listener);

/// Whether `got` is what `who` holding `secret` would send (in constant
/// time).
bool verify(std::string_view secret, side who, const nonce& dialer, const nonce& listener,
            const proof& got);

/// A 32-byte key for `purpose` derived from the cluster secret, the same on
/// every node (each node signs tokens any other accepts).
std::array<std::uint8_t, 32> derive_key(std::string_view secret, std::string_view purpose);

/// A fresh random nonce.
nonce make_nonce();

} // namespace ag::cluster
