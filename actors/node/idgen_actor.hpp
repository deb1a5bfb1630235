#pragma once
/// idgen: Snowflake ids and durable named sequences, one per node.
///
///   (next_id_atom) -> uint64              a Snowflake id, strictly increasing
///   (sequence_atom, string name) -> uint64  the next value of `name` (from 1)
///
/// Sequences reserve ranges of `sequence_step` values durably before handing
/// any out, so a restart (even after kill -9) never repeats a value. The
/// Snowflake clock floor is stored the same way, so ids stay increasing even
/// if the wall clock is behind after a restart.
#include <caf/actor.hpp>

#include "actors/node/node_context.hpp"

namespace ag {

constexpr std::uint64_t sequence_step = 1000;

/// Spawns the idgen actor; reads its durable state first (synchronously).
caf::expected<caf::actor> spawn_idgen(caf::actor_system& sys, node_context_ptr ctx);

} // namespace ag
