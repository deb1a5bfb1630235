#include "actors/services/bots_service.hpp"

#include "actors/protocol/type_ids.hpp"
#include "actors/services/detail/lookups.hpp"
#include "core/rules/bot_rules.hpp"

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

void get_bot_callback_answer(const call_env& env, callback_args a, reply<callback_answer> done) {
  if (a.data.empty() || a.data.size() > 64)
    return done(make_error(errc::data_invalid, "callback data is 1-64 bytes"));
  if (auto err = over_limit(env))
    return done(std::move(err));
  ask_own_actor(
    env, fetch_request{{a.id}},
    [=](const std::vector<message>& found) {
      if (found.empty() || found.front().to != a.to)
        return done(make_error(errc::message_id_invalid));
      auto& m = found.front();
      // Only bots' messages carry keyboards; only the button's own data.
      if (m.out || !bot_rules::offers_callback(m.reply_markup, a.data))
        return done(make_error(errc::data_invalid));
      auto chat = a.to.type == peer_type::user ? peer{peer_type::user, env.who.user.value} : a.to;
      callback_ask ask{env.who.user, m.dialog_message_id, chat, a.data};
      auto ctx = env.ctx;
      auto self = env.self;
      auto wait = ctx->settings.bots.callback_timeout() + ctx->settings.actors.call_timeout();
      self
        ->request(ctx->directory, ctx->settings.actors.call_timeout(), user_atom_v,
                  user_id{m.from_id})
        .then(
          [=](const user_actor& bot) {
            self->request(bot, wait, ask)
              .then([=](callback_answer& answer) { done(std::move(answer)); },
                    [=](caf::error& err) { done(std::move(err)); });
          },
          [=](caf::error& err) { done(std::move(err)); });
    },
    failure_to(done));
}

void answer_callback(const call_env& env, callback_reply r, reply<bool> done) {
  ask_own_actor(
    env, std::move(r), [=](bool ok) { done(ok); }, failure_to(done));
}

} // namespace ag::bots_service
