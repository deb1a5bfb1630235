#pragma once
/// A pool of detached actors hashing and verifying passwords (Argon2id),
/// behind one actor that hands each worker one job at a time.
///
/// Its queue is bounded by time: a job that would wait longer than half of
/// `call_timeout` (measured from how long jobs take) is refused at once with
/// FLOOD_WAIT and a retry_after, and a queued job whose caller has waited
/// that long is refused instead of hashed: never work that can only time out.
#include <caf/actor_system.hpp>
#include <caf/typed_actor.hpp>
#include <string>

#include "actors/protocol/atoms.hpp"
#include "core/settings.hpp"

namespace ag {

/// The pool's contract, and its workers': each worker is a detached
/// hasher_actor taking one job at a time; only the pool answers FLOOD_WAIT.
/// (Not a caf::actor_pool: the pool is a typed actor itself, no cast.)
using hasher_actor = caf::typed_actor<
  /// libsodium's encoded Argon2id hash of a password. FLOOD_WAIT (with a
  /// retry_after) when the pool is too busy; INTERNAL when out of memory.
  caf::replies_to<hash_atom, std::string>::with<std::string>,
  /// Whether a password matches an encoded hash (false for a malformed
  /// hash too). FLOOD_WAIT (with a retry_after) when the pool is too busy.
  caf::replies_to<verify_atom, std::string, std::string>::with<bool>>;

/// Spawns the pool and its `auth.hash_workers` workers (`auth.password_*`
/// cost); the workers stop with the pool.
hasher_actor spawn_hasher_pool(caf::actor_system& sys, const actor_settings& s);

} // namespace ag
