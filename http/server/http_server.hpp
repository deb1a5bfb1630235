#pragma once
/// The HTTP API: `POST /api/<method>` with the envelope of DESIGN.md §4,
/// plus `/healthz`, `/readyz`, `/metrics`, uploads and downloads. An epoll
/// reactor (http/server/reactor.hpp) owns the connections and reads each
/// request whole; a pool of `http.threads` workers routes complete requests
/// through cpp-httplib (http/server/request_runner.hpp). Per-address rate
/// limit on auth methods.
#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "actors/node/node_context.hpp"
#include "core/rules/keyed_limiter.hpp"
#include "core/settings.hpp"
#include "http/bot/bot_api.hpp"
#include "http/rpc/rpc_bridge.hpp"
#include "http/server/reactor.hpp"
#include "http/server/request_runner.hpp"

namespace httplib {
class ThreadPool;
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
  /// Closes every connection; waits for the workers (a stream stops at its
  /// next write). Idempotent.
  void stop();

private:
  void routes();
  void dispatch(request_job job);
  caf::actor_system& sys_;
  node_context_ptr ctx_;
  http_settings settings_;
  std::atomic<bool>& ready_;
  std::shared_ptr<address_limiter> auth_attempts_;
  rpc_bridge bridge_;
  bot_api bots_;
  std::unique_ptr<request_runner> svr_;
  std::unique_ptr<reactor> reactor_;
  std::shared_ptr<late_sink> late_; ///< where deferred replies go
  std::unique_ptr<httplib::ThreadPool> workers_;
  std::thread thread_; ///< the reactor's
  std::shared_ptr<std::atomic<std::size_t>> downloads_ =
    std::make_shared<std::atomic<std::size_t>>(0); ///< streaming now
};

} // namespace ag
