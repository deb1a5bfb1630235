#pragma once
/// chat: one per group chat, on demand (the directory spawns and stops it).
/// It owns the chat's membership and orders everything said in the chat
/// (sends, edits and deletes as every dialog_actor, members only).
///
/// A membership change is committed by the chat with the pending record
/// owing its service message to every member, the author included, so
/// neither exists without the other after any crash. Members receive
/// everything posted while they are members, in one order; a removed member
/// gets the removal message and nothing after it. Anyone not a member gets
/// CHAT_ID_INVALID, as for a chat that does not exist.
#include <caf/typed_actor.hpp>
#include <cstdint>
#include <string>

#include "actors/dialog/dialog_actor.hpp"
#include "actors/node/context_fwd.hpp"
#include "actors/protocol/atoms.hpp"

namespace ag {

using chat_actor = dialog_actor::extend<
  /// A new chat and its chatCreate message. CHAT_ID_INVALID if the id is
  /// taken (a new chat's actor refuses everything else until then).
  caf::replies_to<create_chat>::with<chat_created>,
  /// Add, remove, retitle (answers the service message) or make admin
  /// (answers an empty result). CHAT_ADMIN_REQUIRED, USER_NOT_PARTICIPANT,
  /// USER_ALREADY_PARTICIPANT, USERS_TOO_MUCH, CHAT_NOT_MODIFIED,
  /// CHAT_ID_INVALID. A change whose author copy failed may stand.
  caf::replies_to<chat_change>::with<outbox_result>,
  /// The chat as `user` may see it (standing 0: a stranger, nothing filled).
  caf::replies_to<view_atom, user_id>::with<chat_view>,
  /// `user` typing `action`: pushed to the other members. CHAT_ID_INVALID.
  caf::replies_to<typing_atom, user_id, std::string>::with<bool>>;

chat_actor spawn_chat(caf::actor_system& sys, node_context_ptr ctx, std::uint64_t cid);

} // namespace ag
