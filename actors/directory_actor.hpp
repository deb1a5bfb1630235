#pragma once
/// directory: finds or spawns `user` and `chat` actors, one per node.
/// (Private dialogs live in dialog shards.)
///
///   (user_atom, uint64 uid) -> actor            spawns the user actor on demand
///   (chat_atom, uint64 cid) -> actor            spawns the chat actor on demand
///                                               (it refuses everything but
///                                               create_chat if the chat is new)
///   (user_atom, uint64 uid, session_push)       forwarded only if that user's
///                                               actor is alive (presence pushes)
///   (idle_atom, user_atom, uint64 uid) -> bool  an idle user actor asks to stop
///   (idle_atom, chat_atom, uint64 cid) -> bool  the same for a chat actor
///
/// Callers must check that ids exist (the auth actor knows) before asking:
/// the directory spawns what it is asked for. Cluster placement (issue: cluster)
/// will resolve remote handles here.
#include <caf/actor.hpp>

#include "actors/node_context.hpp"

namespace ag {

caf::actor spawn_directory(caf::actor_system& sys, node_context_ptr ctx);

} // namespace ag
