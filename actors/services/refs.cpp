#include "actors/services/refs.hpp"

#include "actors/auth/auth_protocol.hpp"
#include "actors/protocol/type_ids.hpp"

namespace ag {

void ref_ids::add(const message& m) {
  users.insert(m.from_id);
  if (m.to.type == peer_type::user)
    users.insert(m.to.id);
  else
    chats.insert(m.to.id);
  if (m.fwd_from_id != 0)
    users.insert(m.fwd_from_id);
  for (auto u : m.action.users)
    users.insert(u);
}

void load_chat_views(const call_env& env, std::vector<chat_id> chats,
                     reply<std::vector<chat_view>> done) {
  if (chats.empty())
    return done(std::vector<chat_view>{});
  struct gather {
    std::vector<chat_view> views;
    std::size_t left = 0;
    bool failed = false;
  };
  auto g = std::make_shared<gather>();
  g->left = chats.size();
  auto one_done = [=] {
    if (--g->left == 0 && !g->failed)
      done(std::move(g->views));
  };
  auto on_error = [=](caf::error& err) {
    if (!g->failed) {
      g->failed = true;
      done(std::move(err));
    }
  };
  auto self = env.self;
  auto ctx = env.ctx;
  auto viewer = env.who.user;
  for (auto cid : chats)
    self->request(ctx->directory, internal_call, chat_atom_v, cid)
      .then(
        [=](chat_actor chat) {
          self->request(chat, ctx->settings.actors.call_timeout(), view_atom_v, viewer)
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

void load_refs(const call_env& env, const ref_ids& ids, reply<named_refs> done) {
  auto chats = wrap_ids<chat_id>(ids.chats);
  auto users = wrap_ids<user_id>(ids.users);
  auto self = env.self;
  auto ctx = env.ctx;
  load_chat_views(env, chats, [=](caf::expected<std::vector<chat_view>> views) mutable {
    if (!views)
      return done(views.error());
    self->request(ctx->auth, ctx->settings.actors.call_timeout(), users_atom_v, users)
      .then(
        [=](std::vector<user_info>& found) mutable {
          done(named_refs{std::move(*views), std::move(found)});
        },
        [=](caf::error& err) { done(std::move(err)); });
  });
}

} // namespace ag
