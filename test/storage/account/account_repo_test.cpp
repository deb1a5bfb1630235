// Accounts on both backends: the email and name indexes, profile changes,
// deletion, authorizations and block lists (storage/account/account_repo.hpp).
#include <doctest/doctest.h>

#include "core/codec/bytes.hpp"
#include "storage/account/account_repo.hpp"
#include "storage/account/bot_repo.hpp"
#include "storage/keys.hpp"
#include "storage/records.hpp"
#include "storage/store_fixture.hpp"

using namespace ag;
using ag::test::memory_backend;
using ag::test::rocksdb_backend;

namespace {

user_info person(std::uint64_t id, std::string username, std::string first, std::string last) {
  return user_info{id, std::move(username), std::move(first), std::move(last), false, false};
}

template <class B>
void apply(B& backend, const write_batch& b) {
  REQUIRE(!backend.db().write(b, true));
}

} // namespace

TEST_CASE_TEMPLATE("account search: username and name-word prefixes", B, rocksdb_backend,
                   memory_backend) {
  B backend;
  account_repo acc{backend.db()};
  write_batch b;
  account_repo::add_user(b, person(1, "annie_k", "Annie", "Kane"), "h1", "annie@example.org");
  account_repo::add_user(b, person(2, "bob_ann", "Bob", "Annan-Smith"), "h2");
  account_repo::add_user(b, person(3, "carol_x", "Carol", "Xu"), "h3");
  apply(backend, b);
  CHECK(acc.search("ann", 10).value() == std::vector<std::uint64_t>{1, 2});
  CHECK(acc.search("bob", 10).value() == std::vector<std::uint64_t>{2});
  CHECK(acc.search("smith", 10).value() == std::vector<std::uint64_t>{2});
  CHECK(acc.search("kane", 10).value() == std::vector<std::uint64_t>{1});
  CHECK(acc.search("ann", 1).value().size() == 1);
  CHECK(acc.search("zed", 10).value().empty());
  // Matching "annie" by username and by first name lists user 1 once.
  CHECK(acc.search("annie", 10).value() == std::vector<std::uint64_t>{1});
  CHECK(acc.find_email("annie@example.org").value() == std::optional<std::uint64_t>{1});
  CHECK(acc.email_of(1).value() == std::optional<std::string>{"annie@example.org"});
  CHECK_FALSE(acc.email_of(2).value());
}

TEST_CASE_TEMPLATE("profile changes move the indexes, deletion frees them", B, rocksdb_backend,
                   memory_backend) {
  B backend;
  account_repo acc{backend.db()};
  auto before = person(1, "annie_k", "Annie", "Kane");
  write_batch b;
  account_repo::add_user(b, before, "h1", "annie@example.org");
  apply(backend, b);
  auto after = person(1, "Ann_Lee", "Ann", "Lee");
  write_batch c;
  account_repo::update_user(c, before, after);
  apply(backend, c);
  CHECK_FALSE(acc.find_username("annie_k").value());
  CHECK(acc.find_username("ann_lee").value() == std::optional<std::uint64_t>{1});
  CHECK(acc.search("kane", 10).value().empty());
  CHECK(acc.search("lee", 10).value() == std::vector<std::uint64_t>{1});
  CHECK(acc.find_user(1).value()->first_name == "Ann");

  write_batch d;
  account_repo::delete_user(d, after, "annie@example.org");
  apply(backend, d);
  auto gone = acc.find_user(1).value();
  REQUIRE(gone);
  CHECK(gone->deleted);
  CHECK(gone->username.empty());
  CHECK_FALSE(acc.find_username("ann_lee").value());
  CHECK_FALSE(acc.find_email("annie@example.org").value());
  CHECK_FALSE(acc.password_hash(1).value());
  CHECK(acc.search("ann", 10).value().empty());
  CHECK(acc.search("deleted", 10).value().empty());
}

