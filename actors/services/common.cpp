// Helpers shared by the API methods (see api_detail.hpp).
#include "actors/dialog/dialog_shard.hpp"
#include "actors/protocol/type_ids.hpp"
#include "actors/services/detail/api_detail.hpp"
#include "core/rules/limits.hpp"
#include "core/shapes.hpp"

namespace ag::api_detail {

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

std::function<void(caf::error&)> failed(rpc_done done) {
  return [done](caf::error& err) {
    done(failure_outcome(err));
  };
}

rpc_outcome missing(std::string_view param) {
  return fail(errc::input_request_invalid, "missing parameter: " + std::string{param});
}

rpc_outcome refuse(errc code) {
  switch (code) {
  case errc::message_too_long:
    return fail(code, "at most 4096 characters");
  case errc::message_empty:
    return fail(code, "the message is empty");
  case errc::chat_title_invalid:
    return fail(code, "the title must be 1-128 characters of valid UTF-8");
  default:
    return fail(code, "the text is not valid UTF-8");
  }
}

void write_chat_view(json_writer& w, const chat_view& v) {
  write_chat(w, v.info, v.members.size(), v.standing != 1);
}

void with_chat_views(self_ptr self, const node_context_ptr& ctx, std::uint64_t viewer,
                     std::vector<std::uint64_t> chats,
                     std::function<void(std::vector<chat_view>)> then, rpc_done done) {
  if (chats.empty())
    return then({});
  struct gather {
    std::vector<chat_view> views;
    std::size_t left = 0;
    bool failed = false;
  };
  auto g = std::make_shared<gather>();
  g->left = chats.size();
  auto one_done = [=] {
    if (--g->left == 0 && !g->failed)
      then(std::move(g->views));
  };
  auto on_error = [=](caf::error& err) {
    if (!g->failed) {
      g->failed = true;
      done(failure_outcome(err));
    }
  };
  for (auto cid : chats)
    self->request(ctx->directory, internal_call, chat_atom_v, cid)
      .then(
        [=](caf::actor chat) {
          self->request(chat, ctx->settings.call_timeout, view_atom_v, viewer)
            .then(
              [=](chat_view& v) {
                if (v.standing != 0)
                  g->views.push_back(std::move(v));
                one_done();
              },
              on_error);
        },
        on_error);
}

void with_refs(self_ptr self, const node_context_ptr& ctx, std::uint64_t viewer, refs r,
               std::function<void(json_writer&)> body, rpc_done done) {
  std::vector<std::uint64_t> chats(r.chats.begin(), r.chats.end());
  std::vector<std::uint64_t> list(r.users.begin(), r.users.end());
  with_chat_views(
    self, ctx, viewer, chats,
    [=](std::vector<chat_view> views) {
      self->request(ctx->auth, ctx->settings.call_timeout, users_atom_v, list)
        .then(
          [=](const std::vector<user_info>& users) {
            json_writer w;
            w.begin_object();
            body(w);
            w.key("chats").begin_array();
            for (auto& v : views)
              write_chat_view(w, v);
            w.end_array();
            w.key("users").begin_array();
            for (auto& u : users)
              write_user(w, u);
            w.end_array().end_object();
            done(ok(w.take()));
          },
          [=](caf::error& err) { done(failure_outcome(err)); });
    },
    done);
}

void collect(refs& r, const message& m) {
  r.users.insert(m.from_id);
  if (m.to.type == peer_type::user)
    r.users.insert(m.to.id);
  else
    r.chats.insert(m.to.id);
  if (m.fwd_from_id != 0)
    r.users.insert(m.fwd_from_id);
  for (auto u : m.action.users)
    r.users.insert(u);
}

void write_messages(json_writer& w, std::string_view key, const std::vector<message>& msgs) {
  w.key(key).begin_array();
  for (auto& m : msgs)
    write_message(w, m);
  w.end_array();
}

std::string render_affected(const affected_messages& a) {
  json_writer w;
  w.begin_object().field("pts", a.pts).field("pts_count", a.pts_count).end_object();
  return w.take();
}

std::string render_sent(const outbox_result& r) {
  json_writer w;
  w.begin_object().key("message");
  write_message(w, r.msg);
  w.field("pts", r.pts).field("pts_count", 1).end_object();
  return w.take();
}

void with_own_actor(self_ptr self, const node_context_ptr& ctx, call_cache* cache,
                    std::uint64_t uid, std::function<void(caf::actor)> then, rpc_done done) {
  if (cache != nullptr && cache->me)
    return then(cache->me);
  self->request(ctx->directory, internal_call, user_atom_v, uid)
    .then(std::move(then), [=](caf::error& err) { done(failure_outcome(err)); });
}

void check_peer(self_ptr self, const node_context_ptr& ctx, call_cache* cache, const peer& p,
                std::function<void()> then, rpc_done done, bool writing) {
  if (p.id == 0)
    return done(fail(errc::peer_id_invalid, "no such peer"));
  if (p.type == peer_type::chat || (cache != nullptr && cache->peers.count(p.id) > 0))
    return then();
  self->request(ctx->auth, internal_call, users_atom_v, std::vector<std::uint64_t>{p.id})
    .then(
      [=](const std::vector<user_info>& users) {
        if (users.empty())
          return done(fail(errc::peer_id_invalid, "no such peer"));
        if (writing && users.front().deleted)
          return done(fail(errc::input_user_deactivated, "that user deleted their account"));
        if (cache != nullptr && writing) {
          if (cache->peers.size() >= 10000)
            cache->peers.clear();
          cache->peers.insert(p.id);
        }
        then();
      },
      [=](caf::error& err) { done(failure_outcome(err)); });
}

void check_users(self_ptr self, const node_context_ptr& ctx, std::vector<std::uint64_t> ids,
                 std::function<void()> then, rpc_done done) {
  auto want = ids.size();
  self->request(ctx->auth, internal_call, users_atom_v, std::move(ids))
    .then(
      [=](const std::vector<user_info>& users) {
        if (users.size() != want)
          return done(fail(errc::user_id_invalid, "no such user"));
        for (auto& u : users)
          if (u.deleted)
            return done(fail(errc::input_user_deactivated, "a user deleted their account"));
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

void with_dialog(self_ptr self, const node_context_ptr& ctx, std::uint64_t who, const peer& to,
                 std::function<void(caf::actor)> then, rpc_done done) {
  if (to.type == peer_type::user)
    return then(dialog_shard_for(*ctx, who, to.id));
  self->request(ctx->directory, internal_call, chat_atom_v, to.id)
    .then(std::move(then), [=](caf::error& err) { done(failure_outcome(err)); });
}

caf::duration dialog_timeout(const node_context_ptr& ctx, call_cache* cache) {
  return cache != nullptr && cache->watched ? caf::duration{internal_call}
                                            : caf::duration{ctx->settings.call_timeout};
}

} // namespace ag::api_detail
