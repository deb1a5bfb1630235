// Fuzz target for the WebSocket frame decoder. Built with clang's
// -fsanitize=fuzzer it is a libFuzzer target (LLVMFuzzerTestOneInput); built
// normally it runs N random and mutated inputs from a fixed seed, checking
// the decoder's invariants, so the test script can smoke-run it.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "core/codec/ws_codec.hpp"
#include "test/fuzz/fuzz_target.hpp"

namespace {

std::size_t messages_seen = 0;
std::size_t errors_seen = 0;

using fuzz::check;

} // namespace

void fuzz_one(const std::uint8_t* data, std::size_t size) {
  constexpr std::size_t max_message = 4096;
  std::string_view bytes{reinterpret_cast<const char*>(data), size};
  for (bool server : {true, false}) {
    ag::ws::decoder d{max_message, server};
    std::vector<ag::ws::event> out;
    // Feed in uneven chunks: results must not depend on how bytes arrive.
    std::size_t pos = 0, step = 1;
    while (pos < bytes.size()) {
      d.feed(bytes.substr(pos, step), out);
      pos += step;
      step = step * 2 + 1;
    }
    bool errored = false;
    for (auto& ev : out) {
      check(!errored, "no event after an error");
      if (ev.kind == ag::ws::event::error) {
        errored = true;
        check(ev.code >= 1000 && ev.code < 1012, "error events carry a close code");
      }
      if (ev.kind == ag::ws::event::error)
        ++errors_seen;
      if (ev.kind == ag::ws::event::text || ev.kind == ag::ws::event::binary)
        ++messages_seen;
      if (ev.kind == ag::ws::event::text || ev.kind == ag::ws::event::binary)
        check(ev.payload.size() <= max_message, "messages respect the limit");
      if (ev.kind == ag::ws::event::ping || ev.kind == ag::ws::event::pong)
        check(ev.payload.size() <= 125, "control payloads are small");
    }
    check(d.buffered() <= bytes.size(), "buffer bounded by input");
  }
  (void) ag::ws::parse_handshake(bytes);
}

#ifndef ACTORGRAM_LIBFUZZER
int main(int argc, char** argv) {
  long runs = fuzz::runs(argc, argv, 100000);
  std::mt19937_64 rng{20261122};
  // Seeds: valid frames that mutations start from.
  std::vector<std::string> seeds = {
    ag::ws::encode_frame(ag::ws::opcode::text, "hello", 0x01020304),
    ag::ws::encode_frame(ag::ws::opcode::text, std::string(300, 'x'), 0x0a0b0c0d),
    ag::ws::encode_frame(ag::ws::opcode::ping, "p", 0x1),
    ag::ws::encode_close(1000, "bye", 0x2),
    ag::ws::encode_frame(ag::ws::opcode::text, "server side"),
  };
  for (long i = 0; i < runs; ++i) {
    std::string input;
    if (i % 3 == 0) {
      input.resize(rng() % 64);
      for (auto& c : input)
        c = static_cast<char>(rng());
    } else {
      for (int k = 0, n = 1 + static_cast<int>(rng() % 3); k < n; ++k)
        input += seeds[rng() % seeds.size()];
      fuzz::mutate(input, rng);
    }
    fuzz_one(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
  }
  // Fails when the corpus no longer exercises both paths.
  return fuzz::finish("ws_frame_fuzz", runs,
                      std::to_string(messages_seen) + " messages, " + std::to_string(errors_seen)
                        + " protocol errors decoded",
                      messages_seen > 0 && errors_seen > 0);
}
#endif
