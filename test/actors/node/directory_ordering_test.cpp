// The directory's idle-stop handshake (actors/node/idle_stop.hpp), one
// message at a time on CAF's deterministic scheduler: an idle user actor is
// forgotten only when the registered one asks, and a lookup queued behind
// its request gets a new actor, never the one stopping. (CAF's
// caf/test/dsl.hpp needs CAF's own test engine running; with doctest the
// fixture drives caf::scheduler::test_coordinator itself.)
#include <doctest/doctest.h>

#include <caf/scheduler/test_coordinator.hpp>
#include <optional>

#include "actors/node/services.hpp"
#include "test/actors/actor_fixture.hpp"
#include "test/storage/store_fixture.hpp"

using namespace ag;

namespace {

/// The user under test.
const user_id seven{7};

/// The node's services on the testing scheduler: nothing runs until the
/// test says so, and no timer fires (the directory's idle tick is sent by
/// hand). The clock of the node (`now_ms`) is the test's.
struct deterministic_node {
  ag::test::memory_backend backend;
  commit_queue writer{backend.db(), sync_mode::none};
  metrics stats;
  std::int64_t now_ms = 1'800'000'000'000;
  caf::actor_system_config cfg;
  caf::actor_system sys;
  caf::scheduler::test_coordinator& sched;
  std::optional<caf::scoped_actor> asker; ///< the test's own actor
  node_context_ptr ctx;

  static caf::actor_system_config& testing(caf::actor_system_config& cfg) {
    ag::test::test_config(cfg);
    cfg.set("scheduler.policy", caf::atom("testing"));
    return cfg;
  }

  deterministic_node()
    : sys(testing(cfg)), sched(dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler())) {
    asker.emplace(sys, true);
    actor_settings s;
    s.auth.hash_workers = 1;
    s.media.workers = 1;
    s.actors.dialog_shards = 1;
    paseto::key key{};
    key[0] = 1;
    ctx = spawn_services(sys, node_resources{backend.db(), writer, stats, s, key,
                                             [this] {
                                               return now_ms;
                                             }})
            .value();
    sched.run();
  }

  ~deterministic_node() {
    // stop_services sends the exits and waits for every actor to finish, but
    // here nothing runs by itself: the same exits first, run to the end.
    send_service_exits(*ctx);
    sched.run();
    asker.reset(); // a scoped actor counts as running too
    stop_services(sys, *ctx);
  }

  caf::scoped_actor& self() { return *asker; }

  /// Sends a request, runs every actor until none has anything left to do,
  /// and returns the answer (fails instead of blocking when none came).
  template <class T, class Handle, class... Ts>
  T ask(const Handle& dest, Ts... xs) {
    auto answer = self()->request(dest, caf::infinite, std::move(xs)...);
    sched.run();
    REQUIRE_FALSE(self()->mailbox().empty());
    T out{};
    answer.receive(
      [&](T& x) { out = std::move(x); },
      [&](caf::error& err) { FAIL("request failed: " << to_failure(err).description); });
    return out;
  }

  /// The directory's idle tick (its timer's message, sent by hand): it
  /// forgets what it handed out and ticks every child.
  void tick() {
    caf::anon_send(caf::actor_cast<caf::actor>(ctx->directory), tick_atom_v);
    REQUIRE(sched.prioritize(ctx->directory));
    sched.run_once();
  }

  /// The actor the directory answers for user 7.
  user_actor lookup() { return ask<user_actor>(ctx->directory, user_atom_v, seven); }

  /// Whether the directory runs next, its oldest message an idle request
  /// from `child`.
  bool directory_next_with_idle_from(const user_actor& child) {
    auto* dir = caf::actor_cast<caf::abstract_actor*>(ctx->directory);
    if (!sched.has_job() || &sched.next_job<caf::scheduled_actor>() != dir)
      return false;
    auto* head = sched.next_job<caf::scheduled_actor>().mailbox().peek();
    return head != nullptr && head->sender == caf::actor_cast<caf::strong_actor_ptr>(child)
           && head->content().match_elements<idle_atom, user_atom, user_id>();
  }

