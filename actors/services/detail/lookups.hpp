#pragma once
/// Internal to the services: finding the actors a call talks to, checking
/// the ids it names, and passing failures on.
#include <functional>
#include <vector>

#include "actors/services/call.hpp"
#include "core/model/peer.hpp"

namespace ag::services_detail {

/// Where a failure of a step goes: the call's reply.
using on_fail = std::function<void(caf::error)>;

template <class T>
on_fail failure_to(reply<T> done) {
  return [done](caf::error err) {
    done(std::move(err));
  };
}

/// FLOOD_WAIT (with retry_after) when the caller is over its rate of
/// `kind` (core/rules/user_limits.hpp), else no error.
[[nodiscard]] caf::error over_limit(const call_env& env, limited kind = limited::writes);

/// A refusal by a text or title rule, with the code's default description.
[[nodiscard]] caf::error refusal(errc code);

/// Resolves the caller's user actor (cached by sessions), then runs `then`.
void with_own_actor(const call_env& env, std::function<void(user_actor)> then, on_fail fail);

/// Sends `req` to the caller's user actor; `on_result` gets its answer.
template <class Request, class OnResult>
void ask_own_actor(const call_env& env, Request req, OnResult on_result, on_fail fail) {
  auto self = env.self;
  auto timeout = env.ctx->settings.actors.call_timeout();
  with_own_actor(
    env,
    [=](user_actor me) {
      self->request(me, timeout, req).then(on_result, [=](caf::error& err) { fail(err); });
    },
    fail);
}

/// Sends `req` to the auth actor and answers its typed result.
template <class T, class Timeout, class... Request>
void ask_auth(const call_env& env, Timeout timeout, reply<T> done, Request... req) {
  env.self->request(env.ctx->auth, timeout, std::move(req)...)
    .then([=](T& r) { done(std::move(r)); }, [=](caf::error& err) { done(std::move(err)); });
}

/// Checks that `p` names an existing user (chats are checked by their
/// actor, which answers CHAT_ID_INVALID to non-members). `writing`: also
/// refuses a deleted account (INPUT_USER_DEACTIVATED); reads still work,
/// also while the peer's node is down (the caller's own box answers).
void check_peer(const call_env& env, const peer& p, std::function<void()> then, on_fail fail,
                bool writing = true);

/// Checks that every id names an existing, not deleted user.
/// Why users asked for were not all found: UNAVAILABLE if one of `asked`
/// lives on a node that is down (it may well exist), else `otherwise`.
caf::error not_found(const call_env& env, const std::vector<user_id>& asked, caf::error otherwise);

void check_users(const call_env& env, std::vector<user_id> ids, std::function<void()> then,
                 on_fail fail);

/// LIMIT_INVALID unless 1 ≤ ids ≤ limits::max_ids_per_request (`empty_ok`:
/// 0 allowed too).
[[nodiscard]] caf::error check_ids(std::size_t count, bool empty_ok = true);

template <class Id>
[[nodiscard]] caf::error check_ids(const std::vector<Id>& ids, bool empty_ok = true) {
  return check_ids(ids.size(), empty_ok);
}

/// Runs `then` with the actor ordering the dialog of the caller with `to`: a
/// dialog shard for private dialogs, the chat's actor for chats.
void with_dialog(const call_env& env, const peer& to, std::function<void(dialog_actor)> then,
                 on_fail fail);

/// Runs `then` with the actor of chat `cid` (it checks membership itself).
void with_chat(const call_env& env, chat_id cid, std::function<void(chat_actor)> then,
               on_fail fail);

/// How long to wait for a dialog: sessions watch their own deadlines.
[[nodiscard]] caf::duration dialog_timeout(const call_env& env);

/// A continuation that sends `req` to the dialog or chat actor it is given,
/// with the dialog timeout; `on_result` gets its answer.
template <class Request, class OnResult>
auto ask_with_dialog_timeout(const call_env& env, Request req, OnResult on_result, on_fail fail) {
  auto self = env.self;
  auto timeout = dialog_timeout(env);
  return [=](const auto& handle) {
    self->request(handle, timeout, req).then(on_result, [=](caf::error& err) { fail(err); });
  };
}

/// Sends `req` to the actor ordering the dialog `to`.
template <class Request, class OnResult>
void ask_dialog(const call_env& env, const peer& to, Request req, OnResult on_result,
                on_fail fail) {
  with_dialog(env, to, ask_with_dialog_timeout(env, std::move(req), on_result, fail), fail);
}

/// Sends `req` to the actor of chat `cid`.
template <class Request, class OnResult>
void ask_chat(const call_env& env, chat_id cid, Request req, OnResult on_result, on_fail fail) {
  with_chat(env, cid, ask_with_dialog_timeout(env, std::move(req), on_result, fail), fail);
}

} // namespace ag::services_detail
