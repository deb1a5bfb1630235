#pragma once
/// dialog: one per private dialog (pair of users), on demand. It orders the
/// dialog: sends are handled one at a time, so every member's box receives
/// the dialog's messages in the same order.
///
///   send_request -> outbox_result   assigns dialog_message_id, has the sender's
///                                   outbox committed (the reply waits for it),
///                                   then fans out to the recipient's inbox
///   redeliver                       fans a pending delivery out again (start-up)
///
/// When every recipient has committed, the pending-delivery record is erased.
/// Failed fan-outs are retried with backoff; recipients deduplicate.
#include <caf/actor.hpp>

#include "actors/node_context.hpp"

namespace ag {

caf::actor spawn_dialog(caf::actor_system& sys, node_context_ptr ctx, std::uint64_t a,
                        std::uint64_t b);

} // namespace ag
