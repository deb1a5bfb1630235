#include "http/rpc_bridge.hpp"

#include <future>

#include "actors/messages.hpp"

namespace ag {

rpc_outcome rpc_bridge::call(std::string token, rpc_request req) {
  auto promise = std::make_shared<std::promise<rpc_outcome>>();
  auto result = promise->get_future();
  auto ctx = ctx_;
  sys_.spawn([=](caf::event_based_actor* self) mutable -> caf::behavior {
    execute_with_token(self, ctx, std::move(token), std::move(req), [self, promise](rpc_outcome o) {
      promise->set_value(std::move(o));
      self->quit();
    });
    // Stay alive until the call completes (its handlers are pending).
    return {[](tick_atom) {
    }};
  });
  if (result.wait_for(timeout_) != std::future_status::ready) {
    rpc_outcome o;
    o.failure = rpc_failure{errc::timeout, "the node did not answer in time", 0};
    return o;
  }
  return result.get();
}

} // namespace ag
