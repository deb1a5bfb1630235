// The repositories on both backends: message boxes, history pages, the pts
// log, dialogs, accounts, pending deliveries and sequences.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "storage/account/account_repo.hpp"
#include "storage/box/box_repo.hpp"
#include "storage/box/outbox_repo.hpp"
#include "storage/keys.hpp"
#include "storage/kv/commit_queue.hpp"
#include "storage/store_fixture.hpp"

using namespace ag;
using ag::test::memory_backend;
using ag::test::rocksdb_backend;

namespace {

const peer bob{peer_type::user, 2};
const peer carol{peer_type::user, 3};

message make(std::uint64_t owner, std::uint64_t id, peer to, std::string text) {
  message m;
  m.owner = owner;
  m.id = id;
  m.dialog_message_id = 1000 + id;
  m.to = to;
  m.from_id = owner;
  m.out = true;
  m.date = 1700000000 + static_cast<std::int64_t>(id);
  m.text = std::move(text);
  return m;
}

std::vector<std::string> texts(const std::vector<message>& ms) {
  std::vector<std::string> out;
  for (auto& m : ms)
    out.push_back(m.text);
  return out;
}

} // namespace

TEST_CASE_TEMPLATE("box_repo: history pages follow Telegram's offsets", B, rocksdb_backend,
                   memory_backend) {
  B backend;
  box_repo box{backend.db()};
  write_batch b;
  // Box ids 1..20 alternate between two dialogs: odd with bob, even with carol.
  for (std::uint64_t i = 1; i <= 20; ++i)
    box_repo::put_message(b, make(1, i, i % 2 ? bob : carol, "m" + std::to_string(i)));
  REQUIRE(!backend.db().write(b, true));
  using v = std::vector<std::string>;
  CHECK(texts(box.history(1, {bob, 0, 0, 3}).value()) == v{"m19", "m17", "m15"});
  CHECK(texts(box.history(1, {bob, 15, 0, 3}).value()) == v{"m13", "m11", "m9"});
  CHECK(texts(box.history(1, {bob, 15, 1, 2}).value()) == v{"m11", "m9"});
  CHECK(texts(box.history(1, {bob, 9, -2, 4}).value()) == v{"m11", "m9", "m7", "m5"});
  CHECK(texts(box.history(1, {carol, 0, 0, 100}).value()).size() == 10);
  CHECK(box.history(1, {peer{peer_type::user, 99}, 0, 0, 10}).value().empty());
  CHECK(box.history(7, {bob, 0, 0, 10}).value().empty()); // another user's box
  CHECK(box.last_box(1).value() == 20);
  CHECK(box.last_box(2).value() == 0);
  CHECK(box.box_of(1, 1005).value() == std::optional<std::uint64_t>{5});
  CHECK(box.box_of(1, 5).value() == std::nullopt);
}

TEST_CASE_TEMPLATE("box_repo: pts log, dialogs and random ids", B, rocksdb_backend,
                   memory_backend) {
  B backend;
  box_repo box{backend.db()};
  write_batch b;
  for (std::uint64_t pts = 1; pts <= 5; ++pts)
    box_repo::put_update(b, 1, pts, update_record{update_kind::new_message, 1, {pts}});
  box_repo::put_update(b, 2, 1, update_record{update_kind::new_message, 1, {9}});
  // The stored record's top message and unread count are stale on
  // purpose: dialogs() derives both from the history index.
  dialog_state d{bob, 77, 1700000077, 99, 1, 2};
  box_repo::put_dialog(b, 1, d);
  for (std::uint64_t i = 1; i <= 4; ++i) {
    auto m = make(1, i, bob, "m" + std::to_string(i));
    m.out = i == 2; // 1, 3, 4 incoming; read up to 1
    box_repo::put_message(b, m);
  }
  auto gone = make(1, 5, bob, "deleted");
  gone.out = false;
  box_repo::put_message(b, gone);
  box_repo::mark_deleted(b, gone);
  box_repo::put_dialog(b, 1, dialog_state{carol, 5, 1700000005, 3, 0, 0});
  box_repo::put_random(b, 1, 0xfedcba9876543210ull, 4, 1700000004);
  REQUIRE(!backend.db().write(b, true));
  CHECK(box.last_pts(1).value() == 5);
  CHECK(box.last_pts(2).value() == 1);
  CHECK(box.last_pts(3).value() == 0);
  auto ups = box.updates_after(1, 2, 2).value();
  REQUIRE(ups.size() == 2);
  CHECK(ups[0].first == 3);
  CHECK(ups[1].first == 4);
  CHECK(ups[1].second.boxes == std::vector<std::uint64_t>{4});
  CHECK(box.updates_after(1, 5, 10).value().empty());
  auto ds = box.dialogs(1).value();
  REQUIRE(ds.size() == 2);
  CHECK(ds[0].to == bob);
  CHECK(ds[0].top_message == 4);
  CHECK(ds[0].top_date == 1700000004);
  CHECK(ds[0].unread_count == 2);
  CHECK(ds[0].read_inbox_max_id == 1);
  CHECK(ds[0].read_outbox_max_id == 2);
  CHECK(ds[1].to == carol); // no message left: no top, nothing unread
  CHECK(ds[1].top_message == 0);
  CHECK(ds[1].unread_count == 0);
  CHECK(box.dialogs(2).value().empty());
  auto r = box.random(1, 0xfedcba9876543210ull).value();
  REQUIRE(r);
  CHECK(r->first == 4);
  CHECK(box.random(2, 0xfedcba9876543210ull).value() == std::nullopt);
}

