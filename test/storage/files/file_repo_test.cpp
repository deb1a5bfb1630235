// Stored files on both backends: who may read a file, streaming reads
// across parts, renditions and the media cache.
#include <doctest/doctest.h>

#include "storage/box/box_repo.hpp"
#include "storage/files/file_repo.hpp"
#include "storage/files/upload_repo.hpp"
#include "storage/keys.hpp"
#include "storage/store_fixture.hpp"

using namespace ag;
using ag::test::memory_backend;
using ag::test::rocksdb_backend;

namespace {

/// A 2.5-part file of uploader 7 (upload id 1) stored as file 100.
stored_file store_sample(kv_store& db, std::string& content) {
  content.clear();
  for (int i = 0; i < 2560; ++i)
    content.push_back(static_cast<char>(i * 13));
  write_batch b;
  for (std::uint32_t i = 0; i < 3; ++i)
    upload_repo::put_part(b, 7, 1, i, content.substr(i * 1024, 1024));
  stored_file f{100, 7, 7, 1, 2560, 1024, 3, std::string(32, 's'), 1700000000, 1};
  file_repo::put(b, f);
  file_repo::put_grant(b, 7, 100);
  REQUIRE_FALSE(db.write(b, false));
  return f;
}

} // namespace

TEST_CASE_TEMPLATE("file_repo: only the uploader and holders of a live copy may read", B,
                   rocksdb_backend, memory_backend) {
  B backend;
  auto& db = backend.db();
  std::string content;
  auto f = store_sample(db, content);
  file_repo files{db};
  CHECK(files.readable(7, 100).value());
  CHECK_FALSE(files.readable(8, 100).value());
  CHECK_FALSE(files.readable(7, 101).value()); // missing looks the same as forbidden

  // A rendition is readable exactly when its parent is.
  write_batch b;
  file_repo::put_rendition(b, 200, 100, 7, "jpeg bytes", 1700000001);
  // User 8 holds two copies carrying the file.
  box_repo::put_message(b, ag::test::media_copy(8, 1, 100));
  box_repo::put_message(b, ag::test::media_copy(8, 2, 100));
  REQUIRE_FALSE(db.write(b, false));
  CHECK(files.readable(8, 100).value());
  auto r = files.readable(8, 200).value();
  REQUIRE(r);
  CHECK(r->parent == 100);
  CHECK(r->mime_type == "image/jpeg");
  CHECK_FALSE(files.readable(9, 200).value());

  // Deleting one copy keeps access through the other; deleting both ends it.
  write_batch d1;
  box_repo::mark_deleted(d1, ag::test::media_copy(8, 1, 100));
  REQUIRE_FALSE(db.write(d1, false));
  CHECK(files.readable(8, 100).value());
  write_batch d2;
  box_repo::mark_deleted(d2, ag::test::media_copy(8, 2, 100));
  REQUIRE_FALSE(db.write(d2, false));
  CHECK_FALSE(files.readable(8, 100).value());
  CHECK_FALSE(files.readable(8, 200).value());
  CHECK(files.readable(7, 200).value()); // the uploader keeps it

  // A deleted copy written again (edits rewrite copies) grants nothing.
  auto gone = ag::test::media_copy(8, 3, 100);
  gone.deleted = true;
  write_batch d3;
  box_repo::put_message(d3, gone);
  REQUIRE_FALSE(db.write(d3, false));
  CHECK_FALSE(files.readable(8, 100).value());
}

TEST_CASE_TEMPLATE("file_repo: reads stream any range across parts", B, rocksdb_backend,
                   memory_backend) {
  B backend;
  auto& db = backend.db();
  std::string content;
  auto f = store_sample(db, content);
  file_repo files{db};
  for (auto [off, len] : std::vector<std::pair<std::uint64_t, std::uint64_t>>{
         {0, 2560}, {0, 1}, {1023, 2}, {1000, 1500}, {2559, 1}, {2560, 0}, {2048, 512}}) {
    std::string got;
    std::size_t calls = 0;
    auto err = files.read(f, off, len, [&](std::string_view chunk) {
      ++calls;
      CHECK(chunk.size() <= 1024);
      got.append(chunk);
      return true;
    });
    CHECK_FALSE(err);
    CHECK(got == content.substr(off, len));
  }
  // Past the end is refused; a stop from the consumer ends the read.
  CHECK(files.read(f, 2000, 561, [](std::string_view) { return true; }));
  CHECK(files.read(f, 2561, 0, [](std::string_view) { return true; }));
  std::size_t calls = 0;
  CHECK_FALSE(files.read(f, 0, 2560, [&](std::string_view) { return ++calls < 2; }));
  CHECK(calls == 2);
  // A missing part is an error, never short data.
  write_batch b;
  b.erase(cf::files, keys::part(7, 1, 1));
  REQUIRE_FALSE(db.write(b, false));
  CHECK(files.read(f, 0, 2560, [](std::string_view) { return true; }));
}

TEST_CASE_TEMPLATE("file_repo: the media cache per file and kind, v1 files still decode", B,
                   rocksdb_backend, memory_backend) {
  B backend;
  auto& db = backend.db();
  file_repo files{db};
  CHECK_FALSE(files.media(100, media_kind::photo).value());
  message_media m{media_kind::photo, 100, 2560, "", "", 4, 3, 0, {{'s', 4, 3, 10, 200}}, "t"};
  write_batch b;
  file_repo::put_media(b, 100, m);
  REQUIRE_FALSE(db.write(b, false));
  CHECK(files.media(100, media_kind::photo).value() == std::optional<message_media>{m});
  CHECK_FALSE(files.media(100, media_kind::document).value());

  stored_file f{100, 7, 7, 1, 2560, 1024, 3, std::string(32, 's'), 1700000000, 2};
  f.mime_type = "image/png";
  auto v2 = file_repo::encode(f);
  auto back = file_repo::decode(v2);
  REQUIRE(back);
  CHECK(back->mime_type == "image/png");
  // v1 = v2 without parent, mime_type, file_name, touched (8 + 4 + 9 + 4 + 8 bytes).
  auto v1 = v2.substr(0, v2.size() - 8 - 4 - 4 - 9 - 8);
  v1[0] = 1;
  auto old = file_repo::decode(v1);
  REQUIRE(old);
  CHECK(old->refs == 2);
  CHECK(old->mime_type.empty());
  CHECK(old->touched == old->created);
  CHECK_FALSE(file_repo::decode(v2.substr(0, v2.size() - 1)));
}
