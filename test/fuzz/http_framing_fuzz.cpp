// Fuzz target for the HTTP reactor's request framing (head scanner, framing
// fields, chunked scanner). Built with clang's -fsanitize=fuzzer it is a
// libFuzzer target; built normally it runs N random and mutated inputs from
// a fixed seed, checking the scanners' invariants, so the test script can
// smoke-run it.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "http/server/chunked_body.hpp"
#include "http/server/request_head.hpp"
#include "test/fuzz/fuzz_target.hpp"

namespace {

std::size_t heads_seen = 0;
std::size_t bodies_seen = 0;

using fuzz::check;

/// Scans `bytes` with `fresh` twice: in growing prefixes, as a socket
/// would deliver them, and all at once. Both must agree on the outcome and
/// on where a complete request part ends; returns the one-scan scanner.
template <class Scanner>
Scanner scan_both(const Scanner& fresh, std::string_view bytes, typename Scanner::state& state) {
  Scanner fed = fresh;
  auto fed_state = Scanner::state::incomplete;
  for (std::size_t upto = 0, step = 1; fed_state == Scanner::state::incomplete;) {
    upto = std::min(bytes.size(), upto + step);
    fed_state = fed.scan(bytes.substr(0, upto));
    step = step * 2 + 1;
    if (upto == bytes.size())
      break;
  }
  Scanner once = fresh;
  state = once.scan(bytes);
  check(state == fed_state, "the outcome is the same however the bytes arrive");
  if (state == Scanner::state::complete) {
    check(once.end() == fed.end(), "the end is the same however the bytes arrive");
    check(once.end() <= bytes.size(), "the end is inside the input");
  }
  return once;
}

} // namespace

void fuzz_one(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes{reinterpret_cast<const char*>(data), size};
  ag::head_limits limits{4096, 20, 512};
  auto head_state = ag::head_scanner::state::incomplete;
  auto head = scan_both(ag::head_scanner{limits}, bytes, head_state);
  if (head_state != ag::head_scanner::state::complete)
    return;
  ++heads_seen;
  auto end = head.end();
  check(end >= 4 && end <= limits.max_bytes, "a head is within its bound");
  check(bytes.substr(end - 2, 2) == "\r\n", "a head ends with CRLF");
  auto f = ag::frame_request(bytes.substr(0, end));
  check(!f.chunked || f.length == 0, "a chunked body has no Content-Length");
  if (!f.chunked || !f.error.empty())
    return;
  constexpr std::size_t max_data = 2048;
  auto body_state = ag::chunked_scanner::state::incomplete;
  auto body = scan_both(ag::chunked_scanner{max_data}, bytes.substr(end), body_state);
  if (body_state == ag::chunked_scanner::state::complete) {
    ++bodies_seen;
    check(body.data_bytes() <= max_data, "the body respects the limit");
  }
}

#ifndef ACTORGRAM_LIBFUZZER
int main(int argc, char** argv) {
  long runs = fuzz::runs(argc, argv, 100000);
  std::mt19937_64 rng{20261201};
  // Seeds: valid requests that mutations start from.
  std::vector<std::string> seeds = {
    "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
    "POST /api/users.getMe HTTP/1.1\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n{}",
    "PUT /upload/1/0 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    "POST / HTTP/1.1\r\nTransfer-Encoding: "
    "chunked\r\n\r\n3;x=y\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n",
    "HEAD /file/1 HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n",
  };
  for (long i = 0; i < runs; ++i) {
    std::string input;
    if (i % 5 == 0) {
      input.resize(rng() % 64);
      for (auto& c : input)
        c = "\r\n :0123456789abcdefGETPOSTchunked"[rng() % 34];
    } else {
      input = seeds[rng() % seeds.size()];
      fuzz::mutate(input, rng);
      if (rng() % 4 == 0)
        input += seeds[rng() % seeds.size()]; // pipelined
    }
    fuzz_one(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
  }
  return fuzz::finish("http_framing_fuzz", runs,
                      std::to_string(heads_seen) + " whole heads, " + std::to_string(bodies_seen)
                        + " chunked bodies",
                      heads_seen > 0 && bodies_seen > 0);
}
#endif