TEST_CASE_TEMPLATE("repositories reject corrupt records instead of guessing", B, rocksdb_backend,
                   memory_backend) {
  B backend;
  write_batch b;
  b.put(cf::messages, keys::message(1, 1), "\x01garbage");
  b.put(cf::dialogs, keys::dialog(1, bob), "\x02");
  b.put(cf::users, keys::user(5), "");
  REQUIRE(!backend.db().write(b, true));
  box_repo box{backend.db()};
  CHECK_FALSE(box.get(1, 1));
  CHECK_FALSE(box.dialogs(1));
  CHECK_FALSE(account_repo{backend.db()}.find_user(5));
}

TEST_CASE_TEMPLATE("account_repo and outbox_repo", B, rocksdb_backend, memory_backend) {
  B backend;
  account_repo acc{backend.db()};
  write_batch b;
  account_repo::add_user(b, user_info{7, "Alice_X", "Alice", "", false, false}, "$argon2id$...");
  account_repo::put_authorization(b, authorization{99, 7, 1700000000, "phone", "::1", 1700000000});
  pending_delivery p{make(7, 1, bob, "hi"), {2, 3}};
  outbox_repo::put(b, p); // owed to several: one record for all
  pending_delivery q{make(8, 2, bob, "one"), {5}};
  outbox_repo::put(b, q); // owed to one: a record of its own
  meta_repo::set_sequence_bound(b, "user", 1000);
  REQUIRE(!backend.db().write(b, true));
  CHECK(acc.find_username("alice_x").value() == std::optional<std::uint64_t>{7});
  CHECK(acc.find_user(7).value()->username == "Alice_X");
  CHECK(acc.password_hash(7).value() == std::optional<std::string>{"$argon2id$..."});
  auto a = acc.find_authorization(99).value();
  REQUIRE(a);
  CHECK(a->user == 7);
  CHECK(a->device == "phone");
  auto pending = outbox_repo{backend.db()}.all().value();
  REQUIRE(pending.size() == 2);
  CHECK(pending[0].msg.text == "hi");
  CHECK(pending[0].recipients == std::vector<std::uint64_t>{2, 3});
  CHECK(pending[0].for_all);
  CHECK(pending[1].msg.text == "one");
  CHECK(pending[1].recipients == std::vector<std::uint64_t>{5});
  CHECK_FALSE(pending[1].for_all);
  CHECK(meta_repo{backend.db()}.sequence_bound("user").value() == 1000);
  CHECK(meta_repo{backend.db()}.sequence_bound("other").value() == 0);
  write_batch r;
  account_repo::remove_authorization(r, *a);
  outbox_repo::erase(r, q.msg.dialog_message_id, 5); // the recipient's own commit
  outbox_repo::erase(r, p.msg.dialog_message_id, 2); // not a record of its own: no effect
  REQUIRE(!backend.db().write(r, true));
  CHECK(acc.find_authorization(99).value() == std::nullopt);
  pending = outbox_repo{backend.db()}.all().value();
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].recipients == std::vector<std::uint64_t>{2, 3});
  // Settled with 3 given up on: what stays owes 3 alone, as its own record.
  write_batch s;
  outbox_repo::settle_for_all(s, p, {3});
  REQUIRE(!backend.db().write(s, true));
  pending = outbox_repo{backend.db()}.all().value();
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].recipients == std::vector<std::uint64_t>{3});
  CHECK_FALSE(pending[0].for_all);
  CHECK(pending[0].msg.text == "hi");
  write_batch t;
  pending_delivery other{make(9, 3, bob, "x"), {2, 3}};
  outbox_repo::put(t, other);
  REQUIRE(!backend.db().write(t, true));
  REQUIRE(outbox_repo{backend.db()}.all().value().size() == 2);
  write_batch u;
  outbox_repo::settle_for_all(u, other, {}); // everyone committed: gone
  outbox_repo::erase(u, p.msg.dialog_message_id, 3);
  REQUIRE(!backend.db().write(u, true));
  CHECK(outbox_repo{backend.db()}.all().value().empty());
}

