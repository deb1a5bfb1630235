// The password hasher pool refuses work its callers would time out on
// (actors/auth/hasher_pool.hpp).
#include <doctest/doctest.h>

#include "actors/auth/hasher_pool.hpp"
#include "test/actors/actor_fixture.hpp"

using namespace ag;

namespace {

struct outcome {
  std::size_t verified = 0; ///< answered true
  std::size_t refused = 0;  ///< FLOOD_WAIT with a retry_after
  std::size_t other = 0;
  double seconds = 0; ///< until the last answer
};

/// Sends `n` verifications, `at_once` of them before waiting for answers.
outcome verify(caf::actor_system& sys, const hasher_actor& pool, const std::string& hash,
               std::size_t n, std::size_t at_once) {
  caf::scoped_actor self{sys};
  outcome o;
  auto started = std::chrono::steady_clock::now();
  auto ask = [&] {
    return self->request(pool, std::chrono::seconds(30), verify_atom_v, hash,
                         std::string{"right one"});
  };
  std::vector<decltype(ask())> pending;
  for (std::size_t sent = 0; sent < n;) {
    for (; pending.size() < at_once && sent < n; ++sent)
      pending.push_back(ask());
    for (auto& h : pending)
      h.receive([&](bool ok) { ok ? ++o.verified : ++o.other; },
                [&](caf::error& err) {
                  auto f = to_failure(err);
                  f.code == errc::flood_wait&& f.retry_after >= 1 ? ++o.refused : ++o.other;
                });
    pending.clear();
  }
  o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return o;
}

} // namespace

TEST_CASE("hasher pool: a flood is refused with FLOOD_WAIT instead of queued past the deadline") {
  caf::actor_system_config cfg;
  caf::actor_system sys{ag::test::test_config(cfg)};
  REQUIRE(sodium_init() >= 0);
  actor_settings s;
  s.auth.hash_workers = 1;
  s.auth.password_opslimit = 2;
  s.auth.password_memlimit_kib = 32u << 10;
  auto first = spawn_hasher_pool(sys, s);
  std::string hash;
  {
    caf::scoped_actor self{sys};
    self->request(first, std::chrono::seconds(30), hash_atom_v, std::string{"right one"})
      .receive([&](std::string& h) { hash = std::move(h); }, [](caf::error&) {});
  }
  REQUIRE_FALSE(hash.empty());
  // One at a time nothing queues: every one is verified. This also times a
  // job on this machine.
  auto calm = verify(sys, first, hash, 4, 1);
  CHECK(calm.verified == 4);
  CHECK(calm.other == 0);
  auto per_job = std::chrono::duration<double>(calm.seconds / 4);
  caf::anon_send_exit(first, caf::exit_reason::user_shutdown);

  // Callers that wait 8 jobs long: a job may wait 4 jobs for a worker.
  s.actors.call_timeout_ms =
    std::max(std::chrono::milliseconds(100),
             std::chrono::duration_cast<std::chrono::milliseconds>(8 * per_job))
      .count();
  auto pool = spawn_hasher_pool(sys, s);
  double max_wait = std::chrono::duration<double>(s.actors.call_timeout()).count() / 2;
  // 60 at once: only what fits in the wait is verified, the rest refused
  // (the first burst by age in the queue, the next at once by estimate).
  for (int round = 0; round < 2; ++round) {
    auto burst = verify(sys, pool, hash, 60, 60);
    CHECK(burst.other == 0);
    CHECK(burst.verified >= 1);
    CHECK(burst.refused >= 48);
    CHECK(burst.verified + burst.refused == 60);
    // Never 60 jobs in a row: the wait and the jobs in flight.
    CHECK(burst.seconds < max_wait + 4 * per_job.count() + 0.5);
  }
  // Calm again: the pool is not left busy.
  CHECK(verify(sys, pool, hash, 2, 1).verified == 2);
  caf::anon_send_exit(pool, caf::exit_reason::user_shutdown);
}
