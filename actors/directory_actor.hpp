#pragma once
/// directory: finds or spawns `user` actors, one per node. (Private dialogs
/// live in dialog shards; group chats will be found here too.)
///
///   (user_atom, uint64 uid) -> actor            spawns the user actor on demand
///   (user_atom, uint64 uid, session_push)       forwarded only if that user's
///                                               actor is alive (presence pushes)
///   (idle_atom, user_atom, uint64 uid) -> bool  an idle user actor asks to stop
///
/// Callers must check that ids exist (the auth actor knows) before asking:
/// the directory spawns what it is asked for. Cluster placement (issue: cluster)
/// will resolve remote handles here.
#include <caf/actor.hpp>

#include "actors/node_context.hpp"

namespace ag {

caf::actor spawn_directory(caf::actor_system& sys, node_context_ptr ctx);

} // namespace ag
