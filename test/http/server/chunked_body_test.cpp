#include <doctest/doctest.h>

#include <string>

#include "http/server/chunked_body.hpp"
#include "test/http/server/trickle.hpp"

using namespace ag;

TEST_CASE("chunked scanner: finds the end, byte by byte too") {
  std::string body = "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\nPOST /next";
  chunked_scanner whole{100};
  REQUIRE(whole.scan(body) == chunked_scanner::state::complete);
  CHECK(whole.end() == body.find("POST /next"));
  CHECK(whole.data_bytes() == 11);

  check_trickled(chunked_scanner{100}, body, whole.end());
}

TEST_CASE("chunked scanner: too large before the data arrives") {
  chunked_scanner s{10};
  CHECK(s.scan("8\r\n12345678\r\n") == chunked_scanner::state::incomplete);
  CHECK(s.scan("8\r\n12345678\r\n3\r\n") == chunked_scanner::state::too_large);
  chunked_scanner huge{10};
  CHECK(huge.scan("ffffffffffffffffff\r\n") == chunked_scanner::state::bad); // overflows
  chunked_scanner big{10};
  CHECK(big.scan("fffffff\r\n") == chunked_scanner::state::too_large);
  // One byte per chunk with long extensions: the framing alone passes the
  // bound (twice the data plus 4 KiB).
  std::string padded;
  for (int i = 0; i < 20; ++i)
    padded += "1;" + std::string(500, 'e') + "\r\nx\r\n";
  chunked_scanner framing{100};
  CHECK(framing.scan(padded) == chunked_scanner::state::too_large);
}

TEST_CASE("chunked scanner: what follows the body does not count against it") {
  std::string body = "3\r\nabc\r\n0\r\n\r\n";
  chunked_scanner s{10};
  CHECK(s.scan(body + std::string(10000, 'G')) == chunked_scanner::state::complete);
  CHECK(s.end() == body.size());
}

TEST_CASE("chunked scanner: malformed framing") {
  CHECK(chunked_scanner{100}.scan("zz\r\n") == chunked_scanner::state::bad);
  CHECK(chunked_scanner{100}.scan("\r\n") == chunked_scanner::state::bad);
  CHECK(chunked_scanner{100}.scan("3\r\nabcX\r\n") == chunked_scanner::state::bad);
  // Trailer fields: cpp-httplib 0.11.4 cannot read them.
  CHECK(chunked_scanner{100}.scan("0\r\nX-T: 1\r\n\r\n") == chunked_scanner::state::bad);
  CHECK(chunked_scanner{100}.scan(std::string(2000, '1')) == chunked_scanner::state::bad);
}
