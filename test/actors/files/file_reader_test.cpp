// The read-only view of stored files that downloads and upload.getFile use
// (actors/files/file_reader.hpp).
#include <doctest/doctest.h>

#include "actors/files/file_reader.hpp"
#include "test/actors/actor_fixture.hpp"
#include "test/storage/store_fixture.hpp"

using namespace ag;
using ag::test::actor_fixture;

TEST_CASE("file_reader: the uploader reads ranges across parts, no one else sees the file") {
  ag::test::memory_backend backend;
  actor_fixture f{backend.db()};
  f.ask<std::uint64_t>(f.ctx->dfs,
                       save_part{user_id{7}, upload_id{1}, 0, 0, std::string(4096, 'a')});
  f.ask<std::uint64_t>(f.ctx->dfs, save_part{user_id{7}, upload_id{1}, 1, 0, "bcd"});
  auto file = f.ask<stored_file>(f.ctx->dfs, finish_upload{user_id{7}, upload_id{1}, 2, ""});
  file_reader files{*f.ctx};
  auto mine = files.readable(7, file.id).value();
  REQUIRE(mine);
  CHECK(mine->size == 4099);
  CHECK_FALSE(files.readable(8, file.id).value());     // not 8's to read
  CHECK_FALSE(files.readable(7, file.id + 1).value()); // no such file: the same answer
  CHECK(files.read_string(*mine, 4094, 4).value() == "aabc");
  std::vector<std::string> chunks; // one per stored part
  CHECK_FALSE(files.read(*mine, 4095, 4, [&](std::string_view c) {
    chunks.emplace_back(c);
    return true;
  }));
  CHECK(chunks == std::vector<std::string>{"a", "bcd"});
}
