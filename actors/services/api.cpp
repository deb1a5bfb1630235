#include "actors/services/api.hpp"

#include "actors/auth/auth_protocol.hpp"
#include "actors/protocol/type_ids.hpp"

namespace ag {

rpc_outcome failure_outcome(const caf::error& err) {
  rpc_outcome o;
  o.failure = to_failure(err);
  return o;
}

namespace {

rpc_outcome refused(errc code, std::string description) {
  rpc_outcome o;
  o.failure = rpc_failure{code, std::move(description), 0};
  return o;
}

} // namespace

void execute(caf::event_based_actor* self, const node_context_ptr& ctx, const caller& who,
             rpc_request req, const caf::actor& origin, rpc_done done, call_cache* cache) {
  ctx->stats.rpc_calls.fetch_add(1, std::memory_order_relaxed);
  if (!req.run)
    return done(refused(errc::method_invalid, "unknown method: " + req.method.substr(0, 64)));
  if (!who.authenticated() && !req.is_public)
    return done(refused(errc::auth_key_unregistered, "sign in first"));
  call_env env{self, ctx, who, origin, cache, std::move(req.client), std::move(req.agent)};
  req.run(env, std::move(done));
}

void execute_with_token(caf::event_based_actor* self, const node_context_ptr& ctx,
                        std::string token, rpc_request req, rpc_done done) {
  if (req.is_public && req.method != "auth.bindToken")
    return execute(self, ctx, caller{}, std::move(req), caf::actor{}, std::move(done));
  if (token.empty()) {
    if (req.method == "auth.bindToken")
      return execute(self, ctx, caller{}, std::move(req), caf::actor{}, std::move(done));
    return done(refused(errc::auth_key_unregistered, "missing bearer token"));
  }
  auto client = req.client;
  self
    ->request(ctx->auth, ctx->settings.actors.call_timeout(), check_atom_v, token, client,
              caf::actor{})
    .then(
      [=](const token_owner& owner) mutable {
        execute(self, ctx, caller{owner.user, owner.auth_session}, std::move(req), caf::actor{},
                done);
      },
      [=](caf::error& err) { done(failure_outcome(err)); });
}

} // namespace ag
