#pragma once
/// The RPC methods of docs/api.md, executed inside an actor. Both gateways
/// decode requests into `rpc_request` and call `execute`; the result is the
/// JSON text of the method's result object (or a failure), rendered once here
/// so both transports answer identically.
#include <caf/event_based_actor.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "actors/node/node_context.hpp"
#include "core/error.hpp"
#include "core/rpc.hpp"

namespace ag {

struct rpc_outcome {
  bool ok = false;
  std::string result;  ///< JSON text when ok
  rpc_failure failure; ///< when not ok
  /// Set by auth.signUp/signIn/bindToken: the identity the call established.
  caller established;
};

using rpc_done = std::function<void(rpc_outcome)>;

/// What a long-lived caller (a session) remembers between calls so the hot
/// path skips lookups: peers known to exist (accounts are never reused) and
/// its own user actor (dropped when that actor stops).
struct call_cache {
  std::unordered_set<std::uint64_t> peers;
  caf::actor me; ///< the caller's user actor
  /// The caller enforces call deadlines itself (the session's watchdog), so
  /// hot-path requests need no timer of their own.
  bool watched = false;
  void clear() {
    peers.clear();
    me = caf::actor{};
  }
};

/// Every method of docs/api.md.
bool is_known_method(std::string_view method);

/// Methods an unauthenticated caller may use.
bool is_public_method(std::string_view method);

/// Methods that try credentials or send codes: rate-limited per address by
/// the gateways.
bool is_auth_attempt(std::string_view method);

/// Runs `req` for `who` in `self`. `who` must be authenticated unless the
/// method is public. `origin` is the calling session (for "not me"), or null.
/// `cache` (may be null) must live as long as `self`. `done` is called
/// exactly once, inside `self`.
void execute(caf::event_based_actor* self, const node_context_ptr& ctx, const caller& who,
             rpc_request req, const caf::actor& origin, rpc_done done, call_cache* cache = nullptr);

/// Checks a bearer token with the auth actor, then runs `req` (public methods
/// run without a token). For the HTTP gateway, which has no session.
void execute_with_token(caf::event_based_actor* self, const node_context_ptr& ctx,
                        std::string token, rpc_request req, rpc_done done);

rpc_outcome failure_outcome(const caf::error& err);

} // namespace ag