TEST_CASE_TEMPLATE("commit_queue commits in order and answers every batch", B, rocksdb_backend,
                   memory_backend) {
  B backend;
  for (auto mode : {sync_mode::batch, sync_mode::always, sync_mode::none}) {
    commit_queue q{backend.db(), mode};
    std::atomic<int> done{0};
    std::vector<int> order;
    std::mutex mtx;
    for (int i = 0; i < 500; ++i) {
      write_batch b;
      b.put(cf::meta, "counter", std::to_string(i));
      b.put(cf::meta, "k" + std::to_string(i), "v");
      q.submit(std::move(b), [&, i](const caf::error& err) {
        CHECK(!err);
        std::lock_guard<std::mutex> g{mtx};
        order.push_back(i);
        ++done;
      });
    }
    q.drain();
    CHECK(done == 500);
    CHECK(std::is_sorted(order.begin(), order.end()));
    CHECK(backend.db().get(cf::meta, "counter").value() == std::optional<std::string>{"499"});
    CHECK(q.batches() == 500);
    if (mode == sync_mode::always)
      CHECK(q.commits() == 500);
    else
      CHECK(q.commits() <= 500);
  }
}

TEST_CASE_TEMPLATE("commit_queue: batch mode gathers what arrives within its window", B,
                   rocksdb_backend, memory_backend) {
  using namespace std::chrono_literals;
  B backend;
  auto submit_spaced = [](commit_queue& q, int n, std::chrono::milliseconds gap) {
    std::atomic<int> done{0};
    for (int i = 0; i < n; ++i) {
      write_batch b;
      b.put(cf::meta, "w" + std::to_string(i), "v");
      q.submit(std::move(b), [&done](const caf::error& err) {
        CHECK(!err);
        ++done;
      });
      std::this_thread::sleep_for(gap);
    }
    q.drain();
    CHECK(done == n);
  };
  SUBCASE("batches 5 ms apart share one commit in a 200 ms window") {
    commit_queue q{backend.db(), sync_mode::batch, 200ms};
    submit_spaced(q, 4, 5ms);
    CHECK(q.batches() == 4);
    CHECK(q.commits() == 1);
  }
  SUBCASE("a full queue commits before the window ends") {
    commit_queue q{backend.db(), sync_mode::batch, 10s, 3};
    auto start = std::chrono::steady_clock::now();
    submit_spaced(q, 3, 0ms);
    CHECK(std::chrono::steady_clock::now() - start < 5s);
    CHECK(q.commits() == 1);
  }
  SUBCASE("without fsync the window shares the write too") {
    commit_queue q{backend.db(), sync_mode::none, 200ms};
    submit_spaced(q, 3, 5ms);
    CHECK(q.commits() == 1);
  }
  SUBCASE("always syncs each batch alone: no window") {
    commit_queue q{backend.db(), sync_mode::always, 10s};
    auto start = std::chrono::steady_clock::now();
    submit_spaced(q, 2, 20ms);
    CHECK(std::chrono::steady_clock::now() - start < 5s);
    CHECK(q.commits() == 2);
  }
  SUBCASE("stopping commits what waits in the window at once") {
    std::atomic<int> done{0};
    auto start = std::chrono::steady_clock::now();
    {
      commit_queue q{backend.db(), sync_mode::batch, 10s};
      write_batch b;
      b.put(cf::meta, "last", "v");
      q.submit(std::move(b), [&done](const caf::error&) { ++done; });
    }
    CHECK(done == 1);
    CHECK(std::chrono::steady_clock::now() - start < 5s);
    CHECK(backend.db().get(cf::meta, "last").value() == std::optional<std::string>{"v"});
  }
}

