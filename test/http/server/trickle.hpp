#pragma once
/// The request scanners must resume where they stopped: fed one byte at a
/// time, a scanner is incomplete before byte `end` and complete at it.
#include <doctest/doctest.h>

#include <string>
#include <string_view>

template <class Scanner>
void check_trickled(Scanner s, std::string_view text, std::size_t end) {
  std::string buf;
  for (std::size_t i = 0; i + 1 < end; ++i) {
    buf += text[i];
    REQUIRE(s.scan(buf) == Scanner::state::incomplete);
  }
  buf += text[end - 1];
  REQUIRE(s.scan(buf) == Scanner::state::complete);
  CHECK(s.end() == end);
}
