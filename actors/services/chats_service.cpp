#include "actors/services/chats_service.hpp"

#include <set>

#include "actors/protocol/type_ids.hpp"
#include "actors/services/detail/lookups.hpp"
#include "actors/services/refs.hpp"
#include "core/rules/chat_rules.hpp"

namespace ag::chats_service {

using namespace services_detail;

namespace {

/// Sends `change` to the chat's actor and answers its service message.
void change_chat(const call_env& env, chat_id cid, chat_change change, reply<chat_changed> done) {
  ask_chat(
    env, cid, change,
    [=](const outbox_result& r) {
      if (r.msg.id == 0)
        return done(chat_changed{});
      ref_ids ids;
      ids.add(r.msg);
      load_refs(env, ids, [=](caf::expected<named_refs> refs) {
        if (!refs)
          return done(refs.error());
        done(chat_changed{sent_message{r.msg, r.pts}, std::move(*refs)});
      });
    },
    failure_to(done));
}

void member_change(const call_env& env, chat_id cid, chat_change change, reply<chat_changed> done) {
  if (auto err = over_limit(env))
    return done(std::move(err));
  change.actor = env.who.user;
  change.origin = env.origin;
  check_users(
    env, {change.user}, [=] { change_chat(env, cid, change, done); }, failure_to(done));
}

chat_change change_of(chat_change_kind kind, user_id user = {}) {
  chat_change c;
  c.kind = kind;
  c.user = user;
  return c;
}

} // namespace

void create_chat(const call_env& env, create_args a, reply<chat_started> done) {
  if (auto e = chat_rules::check_title(a.title); e != errc::none)
    return done(refusal(e));
  if (!a.user_ids)
    return done(make_error(errc::input_request_invalid, "missing parameter: user_ids"));
  std::set<user_id> unique(a.user_ids->begin(), a.user_ids->end());
  if (unique.size() != a.user_ids->size())
    return done(make_error(errc::input_request_invalid, "user_ids has duplicates"));
  unique.erase(env.who.user);
  auto ctx = env.ctx;
  if (unique.size() + 1 > ctx->settings.limits.chat_members)
    return done(make_error(errc::users_too_much, "more members than the chat limit"));
  if (auto err = over_limit(env))
    return done(std::move(err));
  std::vector<user_id> members(unique.begin(), unique.end());
  ag::create_chat req{env.who.user, a.title, members, env.origin};
  auto self = env.self;
  auto fail = [=](caf::error& err) {
    done(std::move(err));
  };
  check_users(
    env, members,
    [=] {
      self->request(ctx->idgen, internal_call, sequence_atom_v, std::string{"chat"})
        .then(
          [=](std::uint64_t cid) {
            self->request(ctx->directory, internal_call, chat_atom_v, chat_id{cid})
              .then(
                [=](chat_actor chat) {
                  self->request(chat, dialog_timeout(env), req)
                    .then(
                      [=](const chat_created& c) {
                        ref_ids ids;
                        ids.add(c.service.msg);
                        load_refs(env, ids, [=](caf::expected<named_refs> refs) {
                          if (!refs)
                            return done(refs.error());
                          done(chat_started{c.info, c.service.msg.action.users.size(),
                                            sent_message{c.service.msg, c.service.pts},
                                            std::move(*refs)});
                        });
                      },
                      fail);
                },
                fail);
          },
          fail);
    },
    failure_to(done));
}

void add_user(const call_env& env, member_args a, reply<chat_changed> done) {
  member_change(env, a.chat_id, change_of(chat_change_kind::add, a.user_id), std::move(done));
}

void delete_user(const call_env& env, member_args a, reply<chat_changed> done) {
  member_change(env, a.chat_id, change_of(chat_change_kind::remove, a.user_id), std::move(done));
}

void edit_admin(const call_env& env, admin_args a, reply<chat_changed> done) {
  auto c = change_of(chat_change_kind::admin, a.user_id);
  c.flag = a.is_admin;
  member_change(env, a.chat_id, c, std::move(done));
}

void edit_title(const call_env& env, title_args a, reply<chat_changed> done) {
  if (auto e = chat_rules::check_title(a.title); e != errc::none)
    return done(refusal(e));
  if (auto err = over_limit(env))
    return done(std::move(err));
  auto c = change_of(chat_change_kind::title);
  c.actor = env.who.user;
  c.title = std::move(a.title);
  c.origin = env.origin;
  change_chat(env, a.chat_id, c, std::move(done));
}

void get_chats(const call_env& env, std::vector<chat_id> ids, reply<std::vector<chat_view>> done) {
  if (auto err = check_ids(ids))
    return done(std::move(err));
  load_chat_views(env, std::move(ids), std::move(done));
}

void get_full_chat(const call_env& env, chat_id chat, reply<full_chat> done) {
  load_chat_views(env, {chat}, [=](caf::expected<std::vector<chat_view>> views) {
    if (!views)
      return done(views.error());
    if (views->empty() || views->front().standing != 1)
      return done(make_error(errc::chat_id_invalid, "no such chat"));
    auto v = views->front();
    ref_ids ids;
    for (auto& m : v.members)
      ids.users.insert(m.user);
    load_refs(env, ids, [=](caf::expected<named_refs> refs) {
      if (!refs)
        return done(refs.error());
      done(full_chat{v, std::move(*refs)});
    });
  });
}

} // namespace ag::chats_service