TEST_CASE_TEMPLATE("authorizations per user and block lists", B, rocksdb_backend, memory_backend) {
  B backend;
  account_repo acc{backend.db()};
  write_batch b;
  authorization a1{10, 1, 1700000000, "phone", "10.0.0.1", 1700000000};
  authorization a2{11, 1, 1700000100, "laptop", "10.0.0.2", 1700000200};
  authorization other{12, 2, 1700000000, "x", "", 0};
  for (auto& a : {a1, a2, other})
    account_repo::put_authorization(b, a);
  account_repo::set_blocked(b, 1, 7, true);
  account_repo::set_blocked(b, 1, 5, true);
  account_repo::set_blocked(b, 2, 9, true);
  apply(backend, b);
  auto mine = acc.authorizations(1).value();
  REQUIRE(mine.size() == 2);
  CHECK(mine[0].device == "phone");
  CHECK(mine[1].ip == "10.0.0.2");
  CHECK(mine[1].active == 1700000200);
  CHECK(acc.blocked(1).value() == std::vector<std::uint64_t>{5, 7});
  write_batch c;
  account_repo::remove_authorization(c, a1);
  account_repo::set_blocked(c, 1, 7, false);
  apply(backend, c);
  CHECK(acc.authorizations(1).value().size() == 1);
  CHECK(acc.blocked(1).value() == std::vector<std::uint64_t>{5});
  CHECK(acc.blocked(2).value() == std::vector<std::uint64_t>{9});
}

TEST_CASE("version-1 user and authorization records still decode") {
  auto u =
    records::decode_user(byte_writer{}.u8(1).u64(5).str("ann").str("A").str("").u8(0).take());
  REQUIRE(u);
  CHECK(u->id == 5);
  CHECK(u->first_name == "A");
  CHECK_FALSE(u->deleted);
  auto a =
    records::decode_authorization(byte_writer{}.u8(1).u64(9).u64(5).i64(100).str("phone").take());
  REQUIRE(a);
  CHECK(a->device == "phone");
  CHECK(a->active == 100); // never seen since: active when created
  CHECK(a->ip.empty());
  CHECK_FALSE(records::decode_user(byte_writer{}.u8(3).u64(5).take()));
}

TEST_CASE_TEMPLATE("bot records: stored, listed per owner in id order, revised, erased", B,
                   rocksdb_backend, memory_backend) {
  B backend;
  bot_repo bots{backend.db()};
  write_batch b;
  bot_repo::put(b, bot_record{30, 7, "aa", true, 100});
  bot_repo::put(b, bot_record{12, 7, "bb", false, 101});
  bot_repo::own(b, 7, 30);
  bot_repo::own(b, 7, 12);
  bot_repo::own(b, 8, 40);
  apply(backend, b);
  auto r = bots.find(12).value();
  REQUIRE(r);
  CHECK(r->owner == 7);
  CHECK(r->secret_hash == "bb");
  CHECK_FALSE(r->privacy);
  CHECK(r->created == 101);
  CHECK_FALSE(bots.find(99).value());
  CHECK(bots.owned_by(7).value() == std::vector<std::uint64_t>{12, 30});
  CHECK(bots.owned_by(8).value() == std::vector<std::uint64_t>{40});
  CHECK(bots.owned_by(9).value().empty());
  write_batch c;
  bot_repo::put(c, bot_record{12, 7, "cc", false, 101});
  bot_repo::erase(c, 30);
  bot_repo::disown(c, 7, 30);
  apply(backend, c);
  CHECK(bots.find(12).value()->secret_hash == "cc");
  CHECK_FALSE(bots.find(30).value());
  CHECK(bots.owned_by(7).value() == std::vector<std::uint64_t>{12});
  // A record that does not decode is an error, not a missing bot.
  write_batch bad;
  bad.put(cf::auth, keys::bot(50), "junk");
  apply(backend, bad);
  CHECK_FALSE(bots.find(50));
}
