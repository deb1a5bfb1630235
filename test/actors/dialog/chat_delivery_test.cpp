// A chat's fan-out through real actors: each operation (send, edit, delete)
// owed to many members is one pending record, gone once every member has
// committed; a replay of it after a crash reaches each member once.
#include <doctest/doctest.h>

#include "actors/protocol/type_ids.hpp"
#include "storage/box/box_repo.hpp"
#include "storage/box/outbox_repo.hpp"
#include "test/actors/actor_fixture.hpp"
#include "test/storage/store_fixture.hpp"

using namespace ag;
using ag::test::actor_fixture;
using ag::test::wait_for;

namespace {

constexpr std::uint64_t cid = 500;
const peer team{peer_type::chat, cid};

std::vector<message> history_of(kv_store& db, std::uint64_t uid) {
  return box_repo{db}.history(uid, {team, 0, 0, 100}).value();
}

} // namespace

TEST_CASE("a chat's operations are one pending record each, settled once all members commit") {
  ag::test::rocksdb_backend backend;
  actor_fixture f{backend.db()};
  auto chat = f.ask<chat_actor>(f.ctx->directory, chat_atom_v, chat_id{cid});
  f.ask<chat_created>(
    chat, create_chat{user_id{1}, "team", {user_id{2}, user_id{3}, user_id{4}}, caf::actor{}});
  auto sent = f.ask<outbox_result>(
    chat, send_request{user_id{1}, team, "hello all", 0, box_id{}, caf::actor{}});
  auto outbox_empty = [&] {
    return outbox_repo{backend.db()}.all().value().empty();
  };
  wait_for(outbox_empty);
  for (std::uint64_t uid : {2u, 3u, 4u}) {
    auto h = history_of(backend.db(), uid);
    REQUIRE(h.size() == 2); // the chat's creation and the message
    CHECK(h[0].text == "hello all");
    CHECK(h[0].dialog_message_id == sent.msg.dialog_message_id);
    CHECK(f.ask<std::uint64_t>(f.user(uid), state_atom_v) == 2);
  }

  // An edit and a delete are settled the same way.
  f.ask<outbox_result>(
    chat, edit_request{user_id{1}, team, box_id{sent.msg.id}, "hello, all", caf::actor{}});
  wait_for(outbox_empty);
  for (std::uint64_t uid : {2u, 3u, 4u})
    CHECK(history_of(backend.db(), uid)[0].text == "hello, all");
  f.ask<affected_messages>(chat,
                           delete_request{user_id{1}, team, {box_id{sent.msg.id}}, caf::actor{}});
  wait_for(outbox_empty);
  for (std::uint64_t uid : {2u, 3u, 4u}) {
    CHECK(history_of(backend.db(), uid).size() == 1);
    CHECK(f.ask<std::uint64_t>(f.user(uid), state_atom_v) == 4);
  }
}

TEST_CASE("a chat message's record replayed after a crash reaches each member once") {
  ag::test::rocksdb_backend backend;
  actor_fixture f{backend.db()};
  auto chat = f.ask<chat_actor>(f.ctx->directory, chat_atom_v, chat_id{cid});
  f.ask<chat_created>(chat,
                      create_chat{user_id{1}, "team", {user_id{2}, user_id{3}}, caf::actor{}});
  auto sent = f.ask<outbox_result>(
    chat, send_request{user_id{1}, team, "before the crash", 0, box_id{}, caf::actor{}});
  wait_for([&] { return outbox_repo{backend.db()}.all().value().empty(); });
  // As a crash after members 2 and 3 committed, before the chat erased the
  // record, would leave it; and a member 4 who has not got it yet.
  write_batch b;
  outbox_repo::put(b, pending_delivery{sent.msg, {2, 3, 4}});
  REQUIRE(!backend.db().write(b, true));
  auto stored = outbox_repo{backend.db()}.all().value();
  REQUIRE(stored.size() == 1);
  REQUIRE(stored[0].for_all);
  caf::anon_send(f.dialog(1, 2), redeliver{stored[0]}); // what the start-up replay sends
  wait_for([&] { return outbox_repo{backend.db()}.all().value().empty(); });
  for (std::uint64_t uid : {2u, 3u}) {
    CHECK(history_of(backend.db(), uid).size() == 2); // not twice
    CHECK(f.ask<std::uint64_t>(f.user(uid), state_atom_v) == 2);
  }
  auto late = history_of(backend.db(), 4);
  REQUIRE(late.size() == 1);
  CHECK(late[0].text == "before the crash");
}

TEST_CASE("a chat of two: the creation owed to both is one record, settled by both") {
  ag::test::rocksdb_backend backend;
  actor_fixture f{backend.db()};
  auto chat = f.ask<chat_actor>(f.ctx->directory, chat_atom_v, chat_id{cid});
  f.ask<chat_created>(chat, create_chat{user_id{1}, "pair", {user_id{2}}, caf::actor{}});
  wait_for([&] { return outbox_repo{backend.db()}.all().value().empty(); });
  for (std::uint64_t uid : {1u, 2u}) {
    auto h = history_of(backend.db(), uid);
    REQUIRE(h.size() == 1);
    CHECK(h[0].out == (uid == 1));
    CHECK(f.ask<std::uint64_t>(f.user(uid), state_atom_v) == 1);
  }
}

TEST_CASE("an edit replayed after a newer one does not undo it") {
  ag::test::memory_backend backend;
  actor_fixture f{backend.db()};
  message m;
  m.dialog_message_id = 9001;
  m.from_id = 1;
  m.to = team;
  m.date = 1800000000;
  m.text = "v1";
  CHECK(f.ask<bool>(f.user(2), inbox_write{m}));
  auto v2 = m, v3 = m;
  v2.text = "v2";
  v2.edit_date = 1800000010;
  v3.text = "v3";
  v3.edit_date = 1800000020;
  CHECK(f.ask<bool>(f.user(2), inbox_write{v3, pending_op::edit, 9003}));
  CHECK(f.ask<bool>(f.user(2), inbox_write{v2, pending_op::edit, 9002})); // the older, late
  auto h = history_of(backend.db(), 2);
  REQUIRE(h.size() == 1);
  CHECK(h[0].text == "v3");
  CHECK(f.ask<std::uint64_t>(f.user(2), state_atom_v) == 2); // the late edit made no update
}
