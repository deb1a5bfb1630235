#pragma once
/// status: presence, one per node. A user is online while any of their
/// sessions is; a session stays online for `status_ttl` unless refreshed.
/// Changes are broadcast through the directory to the user's actor (if
/// alive), which tells every online user sharing a dialog
/// (`updateUserStatus`). Expiry is checked once a second. In a cluster a
/// user's presence is kept on the node owning the user's shard: sessions'
/// online/offline go there, and a query asks each user's node (a down
/// node's users show offline).
#include <caf/typed_actor.hpp>
#include <cstdint>
#include <vector>

#include "actors/node/context_fwd.hpp"
#include "actors/protocol/atoms.hpp"
#include "core/model/user.hpp"

namespace ag {

using status_actor = caf::typed_actor<
  /// Session `key` of user `uid` is active (refreshes its TTL).
  caf::reacts_to<online_atom, std::uint64_t, std::uint64_t>,
  /// Session `key` of user `uid` went offline.
  caf::reacts_to<offline_atom, std::uint64_t, std::uint64_t>,
  /// The presence of each user named (unknown users: offline, never seen).
  caf::replies_to<statuses_atom, std::vector<std::uint64_t>>::with<std::vector<user_status>>>;

status_actor spawn_status(caf::actor_system& sys, node_context_ptr ctx);

} // namespace ag
