#pragma once
/// Runs RPCs from plain threads (cpp-httplib's pool) inside the actor
/// system: each call spawns one short-lived event-based actor that executes
/// the method and fulfils a promise. No scoped_actor per request; the wait is
/// bounded by a timeout that becomes 504 TIMEOUT.
#include <caf/actor_system.hpp>
#include <chrono>
#include <variant>

#include "actors/services/api.hpp"

namespace ag {

class rpc_bridge {
public:
  rpc_bridge(caf::actor_system& sys, node_context_ptr ctx, std::chrono::milliseconds timeout)
    : sys_(sys), ctx_(std::move(ctx)), timeout_(timeout) {}

  rpc_outcome call(std::string token, rpc_request req);

  /// The same without waiting: `answer` gets the outcome (a TIMEOUT after
  /// the bridge's timeout), exactly once, on an actor's thread.
  void call_async(std::string token, rpc_request req, std::function<void(rpc_outcome)> answer);

  /// The caller a bearer token stands for (auth actor check: signature,
  /// expiry, revocation), or the failure to send.
  std::variant<caller, rpc_failure> authenticate(std::string token, std::string client);

private:
  /// Spawns an actor that runs `start(self, done)` and waits for `done`.
  rpc_outcome run(std::function<void(caf::event_based_actor*, rpc_done)> start);
  /// Asks the auth actor `xs` and waits for its token_owner.
  template <class... Ts>
  std::variant<caller, rpc_failure> ask_owner(Ts... xs);

private:
  caf::actor_system& sys_;
  node_context_ptr ctx_;
  std::chrono::milliseconds timeout_;
};

} // namespace ag
