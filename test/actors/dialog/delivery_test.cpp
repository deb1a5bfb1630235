// The delivery path of DESIGN.md §3 through real actors on both storage
// backends: outbox before the reply, inbox fan-out, dedupe, gap-free pts,
// pending records cleared, state reloaded by a new incarnation.
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

send_request text_to(std::uint64_t from, std::uint64_t to, std::string text,
                     std::uint64_t random_id = 0) {
  return send_request{
    user_id{from}, peer{peer_type::user, to}, std::move(text), random_id, box_id{}, caf::actor{}};
}

} // namespace

TEST_CASE_TEMPLATE("a private message is in both boxes, once, with gap-free pts", B,
                   ag::test::rocksdb_backend, ag::test::memory_backend) {
  B backend;
  actor_fixture f{backend.db()};
  auto d = f.dialog(1, 2);
  std::vector<outbox_result> sent;
  for (int i = 0; i < 20; ++i) {
    auto from = i % 3 == 0 ? 2u : 1u;
    sent.push_back(
      f.ask<outbox_result>(d, text_to(from, from == 1 ? 2 : 1, "m" + std::to_string(i))));
  }
  box_repo box{backend.db()};
  wait_for([&] { return outbox_repo{backend.db()}.all().value().empty(); });
  for (std::uint64_t uid : {1u, 2u}) {
    auto pts = f.ask<std::uint64_t>(f.user(uid), state_atom_v);
    CHECK(pts == 20);
    auto ups = box.updates_after(uid, 0, 100).value();
    REQUIRE(ups.size() == 20);
    for (std::size_t i = 0; i < ups.size(); ++i)
      CHECK(ups[i].first == i + 1); // no holes
    auto hist = box.history(uid, {peer{peer_type::user, uid == 1 ? 2u : 1u}, 0, 0, 100}).value();
    REQUIRE(hist.size() == 20);
    // Same order in both boxes: by dialog_message_id, newest first.
    for (std::size_t i = 0; i + 1 < hist.size(); ++i)
      CHECK(hist[i].dialog_message_id > hist[i + 1].dialog_message_id);
  }
  // Dedupe: delivering the same message again changes nothing.
  CHECK(f.ask<bool>(f.user(2), inbox_write{sent[1].msg}));
  CHECK(f.ask<std::uint64_t>(f.user(2), state_atom_v) == 20);
}

TEST_CASE_TEMPLATE("random_id: the same result again, another dialog is refused", B,
                   ag::test::rocksdb_backend, ag::test::memory_backend) {
  B backend;
  actor_fixture f{backend.db()};
  auto first = f.ask<outbox_result>(f.dialog(1, 2), text_to(1, 2, "once", 555));
  auto again = f.ask<outbox_result>(f.dialog(1, 2), text_to(1, 2, "once", 555));
  CHECK(again.duplicate);
  CHECK(again.msg.id == first.msg.id);
  CHECK(f.ask_error(f.dialog(1, 3), text_to(1, 3, "once", 555)) == errc::random_id_duplicate);
  // After 24 h the random_id may be used again.
  f.fake_now_ms += 25 * 3600 * 1000LL;
  auto later = f.ask<outbox_result>(f.dialog(1, 2), text_to(1, 2, "once", 555));
  CHECK_FALSE(later.duplicate);
  CHECK(later.msg.id != first.msg.id);
}

TEST_CASE("a sender is rate limited with FLOOD_WAIT and retry_after") {
  ag::test::memory_backend backend;
  actor_settings s;
  s.limits.messages_per_second = 1;
  s.limits.messages_burst = 3;
  actor_fixture f{backend.db(), s};
  auto d = f.dialog(1, 2);
  for (int i = 0; i < 3; ++i)
    f.ask<outbox_result>(d, text_to(1, 2, "ok"));
  CHECK(f.ask_error(d, text_to(1, 2, "too fast")) == errc::flood_wait);
  f.fake_now_ms += 2000;
  f.ask<outbox_result>(d, text_to(1, 2, "ok again"));
}

TEST_CASE("a user actor reloads its state from RocksDB after a restart") {
  ag::test::rocksdb_backend backend;
  {
    actor_fixture f{backend.db()};
    for (int i = 0; i < 5; ++i)
      f.ask<outbox_result>(f.dialog(1, 2), text_to(1, 2, "x"));
    wait_for([&] { return outbox_repo{backend.db()}.all().value().empty(); });
  }
  backend.reopen();
  actor_fixture f{backend.db()};
  CHECK(f.ask<std::uint64_t>(f.user(1), state_atom_v) == 5);
  auto r = f.ask<outbox_result>(f.dialog(2, 1), text_to(2, 1, "reply"));
  CHECK(r.pts == 6);
  CHECK(r.msg.id == 6);
}

