// Which shards hold each record the repositories write (what a hand-off
// moves), and the commit queue's fence that refuses writes to frozen shards.
#include <doctest/doctest.h>

#include <atomic>

#include "core/cluster/shard_map.hpp"
#include "core/error.hpp"
#include "storage/account/account_repo.hpp"
#include "storage/account/bot_repo.hpp"
#include "storage/box/box_repo.hpp"
#include "storage/box/outbox_repo.hpp"
#include "storage/chat/chat_repo.hpp"
#include "storage/cluster/shard_records.hpp"
#include "storage/files/file_repo.hpp"
#include "storage/kv/commit_queue.hpp"
#include "storage/store_fixture.hpp"

using namespace ag;

namespace {

constexpr std::uint64_t alice = 1001, bob = 2002, chat = 7007;

/// Every op of `b` is held by `id` (from its key and value) and, where the
/// key says, by its key alone.
void held_by(const write_batch& b, std::uint64_t id) {
  REQUIRE(!b.empty());
  for (auto& op : b.ops) {
    auto h = shard_records::of_record(op.family, op.key, op.value);
    CAPTURE(cf_names[cf_index(op.family)]);
    CHECK((h.first == id || h.second == id));
  }
}

} // namespace

TEST_CASE("shard_records: a user's and a chat's records are held by their ids") {
  user_info u{alice, "Alice_W", "Alice", "W", false, false};
  write_batch account;
  account_repo::add_user(account, u, "hash", "alice@example.com");
  for (auto& op : account.ops) {
    auto h = shard_records::of_record(op.family, op.key, op.value);
    CAPTURE(op.key);
    bool index = op.family == cf::users && (op.key[0] == 'n' || op.key[0] == 'e');
    if (index) {
      // The authoritative entry's shard (its text key's), and the home copy's.
      CHECK(h.second == alice);
      CHECK((h.first == cluster::key_id("u:alice_w")
             || h.first == cluster::key_id("e:alice@example.com")));
    } else {
      CHECK(h.first == alice);
    }
  }
  write_batch auth;
  account_repo::put_authorization(auth, authorization{555, alice, 1, "dev", "ip", 1});
  held_by(auth, alice);
  // The authorization itself names its user only in its value.
  auto& by_sid = auth.ops.front();
  if (by_sid.key[0] == 's')
    CHECK(shard_records::of_key(by_sid.family, by_sid.key).empty());

  message m;
  m.id = 9;
  m.owner = alice;
  m.from_id = alice;
  m.to = peer{peer_type::user, bob};
  m.dialog_message_id = 42;
  write_batch box;
  box_repo::put_message(box, m);
  box_repo::put_update(box, alice, 1, update_record{update_kind::new_message, 1, {9}});
  box_repo::put_random(box, alice, 77, 9, 100);
  held_by(box, alice);

  pending_delivery p;
  p.msg = m;
  p.recipients = {bob};
  write_batch out;
  outbox_repo::put(out, p);
  held_by(out, alice); // by its author, where settle_at_author sends settles

  write_batch c;
  chat_repo::put(c, chat_info{chat, "t", alice, 1, 1});
  chat_repo::put_member(c, chat, chat_member{bob, chat_role::member, alice, 1});
  held_by(c, chat);

  // A copy carrying a file: its access key and its reference move with the
  // box's owner; the grant of an upload with its uploader.
  message copy = m;
  copy.owner = bob;
  copy.media.kind = media_kind::photo;
  copy.media.file = 5005;
  write_batch carried;
  box_repo::put_message(carried, copy);
  held_by(carried, bob);
  write_batch grant;
  file_repo::put_grant(grant, alice, 5005);
  held_by(grant, alice);

  write_batch own;
  meta_repo::set_sequence_bound(own, "user", 100);
  // Files, their bytes and uploads stay on the node that stored them.
  stored_file f{5005, alice, alice, 77, 10, 0, 1, std::string(32, 'h'), 1, 1};
  file_repo::put(own, f);
  file_repo::put_hash(own, f);
  file_repo::put_spent(own, alice, 77, 5005);
  upload_repo::put(own, upload_record{alice, 77, 1, 1, 1, 10});
  upload_repo::put_part(own, alice, 77, 0, "0123456789");
  file_repo::put_rendition(own, 6006, 5005, alice, "jpeg", 1);
  meta_repo::put(own, "cluster.map", "x");
  for (auto& op : own.ops)
    CHECK(shard_records::of_record(op.family, op.key, op.value).empty());
}

TEST_CASE_TEMPLATE("commit_queue: a fence refuses what it names and writes the rest", B,
                   test::rocksdb_backend, test::memory_backend) {
  B backend;
  commit_queue q{backend.db(), sync_mode::batch, std::chrono::milliseconds{5}};
  auto frozen = cluster::shard_of(alice);
  q.set_fence([frozen](const write_batch& b) -> caf::error {
    for (auto& op : b.ops) {
      auto h = shard_records::of_key(op.family, op.key);
      if (h.first != 0 && cluster::shard_of(h.first) == frozen)
        return make_error(errc::unavailable, "moving");
    }
    return {};
  });
  std::atomic<int> refused{0}, written{0};
  auto count = [&](const caf::error& err) {
    ++(err ? refused : written);
  };
  for (int i = 0; i < 20; ++i) {
    write_batch a, b;
    box_repo::put_update(a, alice, i + 1, update_record{update_kind::new_message, 1, {1}});
    box_repo::put_update(b, bob, i + 1, update_record{update_kind::new_message, 1, {1}});
    q.submit(std::move(a), count);
    q.submit(std::move(b), count); // merged with a refused batch: still written
  }
  q.drain();
  CHECK(refused == 20);
  CHECK(written == 20);
  box_repo box{backend.db()};
  CHECK(box.last_pts(alice).value() == 0);
  CHECK(box.last_pts(bob).value() == 20);
  q.set_fence({});
  write_batch later;
  box_repo::put_update(later, alice, 1, update_record{update_kind::new_message, 1, {1}});
  q.submit(std::move(later), count);
  q.drain();
  CHECK(written == 21);
  CHECK(box.last_pts(alice).value() == 1);
}

TEST_CASE("shard_records: a bot's record moves with the bot, its listing with the owner") {
  write_batch rec;
  bot_repo::put(rec, bot_record{bob, alice, "hash", true, 1});
  held_by(rec, bob);
  CHECK(shard_records::of_record(rec.ops.front().family, rec.ops.front().key, rec.ops.front().value)
          .first
        == bob);
  write_batch listing;
  bot_repo::own(listing, alice, bob);
  CHECK(shard_records::of_key(listing.ops.front().family, listing.ops.front().key).first == alice);
}
