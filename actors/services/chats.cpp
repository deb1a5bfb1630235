// The group chat methods (docs/api.md, "Chats").
#include <algorithm>

#include "actors/protocol/type_ids.hpp"
#include "actors/services/detail/api_detail.hpp"
#include "core/rules/chat_rules.hpp"
#include "core/shapes.hpp"

namespace ag::api_detail {

namespace {

std::optional<rpc_outcome> check_title(const std::optional<std::string>& title) {
  if (!title)
    return missing("title");
  if (auto e = chat_rules::check_title(*title); e != errc::none)
    return refuse(e);
  return std::nullopt;
}

/// Sends `change` to the chat's actor and renders its service message.
void change_chat(self_ptr self, const node_context_ptr& ctx, call_cache* cache, const caller& who,
                 std::uint64_t cid, chat_change change, rpc_done done) {
  auto timeout = dialog_timeout(ctx, cache);
  with_dialog(
    self, ctx, who.user, peer{peer_type::chat, cid},
    [=](caf::actor chat) {
      self->request(chat, timeout, change)
        .then(
          [=](const outbox_result& r) {
            if (r.msg.id == 0)
              return done(ok("true"));
            refs rs;
            collect(rs, r.msg);
            with_refs(
              self, ctx, who.user, rs,
              [r](json_writer& w) {
                w.key("message");
                write_message(w, r.msg);
                w.field("pts", r.pts).field("pts_count", 1);
              },
              done);
          },
          [=](caf::error& err) { done(failure_outcome(err)); });
    },
    done);
}

/// The member change methods: chat_id and user_id, then `change`.
void member_change(self_ptr self, const node_context_ptr& ctx, call_cache* cache, const caller& who,
                   rpc_params& p, const caf::actor& origin, chat_change change, rpc_done done) {
  if (!p.chat_id)
    return done(missing("chat_id"));
  if (!p.user_id)
    return done(missing("user_id"));
  change.actor = who.user;
  change.user = *p.user_id;
  change.origin = origin;
  auto cid = *p.chat_id;
  check_users(
    self, ctx, {change.user}, [=] { change_chat(self, ctx, cache, who, cid, change, done); }, done);
}

chat_change change_of(chat_change_kind kind) {
  chat_change c;
  c.kind = kind;
  return c;
}

} // namespace

AG_API_METHOD(create_chat_method) {
  if (auto bad = check_title(p.title))
    return done(std::move(*bad));
  if (!p.user_ids)
    return done(missing("user_ids"));
  auto users = *p.user_ids;
  std::set<std::uint64_t> unique(users.begin(), users.end());
  if (unique.size() != users.size())
    return done(fail(errc::input_request_invalid, "user_ids has duplicates"));
  unique.erase(who.user);
  if (unique.size() + 1 > ctx->settings.chat_member_limit)
    return done(fail(errc::users_too_much, "more members than the chat limit"));
  std::vector<std::uint64_t> members(unique.begin(), unique.end());
  create_chat req{who.user, *p.title, members, origin};
  check_users(
    self, ctx, members,
    [=] {
      self->request(ctx->idgen, internal_call, sequence_atom_v, std::string{"chat"})
        .then(
          [=](std::uint64_t cid) {
            self->request(ctx->directory, internal_call, chat_atom_v, cid)
              .then(
                [=](caf::actor chat) {
                  self->request(chat, dialog_timeout(ctx, cache), req)
                    .then(
                      [=](const chat_created& c) {
                        refs rs;
                        collect(rs, c.service.msg);
                        with_refs(
                          self, ctx, who.user, rs,
                          [c](json_writer& w) {
                            w.key("chat");
                            write_chat(w, c.info, c.service.msg.action.users.size(), false);
                            w.key("message");
                            write_message(w, c.service.msg);
                            w.field("pts", c.service.pts).field("pts_count", 1);
                          },
                          done);
                      },
                      [=](caf::error& err) { done(failure_outcome(err)); });
                },
                [=](caf::error& err) { done(failure_outcome(err)); });
          },
          [=](caf::error& err) { done(failure_outcome(err)); });
    },
    done);
}

AG_API_METHOD(add_chat_user) {
  member_change(self, ctx, cache, who, p, origin, change_of(chat_change_kind::add), done);
}

AG_API_METHOD(delete_chat_user) {
  member_change(self, ctx, cache, who, p, origin, change_of(chat_change_kind::remove), done);
}

AG_API_METHOD(edit_chat_admin) {
  if (!p.is_admin)
    return done(missing("is_admin"));
  auto c = change_of(chat_change_kind::admin);
  c.flag = *p.is_admin;
  member_change(self, ctx, cache, who, p, origin, c, done);
}

AG_API_METHOD(edit_chat_title) {
  if (!p.chat_id)
    return done(missing("chat_id"));
  if (auto bad = check_title(p.title))
    return done(std::move(*bad));
  auto c = change_of(chat_change_kind::title);
  c.actor = who.user;
  c.title = *p.title;
  c.origin = origin;
  change_chat(self, ctx, cache, who, *p.chat_id, c, done);
}

AG_API_METHOD(get_chats) {
  if (auto bad = check_ids(p))
    return done(std::move(*bad));
  with_chat_views(
    self, ctx, who.user, *p.ids,
    [=](std::vector<chat_view> views) {
      json_writer w;
      w.begin_object().key("chats").begin_array();
      for (auto& v : views)
        write_chat_view(w, v);
      w.end_array().end_object();
      done(ok(w.take()));
    },
    done);
}

AG_API_METHOD(get_full_chat) {
  if (!p.chat_id)
    return done(missing("chat_id"));
  with_chat_views(
    self, ctx, who.user, {*p.chat_id},
    [=](std::vector<chat_view> views) {
      if (views.empty() || views.front().standing != 1)
        return done(fail(errc::chat_id_invalid, "no such chat"));
      auto v = views.front();
      refs rs;
      for (auto& m : v.members)
        rs.users.insert(m.user);
      with_refs(
        self, ctx, who.user, rs,
        [v](json_writer& w) {
          w.key("full_chat").begin_object().key("chat");
          write_chat_view(w, v);
          w.key("participants").begin_array();
          for (auto& m : v.members)
            write_chat_member(w, m);
          w.end_array().end_object();
        },
        done);
    },
    done);
}

} // namespace ag::api_detail
