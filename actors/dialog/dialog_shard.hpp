#pragma once
/// dialog shard: orders private dialogs. Each private dialog (a pair of
/// users) is owned by one of a fixed set of shard actors (by hash of the
/// pair); a shard keeps state only for dialogs with sends in flight. Within a
/// dialog, sends run one at a time, so every member's box receives the
/// dialog's messages in the same order; different dialogs proceed
/// concurrently. (A full actor per private dialog was measured: with random
/// peers almost every message opened a new dialog, and spawning and keeping
/// ~10,000 idle actors a second cost more than the delivery itself. Group
/// chats, with membership state, get actors of their own.)
///
///   send_request -> outbox_result   assigns dialog_message_id, has the sender's
///                                   outbox committed (the reply waits for it),
///                                   then fans out to the recipient's inbox
///   edit_request -> outbox_result   the author's copy edited, then the edit
///                                   fanned out (in order with the sends)
///   delete_request -> affected_messages  deletion for both sides (author only)
///   redeliver                       fans a pending operation out again (start-up)
///
/// The recipient's inbox batch erases the pending record. Failed fan-outs are
/// retried with backoff; recipients deduplicate by dialog_message_id.
#include <caf/actor.hpp>

#include "actors/node/node_context.hpp"

namespace ag {

caf::actor spawn_dialog_shard(caf::actor_system& sys, node_context_ptr ctx);

/// The shard owning the private dialog of `a` and `b` (order does not matter).
const caf::actor& dialog_shard_for(const node_context& ctx, std::uint64_t a, std::uint64_t b);

} // namespace ag
