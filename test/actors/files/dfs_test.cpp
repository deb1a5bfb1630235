// Uploads through the dfs actor: part rules, resumption, persistence across
// a restart, and expiry of abandoned uploads (actors/files/dfs_actor.hpp).
#include <doctest/doctest.h>

#include "actors/cluster/routes.hpp"
#include "storage/box/box_repo.hpp"
#include "storage/files/file_repo.hpp"
#include "storage/files/upload_repo.hpp"
#include "test/actors/actor_fixture.hpp"
#include "test/storage/store_fixture.hpp"

using namespace ag;
using ag::test::actor_fixture;

namespace {

save_part part(std::uint64_t owner, std::uint64_t file_id, std::uint32_t index, std::size_t size,
               std::uint32_t total = 0) {
  return save_part{user_id{owner}, upload_id{file_id}, index, total,
                   std::string(size, static_cast<char>('a' + index))};
}

} // namespace

TEST_CASE("dfs stores parts durably, lists them, and keeps them across a restart") {
  ag::test::rocksdb_backend backend;
  {
    actor_fixture f{backend.db()};
    CHECK(f.ask<std::uint64_t>(f.ctx->dfs, part(7, 99, 0, 4096)) == 4096);
    CHECK(f.ask<std::uint64_t>(f.ctx->dfs, part(7, 99, 2, 100)) == 4196);
    // A resend replaces the part.
    CHECK(f.ask<std::uint64_t>(f.ctx->dfs, part(7, 99, 0, 4096)) == 4196);
    auto listed = f.ask<uploaded_parts>(f.ctx->dfs, parts_atom_v, user_id{7}, upload_id{99});
    CHECK(listed.parts == std::vector<std::uint32_t>{0, 2});
    CHECK(listed.part_size == 4096);
    // file_ids are per uploader.
    CHECK(f.ask_error(f.ctx->dfs, parts_atom_v, user_id{8}, upload_id{99})
          == errc::file_id_invalid);
  }
  actor_fixture f{backend.db()};
  auto listed = f.ask<uploaded_parts>(f.ctx->dfs, parts_atom_v, user_id{7}, upload_id{99});
  CHECK(listed.parts == std::vector<std::uint32_t>{0, 2});
  CHECK(listed.bytes == 4196);
  auto bytes = upload_repo{backend.db()}.part(7, 99, 2).value();
  REQUIRE(bytes);
  CHECK(*bytes == std::string(100, 'c'));
}

TEST_CASE("dfs refuses bad parts and changes nothing") {
  ag::test::memory_backend backend;
  actor_fixture f{backend.db()};
  CHECK(f.ask_error(f.ctx->dfs, part(7, 0, 0, 10)) == errc::file_id_invalid);
  CHECK(f.ask_error(f.ctx->dfs, part(7, 1, 4000, 10)) == errc::file_part_invalid);
  CHECK(f.ask_error(f.ctx->dfs, part(7, 1, 0, 0)) == errc::file_part_size_invalid);
  CHECK(f.ask_error(f.ctx->dfs, part(7, 1, 0, 512 * 1024 + 1)) == errc::file_part_size_invalid);
  CHECK(f.ask_error(f.ctx->dfs, part(7, 1, 5, 1024, 5)) == errc::file_part_invalid);
  // Past 10 MB a file must declare its part count.
  CHECK(f.ask_error(f.ctx->dfs, part(7, 1, 20, 512 * 1024)) == errc::file_parts_invalid);
  CHECK(f.ask_error(f.ctx->dfs, parts_atom_v, user_id{7}, upload_id{1}) == errc::file_id_invalid);
  CHECK(f.ask<std::uint64_t>(f.ctx->dfs, part(7, 1, 20, 512 * 1024, 30)) == 512 * 1024);
  CHECK(f.ask_error(f.ctx->dfs, part(7, 1, 21, 512 * 1024, 31)) == errc::file_parts_invalid);
  CHECK(f.ask<std::uint64_t>(f.ctx->dfs, part(7, 1, 21, 512 * 1024)) == 1024 * 1024);
  // At most 64 unfinished uploads per user.
  for (std::uint64_t id = 2; id <= 64; ++id)
    f.ask<std::uint64_t>(f.ctx->dfs, part(7, id, 0, 1));
  CHECK(f.ask_error(f.ctx->dfs, part(7, 65, 0, 1)) == errc::uploads_too_many);
  CHECK(f.ask<std::uint64_t>(f.ctx->dfs, part(8, 65, 0, 1)) == 1); // others are not affected
}

