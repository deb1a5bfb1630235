#pragma once
/// Runs a decoded call: checks that the method exists and that the caller
/// may call it, then runs the call's bound service. The transports decode
/// requests into `rpc_request` (http/rpc/methods.hpp holds the method table
/// that binds each method's arguments to its service and rendering), so
/// both gateways answer identically.
#include <caf/event_based_actor.hpp>
#include <functional>
#include <string>

#include "actors/services/call.hpp"
#include "core/error.hpp"

namespace ag {

/// A call's answer as the transport sends it: the rendered result, or a
/// failure.
struct rpc_outcome {
  bool ok = false;
  std::string result;  ///< the rendered result when ok
  rpc_failure failure; ///< when not ok
  /// Set by auth.signUp/signIn/resetPassword/bindToken: the identity the
  /// call established.
  caller established;
};

using rpc_done = std::function<void(rpc_outcome)>;

/// A method's decoded arguments bound to its service and rendering; run once.
using rpc_run = std::function<void(const call_env& env, rpc_done done)>;

struct rpc_request {
  std::string method;
  bool is_public = false;    ///< callable without signing in
  bool auth_attempt = false; ///< tries credentials or sends codes: rate-limited per address
  rpc_run run;               ///< empty: no such method
  std::string client;        ///< the client's address (recorded with authorizations)
  std::string agent;         ///< its User-Agent, when the transport has one
};

/// Runs `req` for `who` in `self`. `origin` is the calling session (for "not
/// me"), or null. `cache` (may be null) must live as long as `self`. `done`
/// is called exactly once, inside `self`.
void execute(caf::event_based_actor* self, const node_context_ptr& ctx, const caller& who,
             rpc_request req, const caf::actor& origin, rpc_done done, call_cache* cache = nullptr);

/// Checks a bearer token with the auth actor, then runs `req` (public methods
/// run without a token). For the HTTP gateway, which has no session.
void execute_with_token(caf::event_based_actor* self, const node_context_ptr& ctx,
                        std::string token, rpc_request req, rpc_done done);

[[nodiscard]] rpc_outcome failure_outcome(const caf::error& err);

} // namespace ag
