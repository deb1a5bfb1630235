#pragma once
/// RFC 6455 WebSocket codec without I/O: the opening handshake, an incremental
/// frame decoder (masking, fragmentation, control frames, close codes, size
/// limits, UTF-8 checks on text) and frame encoders for both roles.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ag::ws {

enum class opcode : std::uint8_t {
  continuation = 0x0,
  text = 0x1,
  binary = 0x2,
  close = 0x8,
  ping = 0x9,
  pong = 0xA,
};

/// Close codes (RFC 6455 §7.4.1).
namespace close_code {
constexpr std::uint16_t normal = 1000;
constexpr std::uint16_t going_away = 1001;
constexpr std::uint16_t protocol_error = 1002;
constexpr std::uint16_t unsupported = 1003;
constexpr std::uint16_t no_status = 1005;
constexpr std::uint16_t invalid_payload = 1007;
constexpr std::uint16_t policy = 1008;
constexpr std::uint16_t too_big = 1009;
constexpr std::uint16_t internal = 1011;
constexpr std::uint16_t try_again_later = 1013;
} // namespace close_code

/// A parsed client upgrade request.
struct handshake_request {
  std::string path;  ///< without the query
  std::string query; ///< raw query string, without '?'
  std::string key;   ///< Sec-WebSocket-Key
};

/// Result of looking at the bytes received before the upgrade.
struct handshake_result {
  enum status_t { incomplete, ok, bad_request, too_large } status = incomplete;
  handshake_request request;
  std::size_t consumed = 0; ///< bytes of the request head (when ok)
  std::string reason;       ///< why it is a bad request
};

/// Parses an HTTP/1.1 upgrade request head; `max_head` bounds its size.
handshake_result parse_handshake(std::string_view data, std::size_t max_head = 8192);

/// Sec-WebSocket-Accept for a client key.
std::string accept_key(std::string_view client_key);

/// The server's 101 Switching Protocols response.
std::string handshake_response(std::string_view client_key);

/// A plain HTTP error response for a failed upgrade.
std::string http_error_response(int status, std::string_view reason);

/// The value of `name` in a query string (no percent-decoding beyond none needed
/// for base64url tokens); empty if absent.
std::string query_param(std::string_view query, std::string_view name);

/// A complete message or control frame delivered by the decoder.
struct event {
  enum kind_t { text, binary, ping, pong, close, error } kind = text;
  std::string payload;
  std::uint16_t code = 0; ///< close: the peer's code; error: the code to close with
};

/// Incremental frame decoder. Feed bytes as they arrive; complete messages
/// and control frames come out in order. After an `error` event the decoder
/// is done: the connection must be closed with `event::code`.
class decoder {
public:
  /// `max_message` bounds a (reassembled) message; `server_side` requires
  /// masked frames (clients must mask) and rejects masked ones otherwise.
  decoder(std::size_t max_message, bool server_side);

  void feed(std::string_view data, std::vector<event>& out);

  bool failed() const { return failed_; }
  /// Bytes buffered but not yet forming a frame.
  std::size_t buffered() const { return buf_.size() - pos_; }

private:
  void fail(std::vector<event>& out, std::uint16_t code, std::string why);
  std::size_t max_message_;
  bool server_side_;
  bool failed_ = false;
  std::string buf_;
  std::size_t pos_ = 0;
  std::string message_; // fragments so far
  std::optional<opcode> message_op_;
};

/// Encodes one unfragmented frame. Server frames are unmasked; pass a mask
/// key for client frames.
std::string encode_frame(opcode op, std::string_view payload,
                         std::optional<std::uint32_t> mask = std::nullopt);

/// A close frame with a code and a short reason.
std::string encode_close(std::uint16_t code, std::string_view reason = {},
                         std::optional<std::uint32_t> mask = std::nullopt);

} // namespace ag::ws