TEST_CASE("a part whose write failed is not listed, and its upload is not opened by it") {
  ag::test::memory_backend backend;
  actor_fixture f{backend.db()};
  CHECK(f.ask<std::uint64_t>(f.ctx->dfs, part(7, 40, 0, 4096)) == 4096);
  backend.store.fail_next_writes(1);
  CHECK(f.ask_error(f.ctx->dfs, part(7, 40, 1, 4096)) == errc::storage_failure);
  auto listed = f.ask<uploaded_parts>(f.ctx->dfs, parts_atom_v, user_id{7}, upload_id{40});
  CHECK(listed.parts == std::vector<std::uint32_t>{0});
  CHECK(listed.bytes == 4096);
  // A resend of a stored part that fails keeps the stored one's size.
  backend.store.fail_next_writes(1);
  CHECK(f.ask_error(f.ctx->dfs, part(7, 40, 0, 1000)) == errc::storage_failure);
  listed = f.ask<uploaded_parts>(f.ctx->dfs, parts_atom_v, user_id{7}, upload_id{40});
  CHECK(listed.part_size == 4096);
  CHECK(listed.bytes == 4096);
  // The retry succeeds and is listed.
  CHECK(f.ask<std::uint64_t>(f.ctx->dfs, part(7, 40, 1, 4096)) == 8192);
  listed = f.ask<uploaded_parts>(f.ctx->dfs, parts_atom_v, user_id{7}, upload_id{40});
  CHECK(listed.parts == std::vector<std::uint32_t>{0, 1});
  CHECK(listed.bytes == 8192);
  // A new upload whose first part fails does not exist, and does not count
  // against the 64 unfinished uploads.
  backend.store.fail_next_writes(1);
  CHECK(f.ask_error(f.ctx->dfs, part(7, 41, 0, 10)) == errc::storage_failure);
  CHECK(f.ask_error(f.ctx->dfs, parts_atom_v, user_id{7}, upload_id{41}) == errc::file_id_invalid);
  for (std::uint64_t id = 42; id < 42 + 63; ++id)
    f.ask<std::uint64_t>(f.ctx->dfs, part(7, id, 0, 1));
  CHECK(f.ask_error(f.ctx->dfs, part(7, 42 + 63, 0, 1)) == errc::uploads_too_many);
  // What is listed is what is stored.
  f.writer.drain();
  auto stored = upload_repo{backend.db()}.parts(7, 40).value();
  CHECK(stored == std::vector<part_entry>{{0, 4096}, {1, 4096}});
}

TEST_CASE("abandoned uploads expire after 24 hours with their parts") {
  ag::test::memory_backend backend;
  actor_fixture f{backend.db()};
  f.ask<std::uint64_t>(f.ctx->dfs, part(7, 5, 0, 2048));
  f.ask<std::uint64_t>(f.ctx->dfs, part(7, 5, 1, 10));
  f.fake_now_ms += 23 * 3600 * 1000;
  f.ask<std::uint64_t>(f.ctx->dfs, part(7, 6, 0, 10)); // a fresher upload
  f.fake_now_ms += 2 * 3600 * 1000;                    // 25 h after upload 5's last part
  CHECK(f.ask<std::size_t>(f.ctx->dfs, expire_atom_v) == 1);
  CHECK(f.ask_error(f.ctx->dfs, parts_atom_v, user_id{7}, upload_id{5}) == errc::file_id_invalid);
  f.writer.drain();
  upload_repo repo{backend.db()};
  CHECK_FALSE(repo.find(7, 5).value());
  CHECK(repo.parts(7, 5).value().empty());
  CHECK_FALSE(repo.part(7, 5, 0).value());
  CHECK(repo.find(7, 6).value());
  CHECK(f.ask<uploaded_parts>(f.ctx->dfs, parts_atom_v, user_id{7}, upload_id{6}).parts.size()
        == 1);
}