namespace {

/// User 1's copy of a message to user 2, as its outbox commit wrote it.
message sent_copy(std::uint64_t dmid, std::string text) {
  message m;
  m.id = 1;
  m.owner = 1;
  m.dialog_message_id = dmid;
  m.from_id = 1;
  m.to = peer{peer_type::user, 2};
  m.out = true;
  m.date = 1800000000;
  m.text = std::move(text);
  return m;
}

} // namespace

TEST_CASE("pending deliveries are replayed and deduplicated") {
  ag::test::rocksdb_backend backend;
  actor_fixture f{backend.db()};
  // A pending record as a crash after the outbox commit would leave it.
  auto m = sent_copy(4242, "survived a crash");
  write_batch b;
  outbox_repo::put(b, pending_delivery{m, {2}});
  REQUIRE(!backend.db().write(b, true));
  auto d = f.dialog(1, 2);
  caf::anon_send(d, redeliver{pending_delivery{m, {2}}});
  caf::anon_send(d, redeliver{pending_delivery{m, {2}}}); // twice: still once
  wait_for([&] { return outbox_repo{backend.db()}.all().value().empty(); });
  box_repo box{backend.db()};
  auto hist = box.history(2, {peer{peer_type::user, 1}, 0, 0, 10}).value();
  REQUIRE(hist.size() == 1);
  CHECK(hist[0].text == "survived a crash");
  CHECK(hist[0].out == false);
  CHECK(f.ask<std::uint64_t>(f.user(2), state_atom_v) == 1);
}

TEST_CASE("a chat change owed to its author arrives as the author's own copy, once") {
  // What a crash between the chat's commit and the author's copy leaves: the
  // chat's pending record owes the service message to the author as well.
  ag::test::rocksdb_backend backend;
  actor_fixture f{backend.db()};
  message m;
  m.dialog_message_id = 5150;
  m.from_id = 1;
  m.to = peer{peer_type::chat, 77};
  m.date = 1800000000;
  m.action = message_action{action_kind::chat_edit_title, {}, "renamed"};
  write_batch b;
  outbox_repo::put(b, pending_delivery{m, {2, 1}});
  REQUIRE(!backend.db().write(b, true));
  auto stored = outbox_repo{backend.db()}.all().value();
  REQUIRE(stored.size() == 1); // one record for both
  REQUIRE(stored[0].for_all);
  caf::anon_send(f.dialog(1, 2), redeliver{stored[0]}); // what the start-up replay sends
  wait_for([&] { return outbox_repo{backend.db()}.all().value().empty(); });
  box_repo box{backend.db()};
  auto author = box.history(1, {peer{peer_type::chat, 77}, 0, 0, 10}).value();
  REQUIRE(author.size() == 1);
  CHECK(author[0].out);
  CHECK(author[0].action.title == "renamed");
  auto member = box.history(2, {peer{peer_type::chat, 77}, 0, 0, 10}).value();
  REQUIRE(member.size() == 1);
  CHECK_FALSE(member[0].out);
  auto dialogs = box.dialogs(1).value();
  REQUIRE(dialogs.size() == 1);
  CHECK(dialogs[0].unread_count == 0); // the author's own message is not unread
  CHECK(box.dialogs(2).value()[0].unread_count == 1);
  // A second replay changes nothing.
  caf::anon_send(f.dialog(1, 2), redeliver{stored[0]});
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(box.history(1, {peer{peer_type::chat, 77}, 0, 0, 10}).value().size() == 1);
  CHECK(f.ask<std::uint64_t>(f.user(1), state_atom_v) == 1);
}

TEST_CASE("a replayed delete that overtakes its send leaves a tombstone") {
  ag::test::memory_backend backend;
  actor_fixture f{backend.db()};
  auto m = sent_copy(777, "deleted before it arrived");
  CHECK(f.ask<bool>(f.user(2), inbox_write{m, pending_op::remove, 778, {777}}));
  CHECK(f.ask<bool>(f.user(2), inbox_write{m, pending_op::new_message, 0, {}}));
  box_repo box{backend.db()};
  CHECK(box.history(2, {peer{peer_type::user, 1}, 0, 0, 10}).value().empty());
  CHECK(f.ask<std::uint64_t>(f.user(2), state_atom_v) == 0);
  // Another message of the dialog still arrives.
  m.dialog_message_id = 779;
  CHECK(f.ask<bool>(f.user(2), inbox_write{m, pending_op::new_message, 0, {}}));
  CHECK(box.history(2, {peer{peer_type::user, 1}, 0, 0, 10}).value().size() == 1);
}

