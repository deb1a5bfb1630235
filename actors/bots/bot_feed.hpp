#pragma once
/// bot_feed: one per bot on the node its getUpdates calls reach; hands out
/// the bot's updates (its pts log, read through its user actor, which
/// stores what is confirmed) and holds the one long poll a bot may have:
/// parked without a thread until an update arrives (the feed is
/// subscribed to the user actor like a session) or the poll's timeout
/// passes. A newer poll ends the older one with 409 (the official server's
/// "terminated by other getUpdates request").
///
/// bot_hub: one per node, finds or spawns the feed of a bot.
#include <caf/typed_actor.hpp>

#include "actors/bots/bot_protocol.hpp"
#include "actors/node/context_fwd.hpp"
#include "actors/protocol/atoms.hpp"
#include "actors/user/user_protocol.hpp"

namespace ag {

using bot_hub_actor = caf::typed_actor<
  /// getUpdates: the updates after the offset, at once or when the first
  /// arrives within the timeout (then possibly none). CONFLICT (409) when a
  /// newer poll of the same bot arrives first.
  caf::replies_to<bot_poll>::with<bot_batch>>;

using bot_feed_actor = bot_hub_actor::extend<
  /// From the bot's user actor: something was committed to its log.
  caf::reacts_to<session_push>,
  /// A poll's timeout, by its serial.
  caf::reacts_to<tick_atom, std::uint64_t>>;

bot_hub_actor spawn_bot_hub(caf::actor_system& sys, node_context_ptr ctx);

} // namespace ag
