#pragma once
/// A running node: storage, the actor system with the service actors, and
/// both gateways, started and stopped in order. `main` only parses the
/// config and waits for a signal; tests can run a node in-process too.
#include <atomic>
#include <memory>

#include "config/node_config.hpp"

namespace ag {

class node {
public:
  explicit node(node_config cfg);
  ~node(); ///< stop()

  /// Opens storage, spawns the actors, replays pending deliveries and opens
  /// the gateways. An error names what failed.
  caf::error start();

  /// Closes the gateways, stops every actor, drains the commit queue and
  /// closes RocksDB. Idempotent.
  void stop();

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace ag
