#pragma once
// An actor system with the node's service actors on a given kv_store, for
// actor tests without the gateways.
#include <caf/all.hpp>
#include <caf/io/all.hpp>
#include <sodium.h>

#include "actors/auth/auth_actor.hpp"
#include "actors/dialog/dialog_shard.hpp"
#include "actors/files/dfs_actor.hpp"
#include "actors/media/media_pool.hpp"
#include "actors/node/directory_actor.hpp"
#include "actors/node/idgen_actor.hpp"
#include "actors/node/status_actor.hpp"
#include "actors/protocol/atoms.hpp"
#include "actors/protocol/type_ids.hpp"
#include "core/error.hpp"

namespace ag::test {

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
    s.password_opslimit = 1;
    s.password_memlimit = 8 << 20;
    ctx = std::shared_ptr<node_context>(new node_context{
      db, writer, stats, s, {}, [this] { return fake_now_ms; }, {}, {}, {}, {}, {}, {}, {}, {}});
    ctx->token_key[0] = 1;
    ctx->idgen = spawn_idgen(sys, ctx).value();
    ctx->auth = spawn_auth(sys, ctx);
    ctx->directory = spawn_directory(sys, ctx);
    ctx->status = spawn_status(sys, ctx);
    ctx->dfs = spawn_dfs(sys, ctx);
    ctx->media = spawn_media_pool(sys, 1, ctx);
    for (int i = 0; i < 4; ++i)
      ctx->dialog_shards.push_back(spawn_dialog_shard(sys, ctx));
  }

  ~actor_fixture() {
    for (auto* a : {&ctx->directory, &ctx->status, &ctx->dfs, &ctx->media, &ctx->auth, &ctx->idgen})
      caf::anon_send_exit(*a, caf::exit_reason::user_shutdown);
    for (auto& shard : ctx->dialog_shards)
      caf::anon_send_exit(shard, caf::exit_reason::user_shutdown);
    sys.await_all_actors_done();
    writer.drain();
    ctx->release_actors();
  }

  /// A blocking request that fails the test on error.
  template <class T, class... Ts>
  T ask(const caf::actor& dest, Ts&&... xs) {
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
  template <class... Ts>
  errc ask_error(const caf::actor& dest, Ts&&... xs) {
    caf::scoped_actor self{sys};
    errc code = errc::none;
    self->request(dest, std::chrono::seconds(10), std::forward<Ts>(xs)...)
      .receive([&](const caf::message&) {}, [&](caf::error& err) { code = to_failure(err).code; });
    return code;
  }

  caf::actor user(std::uint64_t uid) { return ask<caf::actor>(ctx->directory, user_atom_v, uid); }
  caf::actor dialog(std::uint64_t a, std::uint64_t b) { return dialog_shard_for(*ctx, a, b); }
};

} // namespace ag::test
