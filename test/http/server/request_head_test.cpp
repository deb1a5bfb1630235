#include <doctest/doctest.h>

#include <string>

#include "http/server/request_head.hpp"
#include "test/http/server/trickle.hpp"

using namespace ag;

namespace {

head_limits small() {
  return head_limits{200, 3, 50};
}

} // namespace

TEST_CASE("head scanner: finds the blank line, resuming byte by byte") {
  std::string head = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /next";
  head_scanner whole{small()};
  REQUIRE(whole.scan(head) == head_scanner::state::complete);
  CHECK(whole.end() == head.find("GET /next"));

  check_trickled(head_scanner{small()}, head, whole.end());
}

TEST_CASE("head scanner: bounds on total size, field count and line length") {
  head_scanner total{small()};
  CHECK(total.scan("GET / HTTP/1.1\r\n" + std::string(300, 'a')) == head_scanner::state::too_large);
  head_scanner fields{small()};
  CHECK(fields.scan("GET / HTTP/1.1\r\na: 1\r\nb: 2\r\nc: 3\r\nd: 4\r\n\r\n")
        == head_scanner::state::too_large);
  head_scanner three{small()};
  CHECK(three.scan("GET / HTTP/1.1\r\na: 1\r\nb: 2\r\nc: 3\r\n\r\n")
        == head_scanner::state::complete);
  head_scanner line{small()};
  CHECK(line.scan("GET / HTTP/1.1\r\nX: " + std::string(60, 'a'))
        == head_scanner::state::too_large);
}

TEST_CASE("framing: Content-Length, chunked, Expect and HEAD") {
  auto f =
    frame_request("POST /api/x HTTP/1.1\r\ncontent-length:  12 \r\nExpect: 100-continue\r\n\r\n");
  CHECK(f.error.empty());
  CHECK(f.length == 12);
  CHECK_FALSE(f.chunked);
  CHECK(f.expect_continue);
  CHECK_FALSE(f.head_method);

  auto c = frame_request("PUT /upload/1/0 HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n");
  CHECK(c.error.empty());
  CHECK(c.chunked);
  CHECK(c.length == 0);

  auto h = frame_request("HEAD /file/1 HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(h.head_method);
  CHECK(h.length == 0);

  auto same = frame_request("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n");
  CHECK(same.error.empty());
  CHECK(same.length == 3);
}

TEST_CASE("framing: ambiguous bodies are refused") {
  CHECK_FALSE(frame_request("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n")
                .error.empty());
  CHECK_FALSE(frame_request("POST / HTTP/1.1\r\nContent-Length: 3x\r\n\r\n").error.empty());
  CHECK_FALSE(frame_request("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n").error.empty());
  CHECK_FALSE(frame_request("POST / HTTP/1.1\r\nContent-Length:\r\n\r\n").error.empty());
  CHECK_FALSE(frame_request("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n")
                .error.empty());
  CHECK_FALSE(frame_request("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n").error.empty());
  CHECK_FALSE(
    frame_request(
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n")
      .error.empty());
  CHECK_FALSE(
    frame_request("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n")
      .error.empty());
}
