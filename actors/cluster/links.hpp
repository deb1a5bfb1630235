#pragma once
/// The cluster's connections. CAF's BASP would read actor messages from
/// anyone who connects, so actorgram never lets the middleman listen:
/// the listener and the dialer below run the secret handshake
/// (core/cluster/handshake.hpp) on the raw socket first, and only a socket
/// whose peer proved the secret is handed to CAF's BASP broker. Everything
/// after that is ordinary CAF remoting over the connection.
#include <caf/actor_system.hpp>
#include <caf/expected.hpp>
#include <caf/fwd.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace ag {

/// The cluster secret: the bytes of `path` (cluster.secret_file), at least
/// cluster::min_secret_size of them; an error naming the key otherwise.
caf::expected<std::string> read_cluster_secret(const std::string& path);

/// How long a peer may take over its half of the handshake.
constexpr std::chrono::milliseconds handshake_timeout{2000};

/// Accepts connections on cluster.bind:cluster.port on a thread of its own;
/// each runs its handshake on a short-lived thread (at most 16 at once;
/// more are closed at once), then becomes a BASP connection whose published
/// actor is `gate` (the membership actor).
class link_listener {
public:
  /// Binds and listens; UNAVAILABLE if the address cannot be bound.
  static caf::expected<std::unique_ptr<link_listener>> start(caf::actor_system& sys,
                                                             const std::string& host,
                                                             std::uint16_t port, std::string secret,
                                                             caf::strong_actor_ptr gate);
  /// Stops accepting and waits for handshakes under way.
  ~link_listener();
  link_listener(const link_listener&) = delete;
  link_listener& operator=(const link_listener&) = delete;

  struct impl;

private:
  explicit link_listener(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

/// Dials host:port, proves the secret both ways and hands the socket to
/// BASP; answers the peer's published actor (its membership actor).
/// UNAVAILABLE when nothing answers in time or the peer's proof is wrong
/// (another cluster, another secret: the description says which). Blocks for up to `timeout` plus
/// the BASP handshake: call it from a thread of its own (a blocking actor), never from an
/// event-based actor.
caf::expected<caf::strong_actor_ptr> dial_node(caf::actor_system& sys, const std::string& host,
                                               std::uint16_t port, const std::string& secret,
                                               std::chrono::milliseconds timeout);

} // namespace ag
