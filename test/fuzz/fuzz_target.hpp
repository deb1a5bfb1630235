#pragma once
/// What every fuzz target shares. A target defines fuzz_one(), called with
/// each input. Built with clang's -fsanitize=fuzzer (and
/// ACTORGRAM_LIBFUZZER) it is a libFuzzer target through the entry point
/// below; built normally its own main() smoke-runs inputs made from a fixed
/// seed, as many as its first argument says, so the test script can run it.
/// Include it from the target's one source file only.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

/// Runs one input; an invariant that fails aborts (fuzz::check).
void fuzz_one(const std::uint8_t* data, std::size_t size);

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz_one(data, size);
  return 0;
}

namespace fuzz {

/// Aborts with `what` unless `cond`: how the fuzzer and the smoke run fail.
inline void check(bool cond, const char* what) {
  if (!cond) {
    std::fprintf(stderr, "invariant violated: %s\n", what);
    std::abort();
  }
}

/// The smoke run's number of inputs: the first argument, else `fallback`.
inline long runs(int argc, char** argv, long fallback) {
  return argc > 1 ? std::atol(argv[1]) : fallback;
}

/// Overwrites up to three random bytes of `input`.
inline void mutate(std::string& input, std::mt19937_64& rng) {
  for (int m = 0, n = static_cast<int>(rng() % 4); m < n && !input.empty(); ++m)
    input[rng() % input.size()] = static_cast<char>(rng());
}

/// Ends a smoke run: says what ran, and fails (1) when `exercised` is
/// false, i.e. the generated inputs no longer reach every path checked.
inline int finish(const char* target, long runs, const std::string& seen, bool exercised) {
  std::printf("%s: %ld inputs (%s), no invariant violated\n", target, runs, seen.c_str());
  return exercised ? 0 : 1;
}

} // namespace fuzz
