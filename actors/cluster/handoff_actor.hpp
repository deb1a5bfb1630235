#pragma once
/// handoff: one per node of a cluster, the part of `actorgram cluster
/// add|drain` that moves data (docs/cluster.md "Hand-off"). As the source
/// of shards it freezes them (the routes say "moving", the commit queue
/// refuses writes to them, their actors stop), streams their records to
/// the new owners, then stores the new map and the deletion of what it no
/// longer holds in one write, and spreads the map: ownership changes in the
/// source's one write, so no shard ever has two writers. As a target it
/// takes the records, holding the shards ("moving") until the map gives
/// them to it.
#include <caf/typed_actor.hpp>
#include <cstdint>
#include <vector>

#include "actors/cluster/cluster_protocol.hpp"
#include "actors/node/context_fwd.hpp"
#include "actors/protocol/atoms.hpp"
#include "core/cluster/shard_map.hpp"

namespace ag {

using handoff_actor = caf::typed_actor<
  /// Source: moves these shards, all owned by this node, to their targets;
  /// answered once the new map is in force here. UNAVAILABLE if a target
  /// does not answer (nothing moved: the shards stay here).
  caf::replies_to<handoff_atom, std::vector<cluster::shard_move>>::with<handoff_report>,
  /// Target: these shards are coming; drops what this node holds of them
  /// (an earlier, failed hand-off's) and holds them until the map arrives.
  caf::replies_to<handoff_atom, begin_atom, std::vector<std::uint32_t>>::with<bool>,
  /// Target: records of the shards, written before the answer.
  caf::replies_to<handoff_atom, std::vector<stored_record>>::with<bool>,
  /// Target: the source's sequence bounds (sequences family records): this
  /// node's sequences are raised past them, so no id is handed out twice.
  caf::replies_to<handoff_atom, end_atom, std::vector<stored_record>>::with<bool>,
  /// Target: the hand-off failed; the shards stay with the source.
  caf::reacts_to<handoff_atom, abort_atom, std::vector<std::uint32_t>>>;

} // namespace ag
