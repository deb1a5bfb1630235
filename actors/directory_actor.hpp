#pragma once
/// directory: finds or spawns `user` and `dialog` actors, one per node.
///
///   (user_atom, uint64 uid) -> actor            spawns the user actor on demand
///   (dialog_atom, uint64 a, uint64 b) -> actor  private dialog of a and b
///   (user_atom, uint64 uid, session_push)       forwarded only if that user's
///                                               actor is alive (presence pushes)
///   (idle_atom, user_atom, uint64 uid) -> bool  an idle user actor asks to stop;
///   (idle_atom, dialog_atom, uint64 a, uint64 b) -> bool   same for dialogs
///
/// Callers must check that ids exist (the auth actor knows) before asking:
/// the directory spawns what it is asked for. Cluster placement (issue: cluster)
/// will resolve remote handles here.
#include <caf/actor.hpp>

#include "actors/node_context.hpp"

namespace ag {

caf::actor spawn_directory(caf::actor_system& sys, node_context_ptr ctx);

} // namespace ag
