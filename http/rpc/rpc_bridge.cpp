#include "http/rpc/rpc_bridge.hpp"

#include <future>

#include "actors/auth/auth_protocol.hpp"
#include "actors/protocol/atoms.hpp"
#include "actors/protocol/type_ids.hpp"
#include "http/rpc/call_actor.hpp"

namespace ag {

rpc_outcome rpc_bridge::run(std::function<void(caf::event_based_actor*, rpc_done)> start) {
  auto promise = std::make_shared<std::promise<rpc_outcome>>();
  auto result = promise->get_future();
  sys_.spawn([=](caf::event_based_actor* self) mutable -> caf::behavior {
    start(self, [self, promise](rpc_outcome o) {
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

void rpc_bridge::call_async(std::string token, rpc_request req,
                            std::function<void(rpc_outcome)> answer) {
  auto ctx = ctx_;
  spawn_call<rpc_outcome>(
    sys_, timeout_,
    [=, token = std::move(token), req = std::move(req)](caf::event_based_actor* self,
                                                        rpc_done reply) mutable {
      execute_with_token(self, ctx, std::move(token), std::move(req), reply);
    },
    [] {
      rpc_outcome o;
      o.failure = rpc_failure{errc::timeout, "the node did not answer in time", 0};
      return o;
    },
    std::move(answer));
}

rpc_outcome rpc_bridge::call(std::string token, rpc_request req) {
  auto ctx = ctx_;
  return run([=](caf::event_based_actor* self, rpc_done done) mutable {
    execute_with_token(self, ctx, std::move(token), std::move(req), std::move(done));
  });
}

template <class... Ts>
std::variant<caller, rpc_failure> rpc_bridge::ask_owner(Ts... xs) {
  using answer = std::variant<caller, rpc_failure>;
  auto promise = std::make_shared<std::promise<answer>>();
  auto result = promise->get_future();
  auto ctx = ctx_;
  sys_.spawn([=](caf::event_based_actor* self) mutable -> caf::behavior {
    self->request(ctx->auth, ctx->settings.actors.call_timeout(), xs...)
      .then(
        [=](const token_owner& owner) {
          promise->set_value(caller{owner.user, owner.auth_session});
          self->quit();
        },
        [=](caf::error& err) {
          promise->set_value(to_failure(err));
          self->quit();
        });
    return {[](tick_atom) {
    }};
  });
  if (result.wait_for(timeout_) != std::future_status::ready)
    return rpc_failure{errc::timeout, "the node did not answer in time", 0};
  return result.get();
}

std::variant<caller, rpc_failure> rpc_bridge::authenticate(std::string token, std::string client) {
  if (token.empty())
    return rpc_failure{errc::auth_key_unregistered, "missing bearer token", 0};
  return ask_owner(check_atom_v, std::move(token), std::move(client), caf::actor{});
}

} // namespace ag
