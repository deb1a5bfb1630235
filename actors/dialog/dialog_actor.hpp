#pragma once
/// The contract of every actor that orders a dialog: the dialog shards
/// (private dialogs, dialog_shard.hpp) and the chat actors (groups,
/// chat_actor.hpp, which extend it). Within a dialog, operations run one at a
/// time, so every member's box gets them in the same order. Every handler may
/// also answer STORAGE_FAILURE and the author's user actor's errors.
#include <caf/typed_actor.hpp>

#include "actors/dialog/dialog_protocol.hpp"

namespace ag {

using dialog_actor = caf::typed_actor<
  /// A message to the dialog: a fresh dialog_message_id, the sender's copy
  /// committed with the pending delivery (answered then), the fan-out to the
  /// other members after. PEER_ID_INVALID (a shard: not a private dialog),
  /// CHAT_ID_INVALID (a chat: not a member).
  caf::replies_to<send_request>::with<outbox_result>,
  /// The author's edit, then fanned out in order with the sends.
  caf::replies_to<edit_request>::with<outbox_result>,
  /// Deletion for everyone: the requester's copies, then fanned out (in a
  /// private dialog only the author's messages; in a chat admins delete any).
  caf::replies_to<delete_request>::with<affected_messages>,
  /// Fans a pending operation out again (start-up replay after a crash).
  caf::reacts_to<redeliver>>;

} // namespace ag
