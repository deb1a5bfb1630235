#pragma once
/// The HTTP API on cpp-httplib: `POST /api/<method>` with the envelope of
/// DESIGN.md §4, plus `/healthz`, `/readyz` and `/metrics`. Thread pool
/// sized by config, TCP_NODELAY, long keep-alive, body size limit, per-address
/// rate limit on auth methods.
#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "actors/node/node_context.hpp"
#include "core/rules/keyed_limiter.hpp"
#include "core/settings.hpp"
#include "http/rpc/rpc_bridge.hpp"

namespace httplib {
class Server;
}

namespace ag {

class http_server {
public:
  /// `settings` is the `http` section; `auth_attempts` the per-address
  /// budget of authentication methods (limits.auth_per_ip_*), shared with
  /// the WebSocket gateway.
  http_server(caf::actor_system& sys, node_context_ptr ctx, http_settings settings,
              std::atomic<bool>& ready, std::shared_ptr<address_limiter> auth_attempts);
  ~http_server();

  /// Binds and starts serving on a background thread; false if binding failed.
  bool start();
  void stop();

private:
  void routes();
  node_context_ptr ctx_;
  http_settings settings_;
  std::atomic<bool>& ready_;
  std::shared_ptr<address_limiter> auth_attempts_;
  rpc_bridge bridge_;
  std::unique_ptr<httplib::Server> svr_;
  std::thread thread_;
  std::shared_ptr<std::atomic<std::size_t>> downloads_ =
    std::make_shared<std::atomic<std::size_t>>(0); ///< streaming now
};

} // namespace ag