TEST_CASE("records: version 1 values still decode, versions 2 to 4 keep the new fields") {
  // A v1 message as the first version wrote it: no action, forward or deleted flag.
  auto m = make(1, 7, bob, "old");
  auto v4 = records::encode(m);
  REQUIRE(v4[0] == 4);
  // v3 = v4 without the entities (count u32 0) and the markup (empty string).
  auto v3 = std::string{v4, 0, v4.size() - 8};
  v3[0] = 3;
  REQUIRE(records::decode_message(v3));
  CHECK(records::decode_message(v3)->entities.empty());
  // v2 = v3 without the media (kind none: one byte).
  auto v2 = std::string{v3, 0, v3.size() - 1};
  v2[0] = 2;
  REQUIRE(records::decode_message(v2));
  CHECK(records::decode_message(v2)->text == "old");
  // v1 = v2 without the trailing fields (action kind, 0 users, empty title,
  // fwd_from_id, fwd_date, deleted): 1 + 4 + 4 + 8 + 8 + 1 bytes.
  auto v1 = std::string{v2, 0, v2.size() - 26};
  v1[0] = 1;
  auto back = records::decode_message(v1);
  REQUIRE(back);
  CHECK(back->text == "old");
  CHECK(back->action.kind == action_kind::none);
  CHECK_FALSE(back->deleted);
  m.action = message_action{action_kind::chat_add_user, {5, 6}, ""};
  m.fwd_from_id = 9;
  m.fwd_date = 5;
  m.deleted = true;
  auto again = records::decode_message(records::encode(m));
  REQUIRE(again);
  CHECK(again->action == m.action);
  CHECK(again->fwd_from_id == 9);
  CHECK(again->deleted);
  CHECK_FALSE(records::decode_message(std::string(1, '\4') + v2.substr(1)));
  CHECK_FALSE(records::decode_message(std::string(1, '\5') + v4.substr(1)));

  // Entities and a keyboard round-trip; an unknown entity kind is corruption.
  m.entities = {message_entity{entity_kind::text_link, 0, 3, "https://example.com", 0, ""},
                message_entity{entity_kind::pre, 1, 2, "", 0, "cpp"}};
  m.reply_markup = R"({"inline_keyboard":[[{"text":"a","callback_data":"b"}]]})";
  auto with_entities = records::decode_message(records::encode(m));
  REQUIRE(with_entities);
  CHECK(with_entities->entities == m.entities);
  CHECK(with_entities->reply_markup == m.reply_markup);
  auto bad_entity = records::encode(m);
  auto at =
    bad_entity.find("https://example.com") - 4 - 4 - 4 - 1; // kind, offset, length, url size
  REQUIRE(bad_entity[at] == static_cast<char>(entity_kind::text_link));
  bad_entity[at] = 99;
  CHECK_FALSE(records::decode_message(bad_entity));
  m.entities.clear();
  m.reply_markup.clear();

  // Media round-trips; a bad media kind or size count is corruption.
  m.media = message_media{media_kind::photo,
                          42,
                          1000,
                          "image/png",
                          "a.png",
                          40,
                          30,
                          0,
                          {{'s', 40, 30, 99, 43}, {'m', 40, 30, 120, 44}},
                          "tiny"};
  auto with_media = records::encode(m);
  auto media_back = records::decode_message(with_media);
  REQUIRE(media_back);
  CHECK(media_back->media == m.media);
  REQUIRE(records::decode_media(records::encode(m.media)));
  CHECK(*records::decode_media(records::encode(m.media)) == m.media);
  auto bad_kind = records::encode(message_media{media_kind::video, 1, 2, "", "", 0, 0, 0, {}, ""});
  bad_kind[1] = 9;
  CHECK_FALSE(records::decode_media(bad_kind));
  CHECK_FALSE(records::decode_media(records::encode(m.media).substr(0, 20)));

  pending_delivery p{m, {4}, pending_op::remove, 77, {1, 2}};
  // The outbox's per-recipient values are exactly encode() of each narrowed.
  pending_delivery two{m, {4, 5}, pending_op::edit, 78, {}};
  auto each = records::encode_per_recipient(two);
  REQUIRE(each.size() == 2);
  CHECK(each[1] == records::encode(pending_delivery{m, {5}, pending_op::edit, 78, {}}));
  auto pb = records::decode_pending(records::encode(p));
  REQUIRE(pb);
  CHECK(pb->op == pending_op::remove);
  CHECK(pb->key_id() == 77);
  CHECK(pb->dmids == std::vector<std::uint64_t>{1, 2});

  chat_info c{3, "Team", 1, 1700000000, 2};
  CHECK(records::decode_chat(records::encode(c)) == c);
  chat_member cm{5, chat_role::admin, 1, 1700000001};
  CHECK(records::decode_chat_member(records::encode(cm)) == cm);
  auto bad = records::encode(cm);
  bad[9] = 7; // no such role
  CHECK_FALSE(records::decode_chat_member(bad));
}

