#pragma once
/// One short-lived actor per HTTP call (actorgram's API, uploads, the Bot
/// API): it runs the call and answers exactly once — the call's reply, or
/// the timeout's — then quits. No thread waits for it.
#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <chrono>
#include <functional>
#include <memory>

#include "actors/protocol/type_ids.hpp"

namespace ag {

/// `start(self, reply)` begins the call inside the actor; `reply` may be
/// called any number of times, only the first counts. After `timeout`,
/// `on_timeout()` is the answer.
template <class Answer, class Start, class OnTimeout>
void spawn_call(caf::actor_system& sys, std::chrono::milliseconds timeout, Start start,
                OnTimeout on_timeout, std::function<void(Answer)> answer) {
  sys.spawn([=](caf::event_based_actor* self) mutable -> caf::behavior {
    auto finished = std::make_shared<bool>(false);
    std::function<void(Answer)> reply = [=](Answer out) {
      if (*finished)
        return;
      *finished = true;
      answer(std::move(out));
      self->quit();
    };
    self->delayed_send(self, timeout, tick_atom_v);
    start(self, reply);
    return {[=](tick_atom) {
      reply(on_timeout());
    }};
  });
}

} // namespace ag
