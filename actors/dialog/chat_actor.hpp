#pragma once
/// chat: one per group chat, on demand (the directory spawns and stops it).
/// It owns the chat's membership and orders everything said in the chat:
///
///   create_chat -> chat_created        a new chat and its chatCreate message
///   send_request -> outbox_result      a message to every member
///   edit_request -> outbox_result      the author's edit, to every member
///   delete_request -> affected_messages  for everyone (author, creator, admin)
///   chat_change -> outbox_result       add/remove/title (service message),
///                                      admin (no message)
///   (view_atom, uint64 user) -> chat_view
///   (typing_atom, uint64 user, string action) -> bool
///   redeliver                          fans a pending operation out again
///
/// A membership change is committed in the same batch as the service
/// message's first copy (the actor's), so neither exists without the other.
/// Members receive everything posted while they are members, in one order;
/// a removed member gets the removal message and nothing after it. Anyone
/// not a member gets CHAT_ID_INVALID, as for a chat that does not exist.
#include <caf/actor.hpp>

#include "actors/node/node_context.hpp"

namespace ag {

caf::actor spawn_chat(caf::actor_system& sys, node_context_ptr ctx, std::uint64_t cid);

} // namespace ag
