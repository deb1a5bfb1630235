// pts and box-id bookkeeping, and the assembly of a difference, without an
// actor system.
#include <doctest/doctest.h>

#include <map>

#include "core/rules/box_ledger.hpp"
#include "core/rules/difference_builder.hpp"

using namespace ag;

TEST_CASE("box ledger: box ids and pts strictly increase, committed trails assigned") {
  box_ledger l;
  l.load(10, 4);
  message m;
  m.to = peer{peer_type::user, 2};
  m.date = 1800000000;
  dialog_state d;
  CHECK(l.place(m, d, true) == 11);
  CHECK(m.id == 5);
  CHECK(d.top_message == 5);
  CHECK(d.top_date == 1800000000);
  CHECK(d.unread_count == 1);
  CHECK(l.place(m, d, false) == 12);
  CHECK(m.id == 6);
  CHECK(d.unread_count == 1); // outgoing: not unread
  CHECK(l.take_pts(3) == 15); // one update of three messages
  CHECK(l.assigned() == 15);
  CHECK(l.committed_pts() == 10);
  l.committed(12);
  l.committed(11); // commits answer in any order: never backwards
  CHECK(l.committed_pts() == 12);
  l.committed(15);
  CHECK(l.committed_pts() == l.assigned());
  CHECK(l.last_box() == 6);
}

TEST_CASE("difference: empty, too long, full and slice; uncommitted and deleted left out") {
  namespace db = difference_builder;
  CHECK(db::without_log(7, 7)->k == db::kind::empty);
  CHECK(db::without_log(8, 7)->pts == 7);
  CHECK(db::without_log(0, db::max_gap + 1)->k == db::kind::too_long);
  CHECK_FALSE(db::without_log(0, db::max_gap));

  std::map<std::uint64_t, message> box;
  for (std::uint64_t id = 1; id <= 4; ++id) {
    message m;
    m.id = id;
    m.text = "m" + std::to_string(id);
    m.deleted = id == 3;
    box[id] = m;
  }
  auto lookup = [&](std::uint64_t id, std::optional<message>& out) {
    if (auto i = box.find(id); i != box.end())
      out = i->second;
    return true;
  };
  std::vector<std::pair<std::uint64_t, update_record>> log = {
    {1, update_record{update_kind::new_message, 1, {1}}},
    {2, update_record{update_kind::edit_message, 1, {2}}},
    {3, update_record{update_kind::new_message, 1, {3}}}, // deleted since
    {5, update_record{update_kind::delete_messages, 2, {3, 9}}},
    {6, update_record{update_kind::read_history_inbox, 1, {}, peer{peer_type::user, 2}, 4, 1}},
    {7, update_record{update_kind::new_message, 1, {4}}}, // past the committed top
  };
  auto r = db::build(0, 6, log, lookup);
  REQUIRE(r);
  CHECK(r->k == db::kind::full);
  CHECK(r->pts == 6);
  REQUIRE(r->new_messages.size() == 1);
  CHECK(r->new_messages[0].text == "m1");
  REQUIRE(r->other_updates.size() == 3);
  CHECK(r->other_updates[0].kind == update_kind::edit_message);
  CHECK(r->other_updates[0].msg.text == "m2");
  CHECK(r->other_updates[1].ids == std::vector<std::uint64_t>{3, 9});
  CHECK(r->other_updates[1].pts_count == 2);
  CHECK(r->other_updates[2].max_id == 4);
  CHECK(r->other_updates[2].still_unread == 1);
  // With a top beyond the page: a slice that says where to go on.
  auto slice = db::build(0, 9, {log.begin(), log.begin() + 2}, lookup);
  CHECK(slice->k == db::kind::slice);
  CHECK(slice->pts == 2);
  // A storage error ends the assembly.
  CHECK_FALSE(db::build(0, 6, log, [](std::uint64_t, std::optional<message>&) { return false; }));
}
