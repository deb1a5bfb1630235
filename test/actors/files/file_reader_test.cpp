// The read-only view of stored files that downloads and upload.getFile use
// (actors/files/file_reader.hpp).
#include <doctest/doctest.h>

#include "actors/files/file_reader.hpp"
#include "actors/files/file_server.hpp"
#include "test/actors/actor_fixture.hpp"
#include "test/storage/store_fixture.hpp"

using namespace ag;
using ag::test::actor_fixture;

namespace {

/// User 7's file of two parts: 4,096 'a', then "bcd".
stored_file uploaded(actor_fixture& f) {
  f.ask<std::uint64_t>(f.ctx->dfs,
                       save_part{user_id{7}, upload_id{1}, 0, 0, std::string(4096, 'a')});
  f.ask<std::uint64_t>(f.ctx->dfs, save_part{user_id{7}, upload_id{1}, 1, 0, "bcd"});
  return f.ask<stored_file>(f.ctx->dfs, finish_upload{user_id{7}, upload_id{1}, 2, ""});
}

} // namespace

TEST_CASE("file_reader: the uploader reads ranges across parts, no one else sees the file") {
  ag::test::memory_backend backend;
  actor_fixture f{backend.db()};
  auto file = uploaded(f);
  file_reader files{f.sys, f.ctx};
  auto mine = files.readable(7, file.id).value();
  REQUIRE(mine);
  CHECK(mine->size == 4099);
  CHECK_FALSE(files.readable(8, file.id).value());     // not 8's to read
  CHECK_FALSE(files.readable(7, file.id + 1).value()); // no such file: the same answer
  std::string range;
  CHECK_FALSE(files.read(*mine, 4094, 4, [&](std::string_view c) {
    range.append(c);
    return true;
  }));
  CHECK(range == "aabc");
  std::vector<std::string> chunks; // one per stored part
  CHECK_FALSE(files.read(*mine, 4095, 4, [&](std::string_view c) {
    chunks.emplace_back(c);
    return true;
  }));
  CHECK(chunks == std::vector<std::string>{"a", "bcd"});
}

TEST_CASE("file_server: a file's record, a reader's right and its bytes, for other nodes") {
  ag::test::memory_backend backend;
  actor_fixture f{backend.db()};
  auto file = uploaded(f);
  auto record = f.ask<stored_file>(f.ctx->files, file_atom_v, file.id);
  CHECK(record.size == 4099);
  CHECK(f.ask_error(f.ctx->files, file_atom_v, file.id + 1) == errc::location_invalid);
  CHECK(f.ask<bool>(f.ctx->files, access_atom_v, user_id{7}, file.id));
  CHECK_FALSE(f.ask<bool>(f.ctx->files, access_atom_v, user_id{8}, file.id));
  CHECK(f.ask<std::string>(f.ctx->files, read_atom_v, record, std::uint64_t{4094}, std::uint64_t{4})
        == "aabc");
  CHECK(f.ask_error(f.ctx->files, read_atom_v, record, std::uint64_t{4098}, std::uint64_t{2})
        == errc::offset_invalid);
  CHECK(f.ask_error(f.ctx->files, read_atom_v, record, std::uint64_t{0}, max_remote_read + 1)
        == errc::limit_invalid);
}