TEST_CASE("idgen sequences never repeat across restarts") {
  ag::test::rocksdb_backend backend;
  std::uint64_t last = 0;
  std::uint64_t last_snowflake = 0;
  {
    actor_fixture f{backend.db()};
    for (int i = 0; i < 5; ++i)
      last = f.ask<std::uint64_t>(f.ctx->idgen, sequence_atom_v, std::string{"user"});
    last_snowflake = f.ask<std::uint64_t>(f.ctx->idgen, next_id_atom_v);
  }
  backend.reopen();
  actor_fixture f{backend.db()};
  f.fake_now_ms -= 60'000; // the clock is behind after the restart
  auto next = f.ask<std::uint64_t>(f.ctx->idgen, sequence_atom_v, std::string{"user"});
  CHECK(next > last);
  CHECK(f.ask<std::uint64_t>(f.ctx->idgen, next_id_atom_v) > last_snowflake);
}

TEST_CASE("auth: sign up, sign in, tokens, revocation") {
  ag::test::memory_backend backend;
  actor_fixture f{backend.db()};
  auto a = f.ask<auth_result>(f.ctx->auth,
                              sign_up_request{"alice_t", "secret pw", "Alice", "", "", "", {}});
  CHECK(a.user.id > 0);
  CHECK(f.ask_error(f.ctx->auth, sign_up_request{"ALICE_T", "secret pw", "A", "", "", "", {}})
        == errc::username_occupied);
  CHECK(f.ask_error(f.ctx->auth, sign_up_request{"x", "secret pw", "A", "", "", "", {}})
        == errc::username_invalid);
  CHECK(f.ask_error(f.ctx->auth, sign_in_request{"alice_t", "wrong pw", {}})
        == errc::password_hash_invalid);
  auto b = f.ask<auth_result>(f.ctx->auth, sign_in_request{"Alice_T", "secret pw", {}});
  CHECK(b.user.id == a.user.id);
  auto owner = f.ask<token_owner>(f.ctx->auth, check_atom_v, b.token, std::string{}, caf::actor{});
  CHECK(owner.user.value == a.user.id);
  CHECK(f.ask<bool>(f.ctx->auth, revoke_atom_v, user_id{b.user.id}, b.auth_session));
  CHECK(f.ask_error(f.ctx->auth, check_atom_v, b.token, std::string{}, caf::actor{})
        == errc::auth_key_unregistered);
  // The first token still works.
  CHECK(
    f.ask<token_owner>(f.ctx->auth, check_atom_v, a.token, std::string{}, caf::actor{}).user.value
    == a.user.id);
  // Brute force: after 5 failures the username answers FLOOD_WAIT.
  for (int i = 0; i < 4; ++i)
    f.ask_error(f.ctx->auth, sign_in_request{"alice_t", "bad", {}});
  CHECK(f.ask_error(f.ctx->auth, sign_in_request{"alice_t", "secret pw", {}}) == errc::flood_wait);
}

TEST_CASE("idle user actors stop and reload their state on demand") {
  ag::test::rocksdb_backend backend;
  actor_settings s;
  s.actors.idle_stop_s = 2; // the directory ticks every second
  actor_fixture f{backend.db(), s};
  for (int i = 0; i < 3; ++i)
    f.ask<outbox_result>(f.dialog(1, 2), text_to(1, 2, "x"));
  wait_for([&] { return outbox_repo{backend.db()}.all().value().empty(); });
  CHECK(f.stats.user_actors.load() == 2);
  auto before = f.user(1);
  f.fake_now_ms += 10'000; // both users have been idle long enough
  wait_for([&] { return f.stats.user_actors.load() == 0; });
  // The next call spawns a new incarnation that reloads pts and box ids.
  auto after = f.user(1);
  CHECK(after != before);
  CHECK(f.ask<std::uint64_t>(after, state_atom_v) == 3);
  auto r = f.ask<outbox_result>(f.dialog(1, 2), text_to(1, 2, "again"));
  CHECK(r.pts == 4);
  CHECK(r.msg.id == 4);
}
