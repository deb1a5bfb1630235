#pragma once
/// user: one per user, on demand; the only writer of that user's box.
///
///   outbox_write -> outbox_result     sender's copy + pts + pending delivery,
///                                     one batch; answered after the commit
///   inbox_write -> bool               recipient's copy (deduplicated by
///                                     dialog_message_id); answered after commit
///   history_request -> vector<message>
///   dialogs_request -> dialogs_result
///   (state_atom) -> uint64 pts        the last committed pts
///   difference_request -> difference_result
///   (subscribe_atom, actor session) -> uint64 pts   pushes go to that session
///   (unsub_atom, actor session)
///   session_push                      ephemeral updates from others: forwarded
///   status_broadcast                  tell online peers about our presence
///
/// Invariants: pts is strictly increasing with no holes in the stored log;
/// box ids are strictly increasing; a reply or push that depends on a write
/// goes out only after its commit. A failed commit stops the actor so that its
/// next incarnation reloads the true state from storage.
#include <caf/actor.hpp>

#include "actors/node/node_context.hpp"

namespace ag {

caf::actor spawn_user(caf::actor_system& sys, node_context_ptr ctx, std::uint64_t uid);

} // namespace ag
