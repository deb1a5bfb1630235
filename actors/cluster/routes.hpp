#pragma once
/// Where a shard lives, for every actor of a clustered node: the shard map
/// and the service actors of each member that answers, as the membership
/// actor last saw them. Written by the membership actor alone, read by many
/// (a snapshot behind a mutex: a read copies a shared_ptr). A single node
/// has none (node_context::routes is null) and keeps everything local.
#include <caf/abstract_actor.hpp>
#include <caf/actor_cast.hpp>
#include <caf/duration.hpp>
#include <caf/meta/type_name.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string_view>
#include <vector>

#include "actors/auth/auth_actor.hpp"
#include "actors/cluster/handoff_actor.hpp"
#include "actors/dialog/dialog_actor.hpp"
#include "actors/files/dfs_actor.hpp"
#include "actors/files/file_server.hpp"
#include "actors/media/media_pool.hpp"
#include "actors/node/directory_actor.hpp"
#include "actors/node/status_actor.hpp"
#include "core/cluster/shard_map.hpp"

namespace ag {

/// The service actors a node lends the others (sent in its hello).
struct node_services {
  cluster::node_number node = 0;
  directory_actor directory;
  auth_actor auth;
  status_actor status;
  dfs_actor dfs;
  media_actor media;
  file_server_actor files;
  std::vector<dialog_actor> dialog_shards;
  handoff_actor handoff;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, node_services& x) {
  return f(caf::meta::type_name("node_services"), x.node, x.directory, x.auth, x.status, x.dfs,
           x.media, x.files, x.dialog_shards, x.handoff);
}

/// One snapshot: the map, and the services of this node and of every
/// member not down.
struct route_table {
  cluster::node_number self = 0;
  cluster::shard_map map;
  std::map<cluster::node_number, node_services> up;
  /// Shards in a hand-off on this node (frozen here as the source, or
  /// written here as the target before the new map arrives): nobody here
  /// may use them meanwhile.
  std::set<std::uint32_t> moving;
};

/// Where an id's shard is now.
struct placement {
  enum class kind : std::uint8_t {
    local,       ///< this node owns it
    remote,      ///< `at` owns it and answers
    unavailable, ///< its owner is down, the cluster has not formed yet, or it is moving
  };
  kind where = kind::local;
  bool moving = false; ///< unavailable: in a hand-off (for a moment)
  cluster::node_number owner = 0;
  const node_services* at = nullptr;        ///< remote: the owner's services
  std::shared_ptr<const route_table> table; ///< keeps `at` valid
};

class routes {
public:
  [[nodiscard]] std::shared_ptr<const route_table> snapshot() const {
    std::lock_guard<std::mutex> guard{m_};
    return table_;
  }
  void publish(std::shared_ptr<const route_table> t) {
    std::lock_guard<std::mutex> guard{m_};
    table_ = std::move(t);
  }
  /// Where the shard of user or chat id `id` lives.
  [[nodiscard]] placement place(std::uint64_t id) const;
  /// The same for a node.
  [[nodiscard]] placement node(cluster::node_number n) const { return node_in(snapshot(), n); }
  /// Whether ids `a` and `b` live on the same node now.
  [[nodiscard]] bool colocated(std::uint64_t a, std::uint64_t b) const {
    auto t = snapshot();
    return !t || t->map.owner_of(a) == t->map.owner_of(b);
  }

private:
  static placement node_in(std::shared_ptr<const route_table> t, cluster::node_number n);

  mutable std::mutex m_;
  std::shared_ptr<const route_table> table_;
};

/// Where `id`'s shard lives given a node's routes: local when there are
/// none (a single node).
inline placement place_of(const std::shared_ptr<routes>& r, std::uint64_t id) {
  return r ? r->place(id) : placement{};
}

/// Whether a cached handle still reaches its actor. A proxy of another
/// node's actor is dead once the connection to that node was lost (or the
/// node restarted: its actors are new), and CAF then drops what is sent to
/// it without an answer, requests included: a cache must not hand it out.
template <class Handle>
bool usable(const Handle& h) {
  auto* a = caf::actor_cast<caf::abstract_actor*>(h);
  return a != nullptr && !a->getf(caf::abstract_actor::is_cleaned_up_flag);
}

/// Whether a cached handle of the actor of user or chat `id` is still
/// where `id`'s shard lives: usable, and (in a cluster) on the node owning
/// the shard now. A hand-off moves a shard: handles of its old actors must
/// not be used past the new map.
template <class Self, class Handle>
bool still_placed(const std::shared_ptr<routes>& r, const Self* self, std::uint64_t id,
                  const Handle& h) {
  if (!usable(h))
    return false;
  if (!r)
    return true;
  auto p = r->place(id);
  auto* a = caf::actor_cast<caf::abstract_actor*>(h);
  if (p.where == placement::kind::local)
    return a->node() == self->node();
  return p.where == placement::kind::remote
         && a->node() == caf::actor_cast<caf::abstract_actor*>(p.at->directory)->node();
}

/// How long a call between the node's actors may take: forever when the
/// receiver is local (it always answers or fails fast, node_context.hpp),
/// but bounded when it lives on another node, whose connection may be lost
/// with the request under way.
/// A single node (no `r`) never compares nodes: the hot path pays nothing.
constexpr auto remote_call_timeout = std::chrono::seconds{10};
template <class Self, class Handle>
caf::duration call_timeout_to(const std::shared_ptr<routes>& r, const Self* self, const Handle& h) {
  if (!r)
    return caf::infinite;
  auto* a = caf::actor_cast<caf::abstract_actor*>(h);
  if (a == nullptr || a->node() == self->node())
    return caf::infinite;
  return caf::duration{remote_call_timeout};
}

/// Seconds a client should wait before retrying a call that needs a node
/// that is down, or data in a hand-off.
constexpr std::int32_t unavailable_retry_after_s = 2;
constexpr std::int32_t moving_retry_after_s = 1;

/// UNAVAILABLE with retry_after for a call that needs `p`'s shard.
caf::error unavailable_error(const placement& p);
/// UNAVAILABLE for data in a hand-off (retry_after moving_retry_after_s).
caf::error moving_error();
/// UNAVAILABLE for a hand-off that needs node `n`, which is not up.
caf::error node_down_error(cluster::node_number n);

/// Where a node keeps its shard map (`meta` family).
constexpr std::string_view shard_map_key = "cluster.map";

} // namespace ag
