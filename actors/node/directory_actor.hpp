#pragma once
/// directory: finds or spawns `user` and `chat` actors, one per node
/// (private dialogs live in dialog shards), relays pushes to user actors
/// that are alive, and stops idle children: one timer ticks every child,
/// and a child that is idle asks to stop (so nobody is routed to it after);
/// a child handed out since the tick before last is refused, so a handle a
/// caller just got does not stop under it.
/// Callers must check that ids exist (the auth actor knows) before asking:
/// the directory spawns what it is asked for. In a cluster, ids of shards
/// another node owns go to that node's directory (the answer is a remote
/// handle of the same type), and those of a down node fail fast with
/// UNAVAILABLE (docs/cluster.md).
#include <caf/typed_actor.hpp>

#include "actors/dialog/chat_actor.hpp"
#include "actors/node/context_fwd.hpp"
#include "actors/protocol/atoms.hpp"
#include "actors/user/user_actor.hpp"

namespace ag {

using directory_actor = caf::typed_actor<
  /// The user actor of `uid`, spawned on demand.
  caf::replies_to<user_atom, user_id>::with<user_actor>,
  /// The chat actor of `cid`, spawned on demand (a new chat's actor refuses
  /// everything but create_chat).
  caf::replies_to<chat_atom, chat_id>::with<chat_actor>,
  /// Pushes to `uid`'s sessions, only if its actor is alive (ephemeral).
  caf::reacts_to<user_atom, user_id, session_push>,
  /// A presence change to tell `uid`'s dialog peers, only if its actor is alive.
  caf::reacts_to<user_atom, user_id, status_broadcast>,
  /// A read receipt for `uid` (its actor is spawned if needed).
  caf::reacts_to<user_atom, user_id, read_notice>,
  /// An idle user actor asks to stop: true if it may (nobody is routed to it
  /// after); false from anyone else, or if it was handed out since the tick
  /// before last.
  caf::replies_to<idle_atom, user_atom, user_id>::with<bool>,
  /// The same for a chat actor.
  caf::replies_to<idle_atom, chat_atom, chat_id>::with<bool>,
  /// In a cluster: a pending record this node stored (its author lives
  /// here) whose fan-out ran on another node has ended; erased, or (one for
  /// all) rewritten for `still_owed` (outbox_repo::settle).
  caf::reacts_to<settle_atom, pending_delivery, std::vector<std::uint64_t>>,
  /// In a cluster: these shards are being handed off (the routes say so
  /// already): their user and chat actors stop, so that nothing of them
  /// stays in memory here (their sessions close and reconnect).
  caf::reacts_to<moving_atom, std::vector<std::uint32_t>>>;

directory_actor spawn_directory(caf::actor_system& sys, node_context_ptr ctx);

} // namespace ag
