#pragma once
/// The one composition of a node's actors: `spawn_services` builds them on
/// storage that is already open, `stop_services` takes them down. The node
/// (http/app/node.cpp) and the actor tests (test/actors/actor_fixture.hpp)
/// both use these, so a new service actor is added here and nowhere else.
#include <caf/actor_system.hpp>
#include <caf/expected.hpp>
#include <cstddef>
#include <functional>

#include "actors/node/node_context.hpp"

namespace ag {

/// What the node's actors run on: open storage, the commit queue, metrics
/// (all owned by the caller and outliving the services), settings, the
/// token key and the clock.
struct node_resources {
  kv_store& db;
  commit_queue& writer;
  metrics& stats;
  actor_settings settings;
  paseto::key token_key{};
  std::function<std::int64_t()> now_ms; ///< Unix milliseconds
};

/// Spawns idgen (reading its durable state), auth, directory, status, dfs,
/// the media pool, the file server and the dialog shards, then (on a single node) replays the
/// deliveries a crash interrupted (recipients deduplicate). Fails when
/// storage cannot be read.
[[nodiscard]] caf::expected<node_context_ptr> spawn_services(caf::actor_system& sys,
                                                             node_resources res);

/// Sends every pending delivery this node stored to its dialog's shard
/// again (recipients deduplicate); in a cluster, those whose shard's node is
/// down are left for a later call. Answers how many went.
caf::expected<std::size_t> replay_pending(const node_context& ctx);

/// Stops every service actor, waits for all actors of `sys` to finish,
/// drains the commit queue and drops the handles (the actors and the
/// context refer to each other).
void stop_services(caf::actor_system& sys, node_context& ctx);

/// The first half of stop_services: sends every service actor its exit
/// (a deterministic scheduler then runs them to the end itself).
void send_service_exits(const node_context& ctx);

} // namespace ag