TEST_CASE_TEMPLATE("box_repo: soft delete, newest, history bounds and search", B, rocksdb_backend,
                   memory_backend) {
  B be;
  box_repo box{be.db()};
  write_batch b;
  for (std::uint64_t i = 1; i <= 6; ++i) {
    auto m = make(1, i, bob, i % 2 ? "Find ME " + std::to_string(i) : "other");
    m.out = i % 3 != 0;
    box_repo::put_message(b, m);
  }
  REQUIRE(!be.db().write(b, false));
  history_query q{bob, 0, 0, 10, 5, 2};
  CHECK(texts(*box.history(1, q)) == std::vector<std::string>{"other", "Find ME 3"});
  write_batch d;
  box_repo::mark_deleted(d, make(1, 6, bob, "other"));
  REQUIRE(!be.db().write(d, false));
  CHECK((*box.newest(1, bob))->id == 5);
  CHECK((*box.newest(1, bob, {5, 4}))->id == 3);
  CHECK((*box.get(1, 6))->deleted);
  CHECK(*box.count_incoming_after(1, bob, 0) == 1); // box 3 (6 is deleted)
  CHECK(*box.count_incoming_after(1, bob, 0, {3}) == 0);
  auto page = box.search(1, search_query{bob, "find me", 0, 2});
  REQUIRE(page);
  CHECK(texts(page->messages) == std::vector<std::string>{"Find ME 5", "Find ME 3"});
  CHECK(page->next_offset_id == 3);
  auto rest = box.search(1, search_query{peer{}, "FIND", page->next_offset_id, 2});
  CHECK(texts(rest->messages) == std::vector<std::string>{"Find ME 1"});
  CHECK(rest->next_offset_id == 0);
  // A scan cap ends a page early but says where to go on.
  auto capped = box.search(1, search_query{peer{}, "find", 0, 10}, 2);
  CHECK(capped->messages.size() == 1);
  CHECK(capped->next_offset_id == 5); // exclusive: go on below box 5
}

TEST_CASE("records: an update's callback query round-trips; a v2 update still decodes") {
  update_record rec{update_kind::callback_query, 1, {7}, peer{peer_type::user, 5}};
  rec.from = 5;
  rec.date = 1'700'000'000;
  rec.data = "press \"me\"";
  auto v3 = records::encode(rec);
  REQUIRE(v3[0] == 3);
  auto back = records::decode_update(v3);
  REQUIRE(back);
  CHECK(back->kind == update_kind::callback_query);
  CHECK(back->boxes == std::vector<std::uint64_t>{7});
  CHECK(back->to == rec.to);
  CHECK(back->from == 5);
  CHECK(back->date == rec.date);
  CHECK(back->data == rec.data);
  // v2 = v3 without from, date and data (8 + 8 + 4 + size bytes).
  auto v2 = std::string{v3, 0, v3.size() - 20 - rec.data.size()};
  v2[0] = 2;
  auto old = records::decode_update(v2);
  REQUIRE(old);
  CHECK(old->from == 0);
  CHECK(old->data.empty());
  CHECK_FALSE(records::decode_update(v3.substr(0, v3.size() - 1)));
}