TEST_CASE("finishing an upload stores the file once per content, checked by md5") {
  ag::test::rocksdb_backend backend;
  actor_fixture f{backend.db()};
  f.ask<std::uint64_t>(f.ctx->dfs, part(7, 1, 0, 4096));
  f.ask<std::uint64_t>(f.ctx->dfs, part(7, 1, 2, 100));
  // Refusals leave the upload as it was.
  CHECK(f.ask_error(f.ctx->dfs, finish_upload{user_id{7}, upload_id{1}, 3, ""})
        == errc::file_parts_invalid);
  f.ask<std::uint64_t>(f.ctx->dfs, part(7, 1, 1, 2048));
  CHECK(f.ask_error(f.ctx->dfs, finish_upload{user_id{7}, upload_id{1}, 3, ""})
        == errc::file_part_size_invalid);
  f.ask<std::uint64_t>(f.ctx->dfs, part(7, 1, 1, 4096));
  CHECK(f.ask_error(f.ctx->dfs, finish_upload{user_id{7}, upload_id{1}, 2, ""})
        == errc::file_parts_invalid);
  CHECK(f.ask_error(f.ctx->dfs, finish_upload{user_id{7}, upload_id{2}, 1, ""})
        == errc::file_id_invalid);
  CHECK(f.ask_error(f.ctx->dfs, finish_upload{user_id{7}, upload_id{1}, 3, std::string(32, '0')})
        == errc::md5_checksum_invalid);
  auto file = f.ask<stored_file>(f.ctx->dfs, finish_upload{user_id{7}, upload_id{1}, 3, ""});
  CHECK(file.size == 4096 * 2 + 100);
  CHECK(file.part_size == 4096);
  CHECK(file.parts == 3);
  CHECK(file.sha256.size() == 32);
  CHECK(file.refs == 1);
  file_repo files{backend.db()};
  CHECK(files.find(file.id).value()->size == file.size);
  CHECK(*files.part(file, 2).value() == std::string(100, 'c'));
  // The upload id is spent: no more parts, no listing.
  CHECK(f.ask_error(f.ctx->dfs, part(7, 1, 0, 10)) == errc::file_id_invalid);
  CHECK(f.ask_error(f.ctx->dfs, parts_atom_v, user_id{7}, upload_id{1}) == errc::file_id_invalid);
  // Finishing it again (a retried send) is the same file.
  CHECK(f.ask<stored_file>(f.ctx->dfs, finish_upload{user_id{7}, upload_id{1}, 3, ""}).id
        == file.id);

  // Another user uploads the same bytes: one stored file, two references.
  f.ask<std::uint64_t>(f.ctx->dfs, part(8, 50, 0, 4096));
  f.ask<std::uint64_t>(f.ctx->dfs, part(8, 50, 1, 4096));
  f.ask<std::uint64_t>(f.ctx->dfs, part(8, 50, 2, 100));
  auto same = f.ask<stored_file>(f.ctx->dfs, finish_upload{user_id{8}, upload_id{50}, 3, ""});
  CHECK(same.id == file.id);
  CHECK(same.refs == 2);
  CHECK_FALSE(upload_repo{backend.db()}.part(8, 50, 0).value()); // its copy is gone
  CHECK(files.find(file.id).value()->refs == 2);

  // md5 given by the client and right: "abc".
  f.ask<std::uint64_t>(f.ctx->dfs, save_part{user_id{9}, upload_id{3}, 0, 0, "abc"});
  auto abc = f.ask<stored_file>(
    f.ctx->dfs, finish_upload{user_id{9}, upload_id{3}, 1, "900150983cd24fb0d6963f7d28e17f72"});
  CHECK(abc.size == 3);
  CHECK(abc.id != file.id);
}

namespace {

/// A live copy of a message carrying `fid` in uid's box `box`.
void carry(kv_store& db, std::uint64_t uid, std::uint64_t box, std::uint64_t fid, bool deleted) {
  auto m = ag::test::media_copy(uid, box, fid);
  write_batch b;
  if (deleted)
    box_repo::mark_deleted(b, m);
  else
    box_repo::put_message(b, m);
  REQUIRE_FALSE(db.write(b, false));
}

stored_file upload_one(actor_fixture& f, std::uint64_t owner, std::uint64_t file_id,
                       const std::string& bytes) {
  f.ask<std::uint64_t>(f.ctx->dfs, save_part{user_id{owner}, upload_id{file_id}, 0, 0, bytes});
  return f.ask<stored_file>(f.ctx->dfs, finish_upload{user_id{owner}, upload_id{file_id}, 1, ""});
}

} // namespace

