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
/// Its contract is dialog_actor (dialog_actor.hpp). The recipient's inbox
/// batch erases the pending record. Failed fan-outs are retried with
/// backoff; recipients deduplicate by dialog_message_id.
#include <caf/expected.hpp>
#include <cstdint>

#include "actors/dialog/dialog_actor.hpp"
#include "actors/node/context_fwd.hpp"

namespace ag {

dialog_actor spawn_dialog_shard(caf::actor_system& sys, node_context_ptr ctx);

/// The shard owning the private dialog of `a` and `b` (order does not
/// matter; `a` 0 and `b` a chat id: the shard replaying that chat's
/// records). In a cluster it may be on another node (the one owning the
/// lower id); UNAVAILABLE while that node is down.
caf::expected<dialog_actor> dialog_shard_for(const node_context& ctx, std::uint64_t a,
                                             std::uint64_t b);

} // namespace ag
