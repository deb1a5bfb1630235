// Membership rules (core/cluster/membership.hpp) on a fake clock:
// heartbeats, suspicion, down, restarts, and merging other nodes' views.
#include <doctest/doctest.h>

#include "core/cluster/membership.hpp"

using namespace ag::cluster;

namespace {

member node(node_number id, std::uint64_t incarnation, member_state state = member_state::alive) {
  return member{id, "127.0.0.1", static_cast<std::uint16_t>(7000 + id), incarnation, state, 0};
}

member_state state_of(const membership& m, node_number id) {
  REQUIRE(m.find(id) != nullptr);
  return m.find(id)->state;
}

} // namespace

TEST_CASE("a silent member is suspected, then down within 5 s; a heartbeat clears suspicion") {
  membership m{node(1, 100)};
  CHECK_FALSE(m.heard(node(2, 200), 0));
  CHECK(m.tick(1000).empty());
  CHECK(m.tick(2000).empty());
  auto changed = m.tick(2001);
  REQUIRE(changed.size() == 1);
  CHECK(changed[0].state == member_state::suspect);
  CHECK(m.up(2)); // a suspect still gets calls
  m.heard(node(2, 200), 2500);
  CHECK(state_of(m, 2) == member_state::alive);
  CHECK(m.tick(4500).empty());
  CHECK(m.tick(4501)[0].state == member_state::suspect);
  CHECK(m.tick(6501)[0].state == member_state::down); // 4 s silent
  CHECK_FALSE(m.up(2));
  CHECK(m.tick(9000).empty());
  CHECK(m.up(1));       // this node
  CHECK_FALSE(m.up(3)); // unknown
}

TEST_CASE("a down member comes back only with a newer incarnation") {
  membership m{node(1, 100)};
  m.heard(node(2, 200), 0);
  m.tick(5000);
  REQUIRE(state_of(m, 2) == member_state::down);
  CHECK_FALSE(m.heard(node(2, 200), 5100)); // the same run: still down
  CHECK(state_of(m, 2) == member_state::down);
  CHECK_FALSE(m.heard(node(2, 150), 5100)); // a message from before
  CHECK(state_of(m, 2) == member_state::down);
  CHECK(m.heard(node(2, 300), 5200)); // restarted: look its actors up again
  CHECK(state_of(m, 2) == member_state::alive);
  CHECK(m.find(2)->incarnation == 300);
}

TEST_CASE("merging a view: newer incarnations and worse states win, new members join") {
  membership m{node(1, 100)};
  m.heard(node(2, 200), 0);
  m.heard(node(3, 300), 0);
  auto changed = m.merge(
    {node(2, 200, member_state::suspect), node(3, 299, member_state::down), node(4, 400)}, 500);
  REQUIRE(changed.size() == 2);
  CHECK(state_of(m, 2) == member_state::suspect); // same incarnation, worse
  CHECK(state_of(m, 3) == member_state::alive);   // an older incarnation's news
  CHECK(state_of(m, 4) == member_state::alive);   // taken in
  CHECK(m.find(4)->last_heard_ms == 500);
  // A better state at the same incarnation changes nothing...
  CHECK(m.merge({node(2, 200, member_state::alive)}, 600).empty());
  CHECK(state_of(m, 2) == member_state::suspect);
  // ...a newer incarnation does.
  CHECK(m.merge({node(2, 201)}, 700).size() == 1);
  CHECK(state_of(m, 2) == member_state::alive);
  CHECK(m.find(2)->last_heard_ms == 700);
  CHECK(m.others().size() == 3);
  CHECK(m.view().size() == 4);
  CHECK(m.view()[0].id == 1);
}

TEST_CASE("a node told it is suspected refutes with a higher incarnation") {
  membership m{node(1, 100)};
  auto changed = m.merge({node(1, 100, member_state::suspect)}, 0);
  REQUIRE(changed.size() == 1);
  CHECK(m.self().incarnation == 101);
  CHECK(m.self().state == member_state::alive);
  // Old news about itself changes nothing.
  CHECK(m.merge({node(1, 100, member_state::down)}, 0).empty());
  CHECK(m.self().incarnation == 101);
  m.merge({node(1, 101, member_state::down)}, 0);
  CHECK(m.self().incarnation == 102);
  // The refutation brings it back on the node that declared it down.
  membership other{node(2, 200)};
  other.heard(node(1, 101), 0);
  other.tick(5000);
  REQUIRE(state_of(other, 1) == member_state::down);
  CHECK(other.heard(m.self(), 5100));
  CHECK(state_of(other, 1) == member_state::alive);
}
