// Reads through a user actor's unflushed writes (actors/user/unflushed.hpp):
// storage plus the batches still in flight, on top.
#include <doctest/doctest.h>

#include "actors/user/unflushed.hpp"
#include "storage/store_fixture.hpp"

using namespace ag;

namespace {

const peer bob{peer_type::user, 2};

message incoming(std::uint64_t id, std::string text) {
  message m;
  m.owner = 1;
  m.id = id;
  m.dialog_message_id = 500 + id;
  m.to = bob;
  m.from_id = 2;
  m.out = false;
  m.text = std::move(text);
  return m;
}

} // namespace

TEST_CASE("unflushed writes shadow storage until their batch commits") {
  ag::test::memory_backend backend;
  box_repo box{backend.db()};
  write_batch b;
  box_repo::put_message(b, incoming(1, "stored one"));
  box_repo::put_message(b, incoming(2, "stored two"));
  REQUIRE(!backend.db().write(b, true));

  unflushed_messages u;
  // In flight: a third message (pts 3), message 2 deleted (pts 4), message 3 edited (pts 5).
  u.wrote(incoming(3, "new"), 3);
  auto gone = incoming(2, "stored two");
  gone.deleted = true;
  u.wrote(gone, 4);
  u.wrote(incoming(3, "edited"), 5);

  CHECK(u.count_incoming_after(box, 1, bob, 0).value()
        == 2); // 1 and 3; storage alone says 2 (1, 2)
  CHECK(u.count_incoming_after(box, 1, bob, 1).value() == 1);
  CHECK(u.count_incoming_after(box, 1, bob, 0, {3}).value() == 1);
  CHECK(u.newest(box, 1, bob).value()->text == "edited");
  CHECK(u.newest(box, 1, bob, {3}).value()->id == 1); // 2 is deleted in flight
  CHECK(u.newest_incoming(box, 1, bob, 2).value()->id == 1);
  CHECK(u.get(box, 1, 2).value()->deleted);
  CHECK(u.box_of(box, 1, 503).value() == std::optional<std::uint64_t>{3});
  CHECK_FALSE(box.box_of(1, 503).value());

  // The batch of pts 3 commits: message 3 stays shadowed (its edit is still in flight).
  write_batch c;
  box_repo::put_message(c, incoming(3, "new"));
  REQUIRE(!backend.db().write(c, true));
  u.committed(3);
  CHECK(u.size() == 2);
  CHECK(u.get(box, 1, 3).value()->text == "edited");
  u.committed(5);
  CHECK(u.size() == 0);
  CHECK(u.get(box, 1, 3).value()->text == "new"); // storage again (the test did not write the edit)
}
