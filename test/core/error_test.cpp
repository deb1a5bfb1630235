#include <doctest/doctest.h>

#include <set>
#include <string>

#include "core/error.hpp"

using namespace ag;

TEST_CASE("the error table: every code has a status, a unique name and a description") {
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < static_cast<std::size_t>(errc::count_); ++i) {
    auto code = static_cast<errc>(i);
    auto& e = info(code);
    INFO("code ", i, " ", e.name);
    CHECK(e.code == code);
    CHECK(e.http_status >= 200);
    CHECK(e.http_status < 600);
    CHECK_FALSE(e.description.empty());
    CHECK(names.insert(e.name).second);
  }
  // A code without a description of its own says the table's.
  auto f = to_failure(make_error(errc::chat_id_invalid));
  CHECK(f.code == errc::chat_id_invalid);
  CHECK(f.description == "no such chat");
  CHECK(to_failure(make_error(errc::flood_wait, "slow down", 3)).retry_after == 3);
}
