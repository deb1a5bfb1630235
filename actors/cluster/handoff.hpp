#pragma once
/// Spawns a node's handoff actor (the contract is in handoff_actor.hpp).
#include "actors/cluster/handoff_actor.hpp"
#include "actors/cluster/membership_actor.hpp"

namespace ag {

/// `membership` is this node's: it holds the routes and the map, which the
/// handoff actor changes only through it.
handoff_actor spawn_handoff(caf::actor_system& sys, node_context_ptr ctx,
                            membership_actor membership);

} // namespace ag
