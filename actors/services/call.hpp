#pragma once
/// What every service function takes: the actor it runs in, the node, who
/// calls and from where; and how it answers (`reply<T>`: a typed result or
/// an error, exactly once, inside that actor). Services write no JSON: each
/// transport (actorgram's JSON API, the Bot API) decodes its own arguments
/// into a service's argument struct and renders its result.
#include <caf/event_based_actor.hpp>
#include <caf/expected.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_set>

#include "actors/node/node_context.hpp"
#include "core/error.hpp"

namespace ag {

/// Who is calling: an authenticated user and authorization, or nobody.
struct caller {
  user_id user{};
  auth_session_id auth_session{};
  [[nodiscard]] bool authenticated() const { return user.valid(); }
};

/// What a long-lived caller (a session) remembers between calls so the hot
/// path skips lookups: peers known to exist (accounts are never reused) and
/// its own user actor (dropped when that actor stops).
struct call_cache {
  std::unordered_set<std::uint64_t> peers;
  user_actor me; ///< the caller's user actor
  /// The caller enforces call deadlines itself (the session's watchdog), so
  /// hot-path requests need no timer of their own.
  bool watched = false;
  void clear() {
    peers.clear();
    me = user_actor{};
  }
};

/// The context of one call.
struct call_env {
  caf::event_based_actor* self = nullptr;
  node_context_ptr ctx;
  caller who;
  caf::actor origin;           ///< the calling session ("not me"), or null
  call_cache* cache = nullptr; ///< may be null; lives as long as `self`
  std::string client_address;  ///< recorded with authorizations
  std::string client_agent;    ///< the User-Agent, when the transport has one
};

/// A service's answer: called exactly once, inside `env.self`.
template <class T>
using reply = std::function<void(caf::expected<T>)>;

} // namespace ag
