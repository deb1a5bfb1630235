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

namespace {

std::size_t heads_seen = 0;
std::size_t bodies_seen = 0;

void check(bool cond, const char* what) {
  if (!cond) {
    std::fprintf(stderr, "invariant violated: %s\n", what);
    std::abort();
  }
}

/// Feeds `bytes` to `s` in growing prefixes, as a socket would, and checks
/// that the outcome is the one of a single scan of everything.
template <class Scanner>
typename Scanner::state feed(Scanner s, std::string_view bytes, std::size_t& end) {
  auto state = Scanner::state::incomplete;
  for (std::size_t upto = 0, step = 1; state == Scanner::state::incomplete;) {
    upto = std::min(bytes.size(), upto + step);
    state = s.scan(bytes.substr(0, upto));
    step = step * 2 + 1;
    if (upto == bytes.size())
      break;
  }
  end = s.end();
  return state;
}

void run_one(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes{reinterpret_cast<const char*>(data), size};
  ag::head_limits limits{4096, 20, 512};
  std::size_t fed_end = 0;
  auto fed = feed(ag::head_scanner{limits}, bytes, fed_end);
  ag::head_scanner once{limits};
  auto single = once.scan(bytes);
  check(single == fed, "a head scans the same however it arrives");
  if (single == ag::head_scanner::state::complete) {
    ++heads_seen;
    auto end = once.end();
    check(end == fed_end, "the head ends at the same byte however it arrives");
    check(end >= 4 && end <= bytes.size() && end <= limits.max_bytes, "the end is inside");
    check(bytes.substr(end - 2, 2) == "\r\n", "a head ends with CRLF");
    auto f = ag::frame_request(bytes.substr(0, end));
    check(!f.chunked || f.length == 0, "a chunked body has no Content-Length");
    if (f.chunked && f.error.empty()) {
      std::size_t body_end = 0;
      constexpr std::size_t max_data = 2048;
      auto body = bytes.substr(end);
      auto s = feed(ag::chunked_scanner{max_data}, body, body_end);
      ag::chunked_scanner at_once{max_data};
      auto t = at_once.scan(body);
      check(s == t, "a body scans the same however it arrives");
      if (s == ag::chunked_scanner::state::complete) {
        ++bodies_seen;
        check(at_once.end() == body_end, "a body ends at the same byte");
        check(body_end <= body.size(), "the body's end is inside");
        check(at_once.data_bytes() <= max_data, "the body respects the limit");
      }
    }
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  run_one(data, size);
  return 0;
}

#ifndef ACTORGRAM_LIBFUZZER
int main(int argc, char** argv) {
  long runs = argc > 1 ? std::atol(argv[1]) : 100000;
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
      for (int m = 0, n = static_cast<int>(rng() % 4); m < n && !input.empty(); ++m)
        input[rng() % input.size()] = static_cast<char>(rng());
      if (rng() % 4 == 0)
        input += seeds[rng() % seeds.size()]; // pipelined
    }
    run_one(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
  }
  std::printf("http_framing_fuzz: %ld inputs (%zu whole heads, %zu chunked bodies), "
              "no invariant violated\n",
              runs, heads_seen, bodies_seen);
  if (heads_seen == 0 || bodies_seen == 0)
    return 1; // the corpus no longer exercises both scanners
  return 0;
}
#endif