  /// The actor of user 7, its down message to come to the test's actor.
  user_actor watched_lookup() {
    auto a = lookup();
    REQUIRE(a);
    self()->monitor(a);
    return a;
  }

  /// Lets `child` idle long enough and ticks until its idle request is the
  /// directory's next message (the lookups that made it lent it out: the
  /// stop it asks for at the first tick is refused, at the second it is not
  /// covered any more). Only the child runs after the second tick.
  bool idle_request_queued(const user_actor& child) {
    now_ms += std::chrono::milliseconds{ctx->settings.actors.idle_stop()}.count() + 1;
    tick();
    sched.run();
    tick();
    if (!sched.prioritize(child))
      return false;
    sched.run_once();
    return directory_next_with_idle_from(child);
  }

  /// Whether `a` stopped: the test's actor monitored it, and its down message came.
  bool stopped(const caf::actor_addr& a) {
    bool down = false;
    while (!self()->mailbox().empty())
      self()->receive([&](caf::down_msg& dm) { down = down || dm.source == a; },
                      [](caf::message&) {});
    return down;
  }
};

} // namespace

TEST_CASE("directory: an idle user actor is forgotten only when the registered one asks, "
          "and a lookup queued behind its request gets a new actor") {
  deterministic_node n;
  auto first = n.watched_lookup();
  CHECK(n.lookup() == first);

  // Anyone else asking to stop user 7 (here the test's own actor) is refused,
  // and lookups go on answering the same actor.
  CHECK_FALSE(n.ask<bool>(n.ctx->directory, idle_atom_v, user_atom_v, seven));
  CHECK(n.lookup() == first);

  // Idle long enough: on its tick the user actor asks the directory, and
  // only it runs, so its request is queued first ...
  REQUIRE(n.idle_request_queued(first));
  // ... then a lookup of user 7, behind it in the directory's mailbox.
  auto after = n.lookup();
  REQUIRE(after);
  CHECK(after != first);
  CHECK(n.stopped(first.address()));
  CHECK(n.lookup() == after);

  // The actor that stopped is gone from the directory: a request carrying
  // its id from anyone else still leaves the new one registered.
  CHECK_FALSE(n.ask<bool>(n.ctx->directory, idle_atom_v, user_atom_v, seven));
  CHECK(n.lookup() == after);
}

TEST_CASE("directory: an idle request answered late still stops the actor, so a user never "
          "has two actors") {
  deterministic_node n;
  auto first = n.watched_lookup();
  REQUIRE(n.idle_request_queued(first));
  // The directory is slow to answer: more than a call timeout passes. The
  // child keeps waiting (were it to give up and stay, the directory would
  // still forget it, and the next lookup would spawn a second writer of the
  // same box).
  n.sched.advance_time(n.ctx->settings.actors.call_timeout() + std::chrono::seconds(1));
  auto after = n.lookup();
  REQUIRE(after);
  CHECK(after != first);
  CHECK(n.stopped(first.address()));
  CHECK(n.lookup() == after);
}

TEST_CASE("directory: a user actor handed out since the last tick does not stop under its "
          "caller") {
  deterministic_node n;
  auto first = n.watched_lookup();
  n.now_ms += std::chrono::milliseconds{n.ctx->settings.actors.idle_stop()}.count() + 1;
  n.tick();
  // A caller gets the actor after the tick, before the actor asks to stop.
  CHECK(n.lookup() == first);
  n.sched.run();
  // The stop was refused: the handle is still good, and still the one.
  CHECK_FALSE(n.stopped(first.address()));
  CHECK(n.lookup() == first);
  // Handed out before the next tick, it is still covered after it ...
  n.tick();
  n.sched.run();
  CHECK_FALSE(n.stopped(first.address()));
  // ... and untouched for two tick periods, it stops at the one after.
  n.tick();
  n.sched.run();
  CHECK(n.stopped(first.address()));
}
