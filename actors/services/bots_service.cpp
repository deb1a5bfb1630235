#include "actors/services/bots_service.hpp"

#include "actors/protocol/type_ids.hpp"
#include "actors/services/detail/lookups.hpp"

namespace ag::bots_service {

using namespace services_detail;

void create_bot(const call_env& env, create_args a, reply<bot_created> done) {
  if (auto err = over_limit(env))
    return done(std::move(err));
  ask_auth(env, env.ctx->settings.actors.call_timeout(), std::move(done),
           bot_create{env.who.user, std::move(a.username), std::move(a.first_name)});
}

void get_bots(const call_env& env, reply<std::vector<user_info>> done) {
  ask_auth(env, env.ctx->settings.actors.call_timeout(), std::move(done), bots_atom_v,
           env.who.user);
}

void revoke_token(const call_env& env, user_id bot, reply<bot_created> done) {
  if (auto err = over_limit(env))
    return done(std::move(err));
  ask_auth(env, env.ctx->settings.actors.call_timeout(), std::move(done),
           bot_token_reset{env.who.user, bot});
}

} // namespace ag::bots_service
