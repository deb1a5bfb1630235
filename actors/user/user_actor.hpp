#pragma once
/// user: one per user, on demand (the directory spawns and stops it); the
/// only writer of that user's box.
///
/// Invariants: pts is strictly increasing with no holes in the stored log;
/// box ids are strictly increasing; a reply or push that depends on a write
/// goes out only after its commit. A failed commit stops the actor (the
/// error goes to the caller) so that its next incarnation reloads the true
/// state from storage. Every handler may also answer STORAGE_FAILURE.
#include <caf/typed_actor.hpp>
#include <cstdint>
#include <vector>

#include "actors/node/context_fwd.hpp"
#include "actors/protocol/atoms.hpp"
#include "actors/user/user_protocol.hpp"

namespace ag {

using user_actor = caf::typed_actor<
  /// The sender's copy, its pts and (for a private dialog or a chat) the
  /// pending delivery to the recipients, in one batch; answered after the
  /// commit. RANDOM_ID_DUPLICATE, FLOOD_WAIT, REPLY_MESSAGE_INVALID; a
  /// random_id seen within 24 h answers the first result (duplicate).
  caf::replies_to<outbox_write>::with<outbox_result>,
  /// Applies one pending operation to this box (a recipient's copy, an edit,
  /// a deletion) and settles its pending record; true once committed,
  /// also for a replay already applied (exactly once in history).
  caf::replies_to<inbox_write>::with<bool>,
  /// Edits the author's copy and owes the edit. MESSAGE_ID_INVALID,
  /// MESSAGE_AUTHOR_REQUIRED, MESSAGE_NOT_MODIFIED.
  caf::replies_to<edit_write>::with<outbox_result>,
  /// Deletes copies (for everyone with `revoke`, then owed).
  /// MESSAGE_ID_INVALID, MESSAGE_DELETE_FORBIDDEN.
  caf::replies_to<delete_write>::with<delete_result>,
  /// Pins or unpins a dialog. PEER_ID_INVALID, PINNED_DIALOGS_TOO_MUCH.
  caf::replies_to<pin_request>::with<affected_messages>,
  /// Marks a dialog read up to max_id and tells the senders.
  /// CHAT_ID_INVALID for a chat the user is not in.
  caf::replies_to<read_request>::with<affected_messages>,
  /// Another reader's receipt for messages this user sent (outbox read).
  caf::reacts_to<read_notice>,
  /// A page of one dialog's history, newest first.
  caf::replies_to<history_request>::with<std::vector<message>>,
  /// The live copies with these box ids (missing and deleted ones left out).
  caf::replies_to<fetch_request>::with<std::vector<message>>,
  /// A page of messages matching a text, in one dialog or all.
  caf::replies_to<search_request>::with<search_page>,
  /// A page of dialogs, pinned first, with each dialog's top message.
  caf::replies_to<dialogs_request>::with<dialogs_result>,
  /// The last committed pts.
  caf::replies_to<state_atom>::with<std::uint64_t>,
  /// What happened after a pts: messages and other updates, or a slice, or
  /// "too long" past the log's reach.
  caf::replies_to<difference_request>::with<difference_result>,
  /// A bot's updates (getUpdates): confirms, then reads; durable once answered.
  caf::replies_to<bot_log_request>::with<bot_log_result>,
  /// A bot's: a user pressed an inline button; logs the callback query
  /// and answers with the bot's answer, or BOT_RESPONSE_TIMEOUT.
  caf::replies_to<callback_ask>::with<callback_answer>,
  /// A bot's, from itself: answerCallbackQuery. QUERY_ID_INVALID when the
  /// query is not waiting.
  caf::replies_to<callback_reply>::with<bool>,
  /// Pushes go to `session` from now on (until it is down); answers the pts.
  caf::replies_to<subscribe_atom, caf::actor>::with<std::uint64_t>,
  /// Stops pushing to `session`.
  caf::reacts_to<unsub_atom, caf::actor>,
  /// Ephemeral updates from others (typing, presence, members): forwarded to
  /// every session, minus typing from blocked users.
  caf::reacts_to<session_push>,
  /// contacts.block / unblock. USER_ID_INVALID, LIMIT_INVALID.
  caf::replies_to<block_request>::with<bool>,
  /// The users this user blocked.
  caf::replies_to<blocked_atom>::with<std::vector<user_id>>,
  /// Tells every private-dialog peer online about this user's presence.
  caf::reacts_to<status_broadcast>>;

user_actor spawn_user(caf::actor_system& sys, node_context_ptr ctx, std::uint64_t uid);

} // namespace ag