TEST_CASE("files no live message carries are purged a day after their last upload") {
  ag::test::rocksdb_backend backend;
  auto& db = backend.db();
  actor_fixture f{db};
  file_repo files{db};
  constexpr std::int64_t hour = 3'600'000;
  auto lonely = upload_one(f, 7, 1, std::string(5000, 'l'));
  auto sent = upload_one(f, 7, 2, std::string(5000, 's'));
  auto again = upload_one(f, 7, 3, std::string(5000, 'a'));
  // A rendition of the lonely file, as media processing stores it.
  write_batch r;
  auto size = file_repo::put_rendition(r, 555, lonely.id, 7, "jpeg", 0);
  file_repo::put_media(
    r, lonely.id,
    message_media{
      media_kind::photo, lonely.id, 5000, "", "", 1, 1, 0, {{'m', 1, 1, 4, size.id}}, ""});
  REQUIRE_FALSE(db.write(r, false));
  carry(db, 8, 1, sent.id, false);
  carry(db, 9, 4, sent.id, false);

  // Within the day nothing goes.
  f.fake_now_ms += 23 * hour;
  CHECK(f.ask<std::size_t>(f.ctx->dfs, purge_atom_v) == 0);
  // The same content uploaded again restarts its day.
  CHECK(upload_one(f, 8, 1, std::string(5000, 'a')).id == again.id);
  f.fake_now_ms += 2 * hour;
  CHECK(f.ask<std::size_t>(f.ctx->dfs, purge_atom_v) == 1);
  f.writer.drain();
  CHECK_FALSE(files.find(lonely.id).value());
  CHECK_FALSE(files.find(555).value());
  CHECK_FALSE(files.media(lonely.id, media_kind::photo).value());
  CHECK_FALSE(upload_repo{db}.part(7, 1, 0).value());
  CHECK_FALSE(files.by_hash(lonely.sha256).value());
  CHECK(files.find(sent.id).value());
  CHECK(files.find(again.id).value());
  // Its upload id is spent and its file gone: a retry says so.
  CHECK(f.ask_error(f.ctx->dfs, finish_upload{user_id{7}, upload_id{1}, 1, ""})
        == errc::file_id_invalid);
  // The same bytes again make a new file.
  auto fresh = upload_one(f, 7, 10, std::string(5000, 'l'));
  CHECK(fresh.id != lonely.id);
  CHECK(*files.part(fresh, 0).value() == std::string(5000, 'l'));

  // One copy deleted: the other still holds the file. Both: it goes.
  carry(db, 8, 1, sent.id, true);
  f.fake_now_ms += 23 * hour;
  CHECK(f.ask<std::size_t>(f.ctx->dfs, purge_atom_v) == 1); // `again`, a day after its re-upload
  CHECK(files.find(sent.id).value());
  carry(db, 9, 4, sent.id, true);
  CHECK(f.ask<std::size_t>(f.ctx->dfs, purge_atom_v) == 1);
  f.writer.drain();
  CHECK_FALSE(files.find(sent.id).value());
  CHECK(files.find(fresh.id).value()); // its day is not over
}

TEST_CASE("in a cluster no node purges a stored file: its references live on other nodes") {
  ag::test::rocksdb_backend backend;
  auto& db = backend.db();
  actor_fixture f{db};
  auto lonely = upload_one(f, 7, 1, std::string(5000, 'l'));
  f.ctx->routes = std::make_shared<routes>(); // clustered (the actors read it at each purge)
  f.fake_now_ms += 48 * 3'600'000;
  CHECK(f.ask<std::size_t>(f.ctx->dfs, purge_atom_v) == 0);
  f.writer.drain();
  CHECK(file_repo{db}.find(lonely.id).value());
  f.ctx->routes.reset(); // a single node again: the same file goes
  CHECK(f.ask<std::size_t>(f.ctx->dfs, purge_atom_v) == 1);
}
