#pragma once
/// The event-driven WebSocket gateway: one CAF io broker (epoll, the
/// middleman's thread) owns every connection. It only frames bytes: the
/// upgrade handshake, RFC 6455 frames (core/ws_codec), timeouts and write
/// back-pressure. JSON, auth and storage work happen in each connection's
/// `session` actor.
#include <atomic>
#include <caf/actor.hpp>
#include <caf/expected.hpp>
#include <memory>

#include "actors/node/node_context.hpp"
#include "core/rules/keyed_limiter.hpp"
#include "core/settings.hpp"

namespace ag {

/// The gateway's section of the config and what it shares with the rest of
/// the node at run time.
struct ws_gateway_options {
  ws_settings ws{};                   ///< the `ws` section
  std::atomic<bool>* ready = nullptr; ///< upgrades get 503 until true
  /// Authentication attempts per address, shared with HTTP (null: none).
  std::shared_ptr<address_limiter> auth_attempts{};
};

/// Spawns the gateway broker and binds it; returns the broker.
caf::expected<caf::actor> spawn_ws_gateway(caf::actor_system& sys, node_context_ptr ctx,
                                           ws_gateway_options opts);

} // namespace ag
