#include "core/codec/ws_codec.hpp"

#include <algorithm>
#include <cctype>

#include "core/codec/ascii.hpp"
#include "core/codec/base64.hpp"
#include "core/codec/sha1.hpp"
#include "core/codec/utf8.hpp"

namespace ag::ws {

namespace {

// True if a comma-separated header value contains `token` (case-insensitive).
bool has_token(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    auto comma = value.find(',');
    auto part = ascii::trim(value.substr(0, comma));
    if (ascii::iequals(part, token))
      return true;
    if (comma == std::string_view::npos)
      break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

} // namespace

handshake_result parse_handshake(std::string_view data, std::size_t max_head) {
  handshake_result res;
  auto end = data.find("\r\n\r\n");
  if (end == std::string_view::npos) {
    res.status =
      data.size() > max_head ? handshake_result::too_large : handshake_result::incomplete;
    return res;
  }
  if (end + 4 > max_head) {
    res.status = handshake_result::too_large;
    return res;
  }
  res.consumed = end + 4;
  auto bad = [&](std::string why) {
    res.status = handshake_result::bad_request;
    res.reason = std::move(why);
    return res;
  };
  auto head = data.substr(0, end);
  auto line_end = head.find("\r\n");
  auto request_line = head.substr(0, line_end);
  // GET <target> HTTP/1.1
  auto sp1 = request_line.find(' ');
  auto sp2 = request_line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1)
    return bad("malformed request line");
  if (request_line.substr(0, sp1) != "GET")
    return bad("method must be GET");
  auto version = request_line.substr(sp2 + 1);
  if (version != "HTTP/1.1")
    return bad("HTTP/1.1 required");
  auto target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
  auto q = target.find('?');
  res.request.path = std::string{target.substr(0, q)};
  if (q != std::string_view::npos)
    res.request.query = std::string{target.substr(q + 1)};
  bool upgrade = false, connection = false, version13 = false;
  auto rest = line_end == std::string_view::npos ? std::string_view{} : head.substr(line_end + 2);
  while (!rest.empty()) {
    auto eol = rest.find("\r\n");
    auto line = rest.substr(0, eol);
    rest = eol == std::string_view::npos ? std::string_view{} : rest.substr(eol + 2);
    auto colon = line.find(':');
    if (colon == std::string_view::npos)
      return bad("malformed header line");
    auto name = ascii::trim(line.substr(0, colon));
    auto value = ascii::trim(line.substr(colon + 1));
    if (ascii::iequals(name, "Upgrade"))
      upgrade = has_token(value, "websocket");
    else if (ascii::iequals(name, "Connection"))
      connection = has_token(value, "upgrade");
    else if (ascii::iequals(name, "Sec-WebSocket-Version"))
      version13 = value == "13";
    else if (ascii::iequals(name, "Sec-WebSocket-Key"))
      res.request.key = std::string{value};
  }
  if (!upgrade || !connection)
    return bad("not a WebSocket upgrade");
  if (!version13)
    return bad("Sec-WebSocket-Version must be 13");
  // The key is 16 random bytes in base64: exactly 24 characters.
  if (res.request.key.size() != 24)
    return bad("invalid Sec-WebSocket-Key");
  res.status = handshake_result::ok;
  return res;
}

std::string accept_key(std::string_view client_key) {
  std::string s{client_key};
  s += "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  auto digest = sha1(s);
  return base64_encode(
    std::string_view{reinterpret_cast<const char*>(digest.data()), digest.size()});
}

std::string handshake_response(std::string_view client_key) {
  std::string out = "HTTP/1.1 101 Switching Protocols\r\n"
                    "Upgrade: websocket\r\n"
                    "Connection: Upgrade\r\n"
                    "Sec-WebSocket-Accept: ";
  out += accept_key(client_key);
  out += "\r\n\r\n";
  return out;
}

std::string http_error_response(int status, std::string_view reason) {
  std::string body{reason};
  body.push_back('\n');
  std::string text = status == 404   ? "Not Found"
                     : status == 429 ? "Too Many Requests"
                     : status == 431 ? "Request Header Fields Too Large"
                     : status == 503 ? "Service Unavailable"
                                     : "Bad Request";
  return "HTTP/1.1 " + std::to_string(status) + " " + text
         + "\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: "
         + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string query_param(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    auto amp = query.find('&');
    auto part = query.substr(0, amp);
    auto eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name)
      return std::string{part.substr(eq + 1)};
    if (amp == std::string_view::npos)
      break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

decoder::decoder(std::size_t max_message, bool server_side)
  : max_message_(max_message), server_side_(server_side) {}

void decoder::fail(std::vector<event>& out, std::uint16_t code, std::string why) {
  failed_ = true;
  event ev;
  ev.kind = event::error;
  ev.code = code;
  ev.payload = std::move(why);
  out.push_back(std::move(ev));
  buf_.clear();
  pos_ = 0;
}

void decoder::feed(std::string_view data, std::vector<event>& out) {
  if (failed_)
    return;
  buf_.append(data);
  for (;;) {
    std::string_view b{buf_.data() + pos_, buf_.size() - pos_};
    if (b.size() < 2)
      break;
    auto b0 = static_cast<std::uint8_t>(b[0]);
    auto b1 = static_cast<std::uint8_t>(b[1]);
    bool fin = (b0 & 0x80) != 0;
    auto op = static_cast<opcode>(b0 & 0x0f);
    bool masked = (b1 & 0x80) != 0;
    std::uint64_t len = b1 & 0x7f;
    if ((b0 & 0x70) != 0)
      return fail(out, close_code::protocol_error, "reserved bits set");
    if (masked != server_side_)
      return fail(out, close_code::protocol_error,
                  server_side_ ? "client frames must be masked"
                               : "server frames must not be masked");
    bool control = (b0 & 0x08) != 0;
    if (op != opcode::continuation && op != opcode::text && op != opcode::binary
        && op != opcode::close && op != opcode::ping && op != opcode::pong)
      return fail(out, close_code::protocol_error, "unknown opcode");
    std::size_t header = 2;
    if (len == 126) {
      if (b.size() < 4)
        break;
      len = (static_cast<std::uint8_t>(b[2]) << 8) | static_cast<std::uint8_t>(b[3]);
      header = 4;
      if (len < 126)
        return fail(out, close_code::protocol_error, "non-minimal length");
    } else if (len == 127) {
      if (b.size() < 10)
        break;
      len = 0;
      for (int i = 0; i < 8; ++i)
        len = (len << 8) | static_cast<std::uint8_t>(b[2 + i]);
      header = 10;
      if (len >> 63)
        return fail(out, close_code::protocol_error, "length overflow");
      if (len <= 0xffff)
        return fail(out, close_code::protocol_error, "non-minimal length");
    }
    if (control && (!fin || len > 125))
      return fail(out, close_code::protocol_error, "invalid control frame");
    // Check limits before buffering the payload: a huge length is refused
    // without waiting for (or storing) its bytes.
    if (!control && message_.size() + len > max_message_)
      return fail(out, close_code::too_big, "message too big");
    if (masked)
      header += 4;
    if (b.size() < header + len)
      break;
    std::string payload{b.substr(header, len)};
    if (masked) {
      auto key = b.substr(header - 4, 4);
      for (std::size_t i = 0; i < payload.size(); ++i)
        payload[i] = static_cast<char>(payload[i] ^ key[i % 4]);
    }
    pos_ += header + len;
    if (control) {
      event ev;
      if (op == opcode::close) {
        ev.kind = event::close;
        if (payload.size() == 1)
          return fail(out, close_code::protocol_error, "invalid close payload");
        if (payload.size() >= 2) {
          ev.code = static_cast<std::uint16_t>((static_cast<std::uint8_t>(payload[0]) << 8)
                                               | static_cast<std::uint8_t>(payload[1]));
          auto reason = std::string_view{payload}.substr(2);
          // 1000-1014 as IANA registers them (1012-1014: restart, try again
          // later, bad gateway; a node sends 1013), less the reserved ones.
          bool code_ok = (ev.code >= 1000 && ev.code <= 1014 && ev.code != 1004 && ev.code != 1005
                          && ev.code != 1006)
                         || (ev.code >= 3000 && ev.code <= 4999);
          if (!code_ok)
            return fail(out, close_code::protocol_error, "invalid close code");
          if (!valid_utf8(reason))
            return fail(out, close_code::invalid_payload, "invalid close reason");
        } else {
          ev.code = close_code::no_status;
        }
      } else {
        ev.kind = op == opcode::ping ? event::ping : event::pong;
      }
      ev.payload = std::move(payload);
      out.push_back(std::move(ev));
      if (op == opcode::close) {
        failed_ = true; // nothing is read after a close frame
        return;
      }
      continue;
    }
    if (op == opcode::continuation) {
      if (!message_op_)
        return fail(out, close_code::protocol_error, "unexpected continuation");
    } else {
      if (message_op_)
        return fail(out, close_code::protocol_error, "expected continuation");
      message_op_ = op;
    }
    message_ += payload;
    if (fin) {
      event ev;
      ev.kind = *message_op_ == opcode::text ? event::text : event::binary;
      if (ev.kind == event::text && !valid_utf8(message_))
        return fail(out, close_code::invalid_payload, "text is not UTF-8");
      ev.payload = std::move(message_);
      message_.clear();
      message_op_.reset();
      out.push_back(std::move(ev));
    }
  }
  // Compact the buffer once the consumed prefix dominates it.
  if (pos_ > 0 && (pos_ == buf_.size() || pos_ > 4096)) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
}

std::string encode_frame(opcode op, std::string_view payload, std::optional<std::uint32_t> mask) {
  std::string out;
  out.reserve(payload.size() + 14);
  out.push_back(static_cast<char>(0x80 | static_cast<std::uint8_t>(op)));
  std::uint8_t mbit = mask ? 0x80 : 0;
  auto n = payload.size();
  if (n < 126) {
    out.push_back(static_cast<char>(mbit | n));
  } else if (n <= 0xffff) {
    out.push_back(static_cast<char>(mbit | 126));
    out.push_back(static_cast<char>(n >> 8));
    out.push_back(static_cast<char>(n & 0xff));
  } else {
    out.push_back(static_cast<char>(mbit | 127));
    for (int i = 7; i >= 0; --i)
      out.push_back(static_cast<char>((static_cast<std::uint64_t>(n) >> (i * 8)) & 0xff));
  }
  if (mask) {
    char key[4];
    for (int i = 0; i < 4; ++i)
      key[i] = static_cast<char>((*mask >> (24 - 8 * i)) & 0xff);
    out.append(key, 4);
    auto start = out.size();
    out.append(payload);
    for (std::size_t i = 0; i < n; ++i)
      out[start + i] = static_cast<char>(out[start + i] ^ key[i % 4]);
  } else {
    out.append(payload);
  }
  return out;
}

std::string encode_close(std::uint16_t code, std::string_view reason,
                         std::optional<std::uint32_t> mask) {
  std::string payload;
  payload.push_back(static_cast<char>(code >> 8));
  payload.push_back(static_cast<char>(code & 0xff));
  payload.append(reason.substr(0, 123));
  return encode_frame(opcode::close, payload, mask);
}

} // namespace ag::ws
