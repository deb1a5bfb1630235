#pragma once
/// The event-driven WebSocket gateway: one CAF io broker (epoll, the
/// middleman's thread) owns every connection. It only frames bytes: the
/// upgrade handshake, RFC 6455 frames (core/ws_codec), timeouts and write
/// back-pressure. JSON, auth and storage work happen in each connection's
/// `session` actor.
#include <caf/actor.hpp>
#include <caf/expected.hpp>

#include "actors/node/node_context.hpp"
#include "config/node_config.hpp"
#include "core/rules/keyed_limiter.hpp"

namespace ag {

struct ws_gateway_options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8081;
  std::size_t max_message_bytes = 64 << 10;
  std::size_t max_connections = 18000;
  std::size_t max_connections_per_ip = 256;
  std::int64_t auth_timeout_s = 30; ///< an upgraded socket must authenticate within
  std::int64_t handshake_timeout_s = 10;
  std::int64_t idle_timeout_s = 300;
  std::size_t max_write_buffer_bytes = 256 << 10;
  std::size_t max_in_flight = 64;
  std::atomic<bool>* ready = nullptr; ///< upgrades get 503 until true
  /// Authentication attempts per address, shared with HTTP (null: none).
  std::shared_ptr<address_limiter> auth_attempts;
};

ws_gateway_options ws_options_from(const node_config& cfg);

/// Spawns the gateway broker and binds it; returns the broker.
caf::expected<caf::actor> spawn_ws_gateway(caf::actor_system& sys, node_context_ptr ctx,
                                           ws_gateway_options opts);

} // namespace ag
