// One conformance suite for every kv_store backend.
#include <doctest/doctest.h>

#include <iostream>
#include <sstream>

#include "core/envelope.hpp"
#include "core/error.hpp"
#include "storage/keys.hpp"
#include "storage/store_fixture.hpp"

using namespace ag;
using ag::test::memory_backend;
using ag::test::rocksdb_backend;

namespace {

std::vector<std::string> keys_of(kv_store& db, cf f, std::string lo, std::string hi, bool rev) {
  std::vector<std::string> out;
  auto err = db.scan(f, lo, hi, rev, [&](std::string_view k, std::string_view) {
    out.emplace_back(k);
    return true;
  });
  REQUIRE(!err);
  return out;
}

} // namespace

TEST_CASE_TEMPLATE("kv_store: get, put, erase", B, rocksdb_backend, memory_backend) {
  B backend;
  auto& db = backend.db();
  CHECK(db.get(cf::users, "k").value() == std::nullopt);
  write_batch b;
  b.put(cf::users, "k", "v1");
  b.put(cf::auth, "k", "other family");
  REQUIRE(!db.write(b, true));
  CHECK(db.get(cf::users, "k").value() == std::optional<std::string>{"v1"});
  CHECK(db.get(cf::auth, "k").value() == std::optional<std::string>{"other family"});
  write_batch e;
  e.erase(cf::users, "k");
  e.put(cf::users, std::string("\0binary\xff", 8), std::string("\0\1", 2));
  REQUIRE(!db.write(e, false));
  CHECK(db.get(cf::users, "k").value() == std::nullopt);
  CHECK(db.get(cf::users, std::string("\0binary\xff", 8)).value()
        == std::optional<std::string>{std::string("\0\1", 2)});
}

TEST_CASE_TEMPLATE("kv_store: a batch applies in order, last write wins", B, rocksdb_backend,
                   memory_backend) {
  B backend;
  auto& db = backend.db();
  write_batch b;
  b.put(cf::meta, "x", "1");
  b.put(cf::meta, "x", "2");
  b.erase(cf::meta, "y");
  b.put(cf::meta, "y", "3");
  REQUIRE(!db.write(b, true));
  CHECK(db.get(cf::meta, "x").value() == std::optional<std::string>{"2"});
  CHECK(db.get(cf::meta, "y").value() == std::optional<std::string>{"3"});
}

TEST_CASE_TEMPLATE("kv_store: scans honour bounds and direction", B, rocksdb_backend,
                   memory_backend) {
  B backend;
  auto& db = backend.db();
  write_batch b;
  for (auto k : {"a", "b1", "b2", "b3", "c"})
    b.put(cf::messages, k, k);
  REQUIRE(!db.write(b, true));
  using v = std::vector<std::string>;
  CHECK(keys_of(db, cf::messages, "b", "c", false) == v{"b1", "b2", "b3"});
  CHECK(keys_of(db, cf::messages, "b", "c", true) == v{"b3", "b2", "b1"});
  CHECK(keys_of(db, cf::messages, "", "", false) == v{"a", "b1", "b2", "b3", "c"});
  CHECK(keys_of(db, cf::messages, "", "", true) == v{"c", "b3", "b2", "b1", "a"});
  CHECK(keys_of(db, cf::messages, "b2", "", false) == v{"b2", "b3", "c"});
  CHECK(keys_of(db, cf::messages, "", "b2", true) == v{"b1", "a"});
  CHECK(keys_of(db, cf::messages, "x", "", false).empty());
  CHECK(keys_of(db, cf::updates, "", "", false).empty());
  // Early stop.
  int n = 0;
  REQUIRE(!db.scan(cf::messages, "", "", false,
                   [&](std::string_view, std::string_view) { return ++n < 2; }));
  CHECK(n == 2);
  // prefix_end bounds a prefix scan, including 0xff bytes.
  CHECK(keys::prefix_end("b") == "c");
  CHECK(keys::prefix_end(std::string("a\xff", 2)) == "b");
  CHECK(keys::prefix_end(std::string("\xff\xff", 2)).empty());
}

TEST_CASE("rocksdb_store: data survives reopening, with every column family") {
  rocksdb_backend backend;
  write_batch b;
  for (std::size_t i = 0; i < cf_names.size(); ++i)
    b.put(static_cast<cf>(i), "key", std::string{cf_names[i]});
  REQUIRE(!backend.db().write(b, true));
  backend.reopen();
  for (std::size_t i = 0; i < cf_names.size(); ++i)
    CHECK(backend.db().get(static_cast<cf>(i), "key").value()
          == std::optional<std::string>{std::string{cf_names[i]}});
}

TEST_CASE("rocksdb_store: a second open of the same directory fails with a clear error") {
  rocksdb_backend backend;
  auto second = rocksdb_store::open(backend.dir.path.string(), ag::test::test_storage());
  REQUIRE_FALSE(second);
  CHECK(to_failure(second.error()).description.find(backend.dir.path.string())
        != std::string::npos);
}

TEST_CASE("storage errors: the whole text goes to the log, clients get only the name") {
  std::ostringstream log;
  auto* saved = std::cerr.rdbuf(log.rdbuf());
  auto err = storage_error("write: IO error: /srv/actorgram/data/000004.log: No space left");
  std::cerr.rdbuf(saved);
  CHECK(log.str().find("/srv/actorgram/data/000004.log: No space left") != std::string::npos);
  auto answer = envelope::http_error(to_failure(err));
  CHECK(answer.find("STORAGE_FAILURE") != std::string::npos);
  CHECK(answer.find("/srv") == std::string::npos);
  // RocksDB's own refusal, naming the data directory.
  rocksdb_backend backend;
  auto second = rocksdb_store::open(backend.dir.path.string(), ag::test::test_storage());
  REQUIRE_FALSE(second);
  CHECK(envelope::http_error(to_failure(second.error())).find(backend.dir.path.string())
        == std::string::npos);
  CHECK(envelope::rpc_error("1", to_failure(second.error())).find(backend.dir.path.string())
        == std::string::npos);
}
