#pragma once
/// How an idle child of the directory (a user or chat actor) stops without
/// losing a message: it asks the directory first.

#include "actors/node/directory_actor.hpp"
#include "actors/node/node_context.hpp"

namespace ag {

/// The idle-stop handshake of a child (`kind`: user_atom or chat_atom, `id`
/// its user_id or chat_id):
/// ask the directory first so nobody is routed here after the stop; await
/// keeps every other message queued until the answer, so the actor is as
/// idle when it comes as when it asked. Quits if the directory agrees: it
/// has forgotten the actor, which must then never write again (the next
/// lookup spawns a fresh one). So the request has no timeout: an actor that
/// gave up waiting and stayed would be a second writer of the same box.
/// `stopping` (in the actor's state) guards against asking twice.
template <class Self, class Kind, class Id>
void request_idle_stop(Self* self, const node_context_ptr& ctx, Kind kind, Id id, bool& stopping) {
  if (stopping)
    return;
  stopping = true;
  auto* flag = &stopping;
  self->request(ctx->directory, internal_call, idle_atom_v, kind, id)
    .await(
      [=](bool ok) {
        if (ok)
          self->quit();
        else
          *flag = false;
      },
      [=](caf::error&) { *flag = false; });
}

/// Whether an actor last active at `last_active_ms` has idled long enough.
inline bool idle_long_enough(const node_context& ctx, std::int64_t last_active_ms) {
  auto idle_ms = std::chrono::milliseconds{ctx.settings.actors.idle_stop()}.count();
  return ctx.now_ms() - last_active_ms >= idle_ms;
}

} // namespace ag
