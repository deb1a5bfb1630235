#pragma once
/// What every actor of a node shares: storage, the commit queue, settings,
/// the clock, metrics and the handles of the node's service actors. Passed
/// in explicitly (no globals); immutable after start-up except the handles,
/// which are set once before any gateway opens.
#include <caf/actor.hpp>
#include <caf/duration.hpp>
#include <chrono>
#include <functional>
#include <vector>

#include "actors/auth/auth_actor.hpp"
#include "actors/bots/bot_feed.hpp"
#include "actors/dialog/dialog_actor.hpp"
#include "actors/files/dfs_actor.hpp"
#include "actors/files/file_server.hpp"
#include "actors/media/media_pool.hpp"
#include "actors/node/context_fwd.hpp"
#include "actors/node/directory_actor.hpp"
#include "actors/node/idgen_actor.hpp"
#include "actors/node/status_actor.hpp"
#include "core/codec/id_source.hpp"
#include "core/codec/paseto.hpp"
#include "core/metrics.hpp"
#include "core/rules/user_limits.hpp"
#include "core/settings.hpp"
#include "storage/kv/commit_queue.hpp"
#include "storage/kv/kv_store.hpp"

namespace ag {

class routes; // actors/cluster/routes.hpp

struct node_context {
  kv_store& db;
  commit_queue& writer;
  metrics& stats;
  actor_settings settings;
  paseto::key token_key{};
  std::function<std::int64_t()> now_ms; ///< Unix milliseconds (injectable)

  idgen_actor idgen{};
  auth_actor auth{};
  directory_actor directory{};
  status_actor status{};
  dfs_actor dfs{};
  media_actor media{};                       ///< the media pool
  file_server_actor files{};                 ///< stored files for other nodes
  bot_hub_actor bots{};                      ///< bots' updates (getUpdates)
  std::vector<dialog_actor> dialog_shards{}; ///< see dialog_shard.hpp
  std::shared_ptr<id_source> ids{};          ///< Snowflake fast path (set by idgen)
  std::shared_ptr<user_limits> limits{};     ///< per-user rates of writes and typing
  /// Where shards live in a cluster (set before the gateways open); null on
  /// a single node, which keeps everything local.
  std::shared_ptr<ag::routes> routes{};

  std::int64_t now_s() const { return now_ms() / 1000; }

  /// Drops the service actor handles. Actors hold this context and the
  /// context holds them: call after they terminated, or neither is freed.
  void release_actors() {
    idgen = idgen_actor{};
    directory = directory_actor{};
    status = status_actor{};
    media = media_actor{};
    dfs = dfs_actor{};
    files = file_server_actor{};
    bots = bot_hub_actor{};
    auth = auth_actor{};
    dialog_shards.clear();
  }
};

/// Calls between the node's own actors carry no timer (a timer per request
/// costs the clock thread more than the call): they always answer or fail
/// fast when the receiver is gone. Calls from a gateway or session keep
/// `settings.actors.call_timeout()`, so a client never waits forever.
constexpr auto internal_call = caf::infinite;

} // namespace ag
