// Upload part rules (core/rules/upload_rules.hpp).
#include <doctest/doctest.h>

#include "core/rules/upload_rules.hpp"

using namespace ag;
using namespace ag::uploads;

TEST_CASE("a part: index below 4000 (and the declared total), 1 byte to 512 KiB") {
  CHECK(check_part(0, 1, 0) == errc::none);
  CHECK(check_part(3999, 512 * 1024, 0) == errc::none);
  CHECK(check_part(4000, 1024, 0) == errc::file_part_invalid);
  CHECK(check_part(5, 1024, 5) == errc::file_part_invalid);
  CHECK(check_part(4, 1024, 5) == errc::none);
  CHECK(check_part(0, 1024, 4001) == errc::file_part_invalid);
  CHECK(check_part(0, 0, 0) == errc::file_part_size_invalid);
  CHECK(check_part(0, 512 * 1024 + 1, 0) == errc::file_part_size_invalid);
}

TEST_CASE("a complete file: every part present, all but the last equal and a multiple of 1 KiB") {
  auto c = check_complete({4096, 4096, 100}, 3);
  CHECK(c.error == errc::none);
  CHECK(c.size == 8292);
  CHECK(c.part_size == 4096);
  // A single part may have any size.
  CHECK(check_complete({777}, 1).error == errc::none);
  CHECK(check_complete({777}, 1).size == 777);
  // The last part may also be a full one.
  CHECK(check_complete({1024, 1024}, 2).error == errc::none);

  auto missing = check_complete({4096, 0, 100}, 3);
  CHECK(missing.error == errc::file_parts_invalid);
  CHECK(missing.first_bad == 1);
  CHECK(check_complete({4096, 4096}, 3).error == errc::file_parts_invalid);
  CHECK(check_complete({4096, 2048, 100}, 3).error == errc::file_part_size_invalid);
  CHECK(check_complete({4096, 4096, 8192}, 3).error == errc::file_part_size_invalid);
  CHECK(check_complete({1000, 1000, 10}, 3).error
        == errc::file_part_size_invalid); // not 1 KiB units
  auto beyond = check_complete({4096, 100, 4096}, 2);
  CHECK(beyond.error == errc::file_parts_invalid);
  CHECK(beyond.first_bad == 2);
  CHECK(check_complete({}, 0).error == errc::file_parts_invalid);
  CHECK(check_complete({1024}, 4001).error == errc::file_parts_invalid);
  std::vector<std::uint32_t> huge(4097, 512 * 1024);
  CHECK(check_complete(huge, 4097).error == errc::file_parts_invalid);
}
