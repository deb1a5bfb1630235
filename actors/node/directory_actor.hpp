#pragma once
/// directory: finds or spawns `user` and `chat` actors, one per node.
/// (Private dialogs live in dialog shards.)
///
///   (user_atom, uint64 uid) -> actor            spawns the user actor on demand
///   (chat_atom, uint64 cid) -> actor            spawns the chat actor on demand
///                                               (it refuses everything but
///                                               create_chat if the chat is new)
///   (user_atom, uint64 uid, session_push)       forwarded only if that user's
///                                               actor is alive (presence pushes)
///   (idle_atom, user_atom, uint64 uid) -> bool  an idle user actor asks to stop
///   (idle_atom, chat_atom, uint64 cid) -> bool  the same for a chat actor
///
/// Callers must check that ids exist (the auth actor knows) before asking:
/// the directory spawns what it is asked for. Cluster placement
/// will resolve remote handles here.
#include <caf/actor.hpp>
#include <functional>

#include "actors/dialog/dialog_protocol.hpp"
#include "actors/node/node_context.hpp"
#include "actors/protocol/atoms.hpp"
#include "actors/protocol/type_ids.hpp"
#include "actors/user/user_protocol.hpp"

namespace ag {

caf::actor spawn_directory(caf::actor_system& sys, node_context_ptr ctx);

/// The idle-stop handshake of a child (`kind`: user_atom or chat_atom):
/// ask the directory first so nobody is routed here after the stop; await
/// keeps every other message queued until the answer. Quits if the
/// directory agrees and `still_idle()` holds then. `stopping` (in the
/// actor's state) guards against asking twice.
template <class Self, class Kind>
void request_idle_stop(Self* self, const node_context_ptr& ctx, Kind kind, std::uint64_t id,
                       bool& stopping, std::function<bool()> still_idle) {
  if (stopping)
    return;
  stopping = true;
  auto* flag = &stopping;
  self->request(ctx->directory, ctx->settings.call_timeout, idle_atom_v, kind, id)
    .await(
      [=](bool ok) {
        if (ok && still_idle())
          self->quit();
        else
          *flag = false;
      },
      [=](caf::error&) { *flag = false; });
}

/// Whether an actor last active at `last_active_ms` has idled long enough.
inline bool idle_long_enough(const node_context& ctx, std::int64_t last_active_ms) {
  auto idle_ms =
    std::chrono::duration_cast<std::chrono::milliseconds>(ctx.settings.user_idle_stop).count();
  return ctx.now_ms() - last_active_ms >= idle_ms;
}

} // namespace ag
