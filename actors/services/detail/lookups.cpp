#include "actors/services/detail/lookups.hpp"

#include "actors/cluster/routes.hpp"

#include "actors/auth/auth_protocol.hpp"
#include "actors/dialog/dialog_shard.hpp"
#include "actors/protocol/type_ids.hpp"
#include "core/rules/limits.hpp"

namespace ag::services_detail {

caf::error over_limit(const call_env& env, limited kind) {
  if (!env.ctx->limits)
    return {};
  if (auto wait = env.ctx->limits->take(env.who.user.value, kind, env.ctx->now_ms()); wait > 0)
    return make_error(errc::flood_wait,
                      kind == limited::typing ? "too many typing notices" : "too many changes",
                      wait);
  return {};
}

caf::error refusal(errc code) {
  // A text's rules (core/rules/limits.hpp) say INPUT_REQUEST_INVALID only
  // for text that is not UTF-8; every other code says what its table says.
  if (code == errc::input_request_invalid)
    return make_error(code, "the text is not valid UTF-8");
  return make_error(code);
}

void with_own_actor(const call_env& env, std::function<void(user_actor)> then, on_fail fail) {
  if (env.cache != nullptr && env.cache->me)
    return then(env.cache->me);
  env.self->request(env.ctx->directory, internal_call, user_atom_v, env.who.user)
    .then(std::move(then), [=](caf::error& err) { fail(err); });
}

void check_peer(const call_env& env, const peer& p, std::function<void()> then, on_fail fail,
                bool writing) {
  if (p.id == 0)
    return fail(make_error(errc::peer_id_invalid, "no such peer"));
  auto* cache = env.cache;
  if (p.type == peer_type::chat || (cache != nullptr && cache->peers.count(p.id) > 0))
    return then();
  env.self->request(env.ctx->auth, internal_call, users_atom_v, std::vector<user_id>{user_id{p.id}})
    .then(
      [=](const std::vector<user_info>& users) {
        if (users.empty()) {
          auto err =
            not_found(env, {user_id{p.id}}, make_error(errc::peer_id_invalid, "no such peer"));
          // Reading one's own box needs nothing from the peer's node: with
          // that node down, the caller's copy still answers.
          if (!writing && to_failure(err).code == errc::unavailable)
            return then();
          return fail(std::move(err));
        }
        if (writing && users.front().deleted)
          return fail(make_error(errc::input_user_deactivated, "that user deleted their account"));
        if (cache != nullptr && writing) {
          if (cache->peers.size() >= 10000)
            cache->peers.clear();
          cache->peers.insert(p.id);
        }
        then();
      },
      [=](caf::error& err) { fail(err); });
}

caf::error not_found(const call_env& env, const std::vector<user_id>& asked, caf::error otherwise) {
  if (!env.ctx->routes)
    return otherwise;
  for (auto id : asked)
    if (auto p = env.ctx->routes->place(id.value); p.where == placement::kind::unavailable)
      return unavailable_error(p); // it may exist: its node cannot say
  return otherwise;
}

void check_users(const call_env& env, std::vector<user_id> ids, std::function<void()> then,
                 on_fail fail) {
  auto want = ids.size();
  env.self->request(env.ctx->auth, internal_call, users_atom_v, ids)
    .then(
      [=](const std::vector<user_info>& users) {
        if (users.size() != want)
          return fail(not_found(env, ids, make_error(errc::user_id_invalid, "no such user")));
        for (auto& u : users)
          if (u.deleted)
            return fail(make_error(errc::input_user_deactivated, "a user deleted their account"));
        then();
      },
      [=](caf::error& err) { fail(err); });
}

caf::error check_ids(std::size_t count, bool empty_ok) {
  if (count > limits::max_ids_per_request)
    return make_error(errc::limit_invalid, "at most 200 ids per request");
  if (!empty_ok && count == 0)
    return make_error(errc::limit_invalid, "give 1 to 200 ids");
  return {};
}

void with_dialog(const call_env& env, const peer& to, std::function<void(dialog_actor)> then,
                 on_fail fail) {
  if (to.type == peer_type::user) {
    auto shard = dialog_shard_for(*env.ctx, env.who.user.value, to.id);
    if (!shard)
      return fail(shard.error());
    return then(*shard);
  }
  with_chat(
    env, chat_id{to.id}, [then](const chat_actor& chat) { then(chat); }, std::move(fail));
}

void with_chat(const call_env& env, chat_id cid, std::function<void(chat_actor)> then,
               on_fail fail) {
  env.self->request(env.ctx->directory, internal_call, chat_atom_v, cid)
    .then(std::move(then), [=](caf::error& err) { fail(err); });
}

caf::duration dialog_timeout(const call_env& env) {
  return env.cache != nullptr && env.cache->watched
           ? caf::duration{internal_call}
           : caf::duration{env.ctx->settings.actors.call_timeout()};
}

} // namespace ag::services_detail
