#pragma once
/// membership: one per node of a cluster, and the actor each node's cluster
/// port publishes (what a peer reaches first once it proved the secret,
/// actors/cluster/links.hpp). It dials the seeds and every member it learns
/// of (a full mesh), heartbeats every member with its view, turns silence
/// into suspect and down (core/cluster/membership.hpp), and holds the shard
/// map: the founding seeds deal it once they have all met (version 1,
/// the same on each), it is stored in the data dir (`meta` "cluster.map")
/// and a node with an older one fetches the newer from a peer. Maps of the
/// same version that differ are reported, never merged.
#include <caf/typed_actor.hpp>
#include <memory>

#include "actors/cluster/cluster_protocol.hpp"
#include "actors/cluster/routes.hpp"
#include "actors/node/context_fwd.hpp"
#include "actors/protocol/atoms.hpp"

namespace ag {

using membership_actor = caf::typed_actor<
  /// A node introduces itself and the service actors it lends (on each new
  /// connection); answered with this node's. INPUT_REQUEST_INVALID if it
  /// claims this node's number.
  caf::replies_to<hello_atom, cluster_view, node_services>::with<cluster_view, node_services>,
  /// A member's heartbeat.
  caf::reacts_to<heartbeat_atom, cluster_view>,
  /// This node's shard map, encoded (shard_map::encode; version 0: none).
  caf::replies_to<map_atom>::with<std::string>,
  /// This node's view for operators.
  caf::replies_to<members_atom>::with<cluster_status>,
  /// A newer shard map (from the node that handed shards off): taken, and
  /// when it comes from this node's own handoff actor, spread to every
  /// member. Answered with the version this node holds after.
  caf::replies_to<map_atom, std::string>::with<std::uint64_t>,
  /// From this node's handoff actor: shards in a hand-off are held (nobody
  /// here may use them) or let go.
  caf::replies_to<moving_atom, std::vector<std::uint32_t>, bool>::with<bool>,
  /// `actorgram cluster add NODE`: moves a fair share of the shards to a
  /// member, one source node after the other (handoff_actor.hpp).
  caf::replies_to<add_atom, cluster::node_number>::with<handoff_report>,
  /// `actorgram cluster drain NODE`: moves every shard of a member away.
  caf::replies_to<drain_atom, cluster::node_number>::with<handoff_report>>;

/// Spawns the membership actor of this node; reads the stored shard map
/// first, and publishes where shards live to `ctx->routes` (which must be
/// set) on every change. `secret` is the cluster secret (for dialing).
caf::expected<membership_actor> spawn_membership(caf::actor_system& sys, node_context_ptr ctx,
                                                 std::string secret);

} // namespace ag
