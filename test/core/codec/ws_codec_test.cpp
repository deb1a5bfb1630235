#include <doctest/doctest.h>

#include "core/codec/ws_codec.hpp"

using namespace ag::ws;

namespace {

std::vector<event> feed(decoder& d, std::string_view bytes) {
  std::vector<event> out;
  d.feed(bytes, out);
  return out;
}

// A client frame with explicit bits, for malformed cases.
std::string raw_frame(std::uint8_t b0, std::string_view payload, bool masked = true) {
  std::string f;
  f.push_back(static_cast<char>(b0));
  f.push_back(static_cast<char>((masked ? 0x80 : 0) | payload.size()));
  if (masked)
    f.append("\0\0\0\0", 4); // zero mask: payload unchanged
  f.append(payload);
  return f;
}

constexpr std::uint32_t mask = 0x11223344;

} // namespace

TEST_CASE("handshake: RFC 6455 sample key") {
  CHECK(accept_key("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST_CASE("handshake: parses a valid upgrade request") {
  std::string req = "GET /ws?token=abc&x=1 HTTP/1.1\r\nHost: x\r\nUpgrade: WebSocket\r\n"
                    "Connection: keep-alive, Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\nEXTRA";
  auto r = parse_handshake(req);
  REQUIRE(r.status == handshake_result::ok);
  CHECK(r.request.path == "/ws");
  CHECK(query_param(r.request.query, "token") == "abc");
  CHECK(query_param(r.request.query, "missing").empty());
  CHECK(req.substr(r.consumed) == "EXTRA");
  CHECK(handshake_response(r.request.key).find("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        != std::string::npos);
}

TEST_CASE("handshake: rejects what is not a WebSocket upgrade") {
  auto base = [](std::string method, std::string extra) {
    return method + " /ws HTTP/1.1\r\nHost: x\r\n" + extra + "\r\n";
  };
  std::string good = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                     "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
  CHECK(parse_handshake(base("GET", good)).status == handshake_result::ok);
  CHECK(parse_handshake(base("POST", good)).status == handshake_result::bad_request);
  CHECK(parse_handshake(base("GET", "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")).status
        == handshake_result::bad_request);
  CHECK(parse_handshake(base("GET", "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                                    "Sec-WebSocket-Version: 8\r\nSec-WebSocket-Key: "
                                    "dGhlIHNhbXBsZSBub25jZQ==\r\n"))
          .status
        == handshake_result::bad_request);
  CHECK(parse_handshake(base("GET", "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                                    "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: short\r\n"))
          .status
        == handshake_result::bad_request);
  CHECK(parse_handshake("garbage\r\n\r\n").status == handshake_result::bad_request);
  CHECK(parse_handshake("GET /ws HTTP/1.1\r\nHost: x\r\n").status == handshake_result::incomplete);
  CHECK(parse_handshake(std::string(9000, 'a')).status == handshake_result::too_large);
}

TEST_CASE("frames: masked text round trip, any split of the bytes") {
  auto bytes = encode_frame(opcode::text, "hello, wörld", mask);
  for (std::size_t split = 0; split <= bytes.size(); ++split) {
    decoder d{1024, true};
    auto a = feed(d, std::string_view{bytes}.substr(0, split));
    auto b = feed(d, std::string_view{bytes}.substr(split));
    a.insert(a.end(), b.begin(), b.end());
    REQUIRE(a.size() == 1);
    CHECK(a[0].kind == event::text);
    CHECK(a[0].payload == "hello, wörld");
  }
}

TEST_CASE("frames: 16-bit and 64-bit lengths") {
  decoder d{1 << 20, true};
  std::string mid(300, 'x'), big(70000, 'y');
  auto ev = feed(d, encode_frame(opcode::text, mid, mask) + encode_frame(opcode::text, big, mask));
  REQUIRE(ev.size() == 2);
  CHECK(ev[0].payload == mid);
  CHECK(ev[1].payload == big);
  // Server frames decode on the client side too.
  decoder client{1 << 20, false};
  auto back = feed(client, encode_frame(opcode::text, big));
  REQUIRE(back.size() == 1);
  CHECK(back[0].payload.size() == big.size());
}

TEST_CASE("frames: fragmentation with an interleaved ping") {
  decoder d{1024, true};
  std::string f1 = raw_frame(0x01, "hel"); // text, not final
  std::string ping = raw_frame(0x89, "p"); // ping, final
  std::string f2 = raw_frame(0x80, "lo");  // continuation, final
  auto ev = feed(d, f1 + ping + f2);
  REQUIRE(ev.size() == 2);
  CHECK(ev[0].kind == event::ping);
  CHECK(ev[0].payload == "p");
  CHECK(ev[1].kind == event::text);
  CHECK(ev[1].payload == "hello");
}

TEST_CASE("frames: protocol errors close with the right code") {
  auto first_error = [](std::string bytes, std::size_t max = 1024) {
    decoder d{max, true};
    auto ev = feed(d, bytes);
    REQUIRE(!ev.empty());
    CHECK(ev.back().kind == event::error);
    CHECK(d.failed());
    return ev.back().code;
  };
  CHECK(first_error(raw_frame(0x81, "x", false)) == close_code::protocol_error); // unmasked
  CHECK(first_error(raw_frame(0xC1, "x")) == close_code::protocol_error);        // RSV1
  CHECK(first_error(raw_frame(0x83, "x")) == close_code::protocol_error);        // opcode 3
  CHECK(first_error(raw_frame(0x80, "x")) == close_code::protocol_error); // stray continuation
  CHECK(first_error(raw_frame(0x01, "a") + raw_frame(0x81, "b"))
        == close_code::protocol_error);                                   // missing continuation
  CHECK(first_error(raw_frame(0x09, "x")) == close_code::protocol_error); // fragmented ping
  CHECK(first_error(raw_frame(0x81, "\xff\xfe")) == close_code::invalid_payload);
  CHECK(first_error(encode_frame(opcode::text, std::string(2000, 'a'), mask))
        == close_code::too_big);
  // Fragments adding up past the limit.
  CHECK(first_error(raw_frame(0x01, std::string(100, 'a')) + raw_frame(0x80, std::string(100, 'a')),
                    150)
        == close_code::too_big);
  // Close frame with a 1-byte payload or a reserved code.
  CHECK(first_error(raw_frame(0x88, "x")) == close_code::protocol_error);
  CHECK(first_error(raw_frame(0x88, std::string("\x03\xed", 2))) == close_code::protocol_error);
  // 1015 is reserved, 1016 not registered.
  CHECK(first_error(raw_frame(0x88, std::string("\x03\xf7", 2))) == close_code::protocol_error);
  CHECK(first_error(raw_frame(0x88, std::string("\x03\xf8", 2))) == close_code::protocol_error);
}

TEST_CASE("frames: a huge declared length is refused before its bytes arrive") {
  decoder d{1024, true};
  std::string head = "\x81\xff";
  head += std::string("\x00\x00\x00\x01\x00\x00\x00\x00", 8); // 4 GiB
  auto ev = feed(d, head);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].code == close_code::too_big);
  CHECK(d.buffered() == 0);
}

TEST_CASE("frames: close frames carry their code, nothing is read after them") {
  decoder d{1024, true};
  auto ev = feed(d, encode_close(1000, "bye", mask) + encode_frame(opcode::text, "late", mask));
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].kind == event::close);
  CHECK(ev[0].code == 1000);
  CHECK(ev[0].payload.substr(2) == "bye");
  decoder e{1024, true};
  auto empty = feed(e, raw_frame(0x88, ""));
  REQUIRE(empty.size() == 1);
  CHECK(empty[0].code == close_code::no_status);
  // The registered codes past 1011 are valid too (a node closes with 1013).
  for (std::uint16_t code : {1012, 1013, 1014}) {
    decoder c{1024, true};
    auto got = feed(c, encode_close(code, "later", mask));
    REQUIRE(got.size() == 1);
    CHECK(got[0].kind == event::close);
    CHECK(got[0].code == code);
  }
}
