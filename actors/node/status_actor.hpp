#pragma once
/// status: presence, one per node.
///
///   (online_atom, uint64 uid, uint64 session_key)   a session is active; it
///                                  stays online for the TTL unless refreshed
///   (offline_atom, uint64 uid, uint64 session_key)  that session went offline
///   (statuses_atom, vector<uint64>) -> vector<user_status>
///
/// A user is online while any of their sessions is. Changes are broadcast to
/// the user's actor (if alive), which tells every online user sharing a
/// dialog (`updateUserStatus`). Expiry is checked once a second.
#include <caf/actor.hpp>

#include "actors/node/node_context.hpp"

namespace ag {

caf::actor spawn_status(caf::actor_system& sys, node_context_ptr ctx);

} // namespace ag
