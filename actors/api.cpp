#include "actors/api.hpp"

#include <set>

#include "actors/dialog_shard.hpp"
#include "actors/messages.hpp"
#include "core/limits.hpp"
#include "core/shapes.hpp"

namespace ag {

namespace {

using self_ptr = caf::event_based_actor*;

rpc_outcome ok(std::string json) {
  rpc_outcome o;
  o.ok = true;
  o.result = std::move(json);
  return o;
}

rpc_outcome fail(errc code, std::string description) {
  rpc_outcome o;
  o.failure = rpc_failure{code, std::move(description), 0};
  return o;
}

rpc_outcome missing(std::string_view param) {
  return fail(errc::input_request_invalid, "missing parameter: " + std::string{param});
}

std::string render_auth(const auth_result& r) {
  json_writer w;
  w.begin_object().field("token", r.token).key("user");
  write_user(w, r.user);
  w.end_object();
  return w.take();
}

/// Renders `{"<key>":[...], "users":[...]}`, after loading the users named.
void with_users(self_ptr self, const node_context_ptr& ctx, std::set<std::uint64_t> ids,
                std::function<void(json_writer&)> body, rpc_done done) {
  std::vector<std::uint64_t> list(ids.begin(), ids.end());
  self->request(ctx->auth, ctx->settings.call_timeout, users_atom::value, list)
    .then(
      [=](const std::vector<user_info>& users) {
        json_writer w;
        w.begin_object();
        body(w);
        w.key("users").begin_array();
        for (auto& u : users)
          write_user(w, u);
        w.end_array().end_object();
        done(ok(w.take()));
      },
      [=](caf::error& err) { done(failure_outcome(err)); });
}

void collect(std::set<std::uint64_t>& ids, const message& m) {
  ids.insert(m.from_id);
  if (m.to.type == peer_type::user)
    ids.insert(m.to.id);
}

/// Resolves the caller's user actor, then runs `then` with it.
void with_own_actor(self_ptr self, const node_context_ptr& ctx, call_cache* cache,
                    std::uint64_t uid, std::function<void(caf::actor)> then, rpc_done done) {
  if (cache != nullptr && cache->me)
    return then(cache->me);
  self->request(ctx->directory, internal_call, user_atom::value, uid)
    .then(std::move(then), [=](caf::error& err) { done(failure_outcome(err)); });
}

/// Sends `req` to the caller's user actor; `on_result` gets its answer,
/// failures go to `done`.
template <class Request, class OnResult>
void ask_own_actor(self_ptr self, const node_context_ptr& ctx, call_cache* cache, std::uint64_t uid,
                   Request req, OnResult on_result, rpc_done done) {
  with_own_actor(
    self, ctx, cache, uid,
    [=](caf::actor me) {
      self->request(me, ctx->settings.call_timeout, req).then(on_result, [=](caf::error& err) {
        done(failure_outcome(err));
      });
    },
    done);
}

void write_messages(json_writer& w, std::string_view key, const std::vector<message>& msgs) {
  w.key(key).begin_array();
  for (auto& m : msgs)
    write_message(w, m);
  w.end_array();
}

/// Checks that `p` names an existing user the caller may talk to.
void check_peer(self_ptr self, const node_context_ptr& ctx, call_cache* cache, const peer& p,
                std::function<void()> then, rpc_done done) {
  if (p.type != peer_type::user || p.id == 0)
    return done(fail(errc::peer_id_invalid, "no such peer"));
  if (cache != nullptr && cache->peers.count(p.id) > 0)
    return then();
  self->request(ctx->auth, internal_call, users_atom::value, std::vector<std::uint64_t>{p.id})
    .then(
      [=](const std::vector<user_info>& users) {
        if (users.empty())
          return done(fail(errc::peer_id_invalid, "no such peer"));
        if (cache != nullptr) {
          if (cache->peers.size() >= 10000)
            cache->peers.clear();
          cache->peers.insert(p.id);
        }
        then();
      },
      [=](caf::error& err) { done(failure_outcome(err)); });
}

std::optional<rpc_outcome> check_ids(const rpc_params& p) {
  if (!p.ids)
    return missing("ids");
  if (p.ids->size() > limits::max_ids_per_request)
    return fail(errc::limit_invalid, "at most 200 ids per request");
  return std::nullopt;
}

/// Sends `req` to the shard ordering the dialog with `peer_id`.
void send_to_dialog(self_ptr self, const node_context_ptr& ctx, std::uint64_t sender,
                    std::uint64_t peer_id, send_request req, rpc_done done, call_cache* cache) {
  auto timeout = cache != nullptr && cache->watched ? caf::duration{internal_call}
                                                    : caf::duration{ctx->settings.call_timeout};
  self->request(dialog_shard_for(*ctx, sender, peer_id), timeout, std::move(req))
    .then(
      [=](const outbox_result& r) {
        json_writer w;
        w.begin_object().key("message");
        write_message(w, r.msg);
        w.field("pts", r.pts).field("pts_count", 1).end_object();
        done(ok(w.take()));
      },
      [=](caf::error& err) { done(failure_outcome(err)); });
}

void send_message(self_ptr self, const node_context_ptr& ctx, const caller& who, rpc_params& p,
                  const caf::actor& origin, rpc_done done, call_cache* cache) {
  if (!p.to)
    return done(missing("peer"));
  if (!p.message)
    return done(missing("message"));
  if (auto e = limits::check_message_text(*p.message); e != errc::none)
    return done(fail(e, e == errc::message_too_long ? "at most 4096 characters"
                        : e == errc::message_empty  ? "the message is empty"
                                                    : "the message is not valid UTF-8"));
  send_request req{
    who.user, *p.to, std::move(*p.message), p.random_id.value_or(0), p.reply_to.value_or(0),
    origin};
  auto to = *p.to;
  check_peer(
    self, ctx, cache, to,
    [=]() mutable { send_to_dialog(self, ctx, who.user, to.id, std::move(req), done, cache); },
    done);
}

void get_history(self_ptr self, const node_context_ptr& ctx, const caller& who, rpc_params& p,
                 rpc_done done, call_cache* cache) {
  if (!p.to)
    return done(missing("peer"));
  auto limit = p.limit.value_or(20);
  if (limit < 1 || limit > limits::max_history_limit)
    return done(fail(errc::limit_invalid, "limit must be 1-100"));
  auto add = p.add_offset.value_or(0);
  if (add < -limits::max_history_limit || add > 100000)
    return done(fail(errc::input_request_invalid, "add_offset out of range"));
  history_request req{
    history_query{*p.to, p.offset_id.value_or(0), add, static_cast<std::int32_t>(limit)}};
  check_peer(
    self, ctx, cache, *p.to,
    [=] {
      ask_own_actor(
        self, ctx, cache, who.user, req,
        [=](const std::vector<message>& msgs) {
          std::set<std::uint64_t> ids{who.user};
          for (auto& m : msgs)
            collect(ids, m);
          with_users(
            self, ctx, ids, [msgs](json_writer& w) { write_messages(w, "messages", msgs); }, done);
        },
        done);
    },
    done);
}

void get_dialogs(self_ptr self, const node_context_ptr& ctx, const caller& who, rpc_params& p,
                 rpc_done done, call_cache* cache) {
  auto limit = p.limit.value_or(100);
  if (limit < 1 || limit > limits::max_dialogs_limit)
    return done(fail(errc::limit_invalid, "limit must be 1-100"));
  dialogs_request req{p.offset_date.value_or(0), static_cast<std::int32_t>(limit)};
  ask_own_actor(
    self, ctx, cache, who.user, req,
    [=](const dialogs_result& r) {
      std::set<std::uint64_t> ids{who.user};
      for (auto& m : r.messages)
        collect(ids, m);
      with_users(
        self, ctx, ids,
        [r](json_writer& w) {
          w.key("dialogs").begin_array();
          for (auto& d : r.dialogs)
            write_dialog(w, d);
          w.end_array();
          write_messages(w, "messages", r.messages);
        },
        done);
    },
    done);
}

void get_difference(self_ptr self, const node_context_ptr& ctx, const caller& who, rpc_params& p,
                    rpc_done done, call_cache* cache) {
  if (!p.pts)
    return done(missing("pts"));
  auto limit = p.limit.value_or(100);
  if (limit < 1 || limit > limits::max_difference_limit)
    return done(fail(errc::limit_invalid, "limit must be 1-1000"));
  difference_request req{*p.pts, static_cast<std::int32_t>(limit)};
  ask_own_actor(
    self, ctx, cache, who.user, req,
    [=](const difference_result& r) {
      static constexpr const char* kinds[] = {"differenceEmpty", "difference", "differenceSlice",
                                              "differenceTooLong"};
      std::set<std::uint64_t> ids;
      for (auto& m : r.new_messages)
        collect(ids, m);
      auto now = ctx->now_s();
      with_users(
        self, ctx, ids,
        [r, now](json_writer& w) {
          w.field("_", kinds[std::clamp(r.kind, 0, 3)]);
          write_messages(w, "new_messages", r.new_messages);
          w.key("other_updates").begin_array();
          for (auto& u : r.other_updates)
            write_update(w, u);
          w.end_array().key("state");
          write_state(w, r.pts, now);
        },
        done);
    },
    done);
}

} // namespace

rpc_outcome failure_outcome(const caf::error& err) {
  rpc_outcome o;
  o.failure = to_failure(err);
  return o;
}

bool is_known_method(std::string_view method) {
  static const std::set<std::string_view> known = {"auth.signUp",
                                                   "auth.signIn",
                                                   "auth.logOut",
                                                   "auth.bindToken",
                                                   "users.getMe",
                                                   "users.getUsers",
                                                   "contacts.resolveUsername",
                                                   "messages.sendMessage",
                                                   "messages.getHistory",
                                                   "messages.getDialogs",
                                                   "updates.getState",
                                                   "updates.getDifference",
                                                   "account.updateStatus",
                                                   "users.getStatuses",
                                                   "messages.readHistory"};
  return known.count(method) > 0;
}

bool is_public_method(std::string_view method) {
  return method == "auth.signUp" || method == "auth.signIn" || method == "auth.bindToken";
}

void execute(caf::event_based_actor* self, const node_context_ptr& ctx, const caller& who,
             rpc_request req, const caf::actor& origin, rpc_done done, call_cache* cache) {
  ctx->stats.rpc_calls.fetch_add(1, std::memory_order_relaxed);
  auto& m = req.method;
  auto& p = req.params;
  auto on_error = [done](caf::error& err) {
    done(failure_outcome(err));
  };
  if (!is_known_method(m))
    return done(fail(errc::method_invalid, "unknown method: " + m.substr(0, 64)));
  if (!who.authenticated() && !is_public_method(m))
    return done(fail(errc::auth_key_unregistered, "sign in first"));
  if (m == "auth.signUp" || m == "auth.signIn") {
    if (!p.username)
      return done(missing("username"));
    if (!p.password)
      return done(missing("password"));
    auto reply = [done](const auth_result& r) {
      auto o = ok(render_auth(r));
      o.established = caller{r.user.id, r.auth_session};
      done(std::move(o));
    };
    if (m == "auth.signUp") {
      if (!p.first_name)
        return done(missing("first_name"));
      sign_up_request r{*p.username, *p.password, *p.first_name, p.last_name.value_or(""), ""};
      self->request(ctx->auth, std::chrono::seconds(60), std::move(r)).then(reply, on_error);
    } else {
      sign_in_request r{*p.username, *p.password, ""};
      self->request(ctx->auth, std::chrono::seconds(60), std::move(r)).then(reply, on_error);
    }
    return;
  }
  if (m == "auth.bindToken") {
    if (!p.token)
      return done(missing("token"));
    self->request(ctx->auth, ctx->settings.call_timeout, check_atom::value, *p.token, origin)
      .then(
        [=](const token_owner& owner) {
          self
            ->request(ctx->auth, ctx->settings.call_timeout, users_atom::value,
                      std::vector<std::uint64_t>{owner.user})
            .then(
              [=](const std::vector<user_info>& users) {
                if (users.empty())
                  return done(fail(errc::auth_key_unregistered, "the account is gone"));
                json_writer w;
                w.begin_object().key("user");
                write_user(w, users.front());
                w.end_object();
                auto o = ok(w.take());
                o.established = caller{owner.user, owner.auth_session};
                done(std::move(o));
              },
              on_error);
        },
        on_error);
    return;
  }
  if (m == "auth.logOut") {
    self->request(ctx->auth, ctx->settings.call_timeout, revoke_atom::value, who.auth_session)
      .then([=](bool) { done(ok("true")); }, on_error);
  } else if (m == "users.getMe" || m == "users.getUsers") {
    std::vector<std::uint64_t> ids{who.user};
    if (m == "users.getUsers") {
      if (auto bad = check_ids(p))
        return done(std::move(*bad));
      ids = *p.ids;
    }
    bool single = m == "users.getMe";
    self->request(ctx->auth, ctx->settings.call_timeout, users_atom::value, ids)
      .then(
        [=](const std::vector<user_info>& users) {
          json_writer w;
          if (single) {
            if (users.empty())
              return done(fail(errc::auth_key_unregistered, "the account is gone"));
            write_user(w, users.front());
          } else {
            w.begin_array();
            for (auto& u : users)
              write_user(w, u);
            w.end_array();
          }
          done(ok(w.take()));
        },
        on_error);
  } else if (m == "contacts.resolveUsername") {
    if (!p.username)
      return done(missing("username"));
    self->request(ctx->auth, ctx->settings.call_timeout, resolve_atom::value, *p.username)
      .then(
        [=](const user_info& u) {
          json_writer w;
          w.begin_object().key("peer");
          write_peer(w, peer{peer_type::user, u.id});
          w.key("users").begin_array();
          write_user(w, u);
          w.end_array().end_object();
          done(ok(w.take()));
        },
        on_error);
  } else if (m == "messages.sendMessage") {
    send_message(self, ctx, who, p, origin, std::move(done), cache);
  } else if (m == "messages.getHistory") {
    get_history(self, ctx, who, p, std::move(done), cache);
  } else if (m == "messages.getDialogs") {
    get_dialogs(self, ctx, who, p, std::move(done), cache);
  } else if (m == "updates.getState") {
    ask_own_actor(
      self, ctx, cache, who.user, state_atom::value,
      [=](std::uint64_t pts) {
        json_writer w;
        write_state(w, pts, ctx->now_s());
        done(ok(w.take()));
      },
      done);
  } else if (m == "messages.readHistory") {
    if (!p.to)
      return done(missing("peer"));
    read_request r{*p.to, p.max_id.value_or(0), origin};
    check_peer(
      self, ctx, cache, *p.to,
      [=] {
        ask_own_actor(
          self, ctx, cache, who.user, r,
          [=](const read_result& res) {
            json_writer w;
            w.begin_object().field("pts", res.pts).field("pts_count", res.pts_count).end_object();
            done(ok(w.take()));
          },
          done);
      },
      done);
  } else if (m == "updates.getDifference") {
    get_difference(self, ctx, who, p, std::move(done), cache);
  } else if (m == "account.updateStatus") {
    if (!p.offline)
      return done(missing("offline"));
    auto key = origin ? origin.id() : who.auth_session;
    if (*p.offline)
      self->send(ctx->status, offline_atom::value, who.user, key);
    else
      self->send(ctx->status, online_atom::value, who.user, key);
    done(ok("true"));
  } else if (m == "users.getStatuses") {
    if (auto bad = check_ids(p))
      return done(std::move(*bad));
    self->request(ctx->status, ctx->settings.call_timeout, statuses_atom::value, *p.ids)
      .then(
        [=](const std::vector<user_status>& sts) {
          json_writer w;
          w.begin_array();
          for (auto& s : sts) {
            w.begin_object().field("user_id", s.user).key("status");
            write_status(w, s);
            w.end_object();
          }
          w.end_array();
          done(ok(w.take()));
        },
        on_error);
  } else {
    done(fail(errc::method_invalid, "unknown method: " + m.substr(0, 64)));
  }
}

void execute_with_token(caf::event_based_actor* self, const node_context_ptr& ctx,
                        std::string token, rpc_request req, rpc_done done) {
  if (is_public_method(req.method) && req.method != "auth.bindToken")
    return execute(self, ctx, caller{}, std::move(req), caf::actor{}, std::move(done));
  if (token.empty()) {
    if (req.method == "auth.bindToken")
      return execute(self, ctx, caller{}, std::move(req), caf::actor{}, std::move(done));
    return done(fail(errc::auth_key_unregistered, "missing bearer token"));
  }
  self->request(ctx->auth, ctx->settings.call_timeout, check_atom::value, token, caf::actor{})
    .then(
      [=](const token_owner& owner) mutable {
        execute(self, ctx, caller{owner.user, owner.auth_session}, std::move(req), caf::actor{},
                done);
      },
      [=](caf::error& err) { done(failure_outcome(err)); });
}

} // namespace ag
