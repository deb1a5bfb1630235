#pragma once
// An actor system with the node's service actors on a given kv_store, for
// actor tests without the gateways.
#include <caf/all.hpp>
#include <caf/io/all.hpp>
#include <chrono>
#include <doctest/doctest.h>
#include <functional>
#include <sodium.h>
#include <thread>

#include "actors/dialog/dialog_shard.hpp"
#include "actors/node/services.hpp"
#include "actors/protocol/atoms.hpp"
#include "actors/protocol/type_ids.hpp"
#include "core/error.hpp"

namespace ag::test {

/// Waits up to 5 s for `pred` (work the actors finish after answering, such
/// as settling pending records); fails the test if it never holds.
inline void wait_for(const std::function<bool()>& pred) {
  for (int i = 0; i < 500 && !pred(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(pred());
}

inline caf::actor_system_config& test_config(caf::actor_system_config& cfg) {
  cfg.set("scheduler.max-threads", 2);
  cfg.set("logger.verbosity", caf::atom("quiet"));
  announce_types(cfg);
  return cfg;
}

struct actor_fixture {
  kv_store& db;
  commit_queue writer;
  metrics stats;
  caf::actor_system_config cfg;
  caf::actor_system sys;
  node_context_ptr ctx;
  std::int64_t fake_now_ms = 1'800'000'000'000;

  explicit actor_fixture(kv_store& store, actor_settings s = {})
    : db(store), writer(store, sync_mode::none), sys(test_config(cfg)) {
    if (sodium_init() < 0)
      throw std::runtime_error("libsodium failed");
    s.auth.password_opslimit = 1;
    s.auth.password_memlimit_kib = 8 << 10;
    s.actors.dialog_shards = 4;
    s.media.workers = 1;
    paseto::key key{};
    key[0] = 1;
    ctx = spawn_services(sys, node_resources{db, writer, stats, s, key,
                                             [this] {
                                               return fake_now_ms;
                                             }})
            .value();
  }

  ~actor_fixture() { stop_services(sys, *ctx); }

  /// A blocking request that fails the test on error.
  template <class T, class Handle, class... Ts>
  T ask(const Handle& dest, Ts&&... xs) {
    caf::scoped_actor self{sys};
    T out{};
    caf::error failure;
    self->request(dest, std::chrono::seconds(10), std::forward<Ts>(xs)...)
      .receive([&](T& x) { out = std::move(x); }, [&](caf::error& err) { failure = err; });
    if (failure)
      throw std::runtime_error("request failed: " + to_failure(failure).description);
    return out;
  }

  /// A blocking request expected to fail; returns the error code.
  template <class Handle, class... Ts>
  errc ask_error(const Handle& dest, Ts&&... xs) {
    caf::scoped_actor self{sys};
    errc code = errc::none;
    // Any answer but an error will do: ask as a dynamically typed actor.
    self
      ->request(caf::actor_cast<caf::actor>(dest), std::chrono::seconds(10),
                std::forward<Ts>(xs)...)
      .receive([&](const caf::message&) {}, [&](caf::error& err) { code = to_failure(err).code; });
    return code;
  }

  user_actor user(std::uint64_t uid) {
    return ask<user_actor>(ctx->directory, user_atom_v, user_id{uid});
  }
  dialog_actor dialog(std::uint64_t a, std::uint64_t b) { return *dialog_shard_for(*ctx, a, b); }
};

} // namespace ag::test
