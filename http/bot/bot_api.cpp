#include "http/bot/bot_api.hpp"

#include <caf/event_based_actor.hpp>

#include "actors/auth/auth_protocol.hpp"
#include "actors/protocol/type_ids.hpp"
#include "core/rules/bot_rules.hpp"
#include "http/bot/bot_methods.hpp"
#include "http/bot/bot_render.hpp"
#include "http/rpc/call_actor.hpp"

namespace ag {

namespace {

bot_reply from(const bot_render::bot_error& e) {
  return bot_reply{e.status, e.body, e.retry_after};
}

} // namespace

void bot_api::serve(bot_request r, std::function<void(bot_reply)> answer) {
  if (!bot_rules::parse_token(r.token))
    return answer(from(bot_render::error(401, "Unauthorized: invalid token specified")));
  // The arguments are read here, on the worker; what is wrong with them is
  // said only after the token is checked, as the official server does (a
  // bad token never learns which methods exist).
  auto method = find_bot_method(r.method);
  // A body's files are views into it: it lives as long as the call.
  auto body = std::make_shared<std::string>(std::move(r.body));
  auto args = std::make_shared<std::variant<bot_args, bot_args_error>>(
    read_bot_args(r.content_type, r.query, *body));
  auto deadline = timeout_;
  if (method && method->extra_time)
    if (auto* a = std::get_if<bot_args>(args.get()))
      deadline += method->extra_time(*a);
  auto ctx = ctx_;
  spawn_call<bot_reply>(
    sys_, deadline,
    [=, body = std::move(body), token = std::move(r.token), name = std::move(r.method)](
      caf::event_based_actor* self, std::function<void(bot_reply)> reply) mutable {
      self->request(ctx->auth, ctx->settings.actors.call_timeout(), bot_atom_v, std::move(token))
        .then(
          [=](const token_owner& owner) {
            // The arguments' files are views into the body: it lives as
            // long as the call runs (the spawn lambda is gone by now).
            auto keep = body;
            if (!method)
              return reply(from(bot_render::error(404, "Not Found: method not found")));
            if (auto* e = std::get_if<bot_args_error>(args.get()))
              return reply(from(bot_render::error(e->status, e->description)));
            rpc_request req;
            req.method = name;
            req.run = method->bind(std::get<bot_args>(*args));
            req.run = [run = std::move(req.run), keep](const call_env& env, rpc_done done) {
              run(env, std::move(done));
            };
            execute(self, ctx, caller{owner.user, owner.auth_session}, std::move(req), caf::actor{},
                    [=](rpc_outcome o) {
                      reply(o.ok ? bot_reply{200, bot_render::ok(o.result), 0}
                                 : from(bot_render::error(o.failure)));
                    });
          },
          [=](caf::error& err) {
            auto f = to_failure(err);
            reply(from(f.code == errc::auth_key_unregistered
                         ? bot_render::error(401, "Unauthorized")
                         : bot_render::error(f)));
          });
    },
    [] {
      return from(
        bot_render::error(rpc_failure{errc::timeout, "the node did not answer in time", 0}));
    },
    std::move(answer));
}

} // namespace ag
