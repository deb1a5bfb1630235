#include "actors/node/status_actor.hpp"

#include "actors/node/node_context.hpp"

#include <map>
#include <unordered_map>

#include "actors/cluster/routes.hpp"

#include "actors/protocol/atoms.hpp"
#include "actors/protocol/type_ids.hpp"
#include "actors/user/user_protocol.hpp"

namespace ag {

namespace {

struct presence {
  std::unordered_map<std::uint64_t, std::int64_t> sessions; // key -> expires (ms)
  std::int64_t last_seen = 0;                               // Unix seconds
};

struct status_state {
  std::unordered_map<std::uint64_t, presence> users;
  static inline const char* name = "status";
};

/// With its expiry tick, which is no one else's business.
using status_impl = status_actor::extend<caf::reacts_to<tick_atom>>;
using self_ptr = status_impl::stateful_pointer<status_state>;

user_status describe(std::uint64_t uid, const presence& p) {
  user_status s;
  s.user = uid;
  s.last_seen = p.last_seen;
  for (auto& [key, expires] : p.sessions)
    s.expires = std::max(s.expires, expires / 1000);
  s.online = !p.sessions.empty();
  return s;
}

void broadcast(self_ptr self, node_context& ctx, std::uint64_t uid, const presence& p) {
  self->send(ctx.directory, user_atom_v, user_id{uid}, status_broadcast{describe(uid, p)});
}

/// statuses_atom for users of several nodes: each asked where it lives
/// (a node that is down: its users show offline), in the order asked.
caf::result<std::vector<user_status>> gather(self_ptr self, const node_context_ptr& ctx,
                                             const std::vector<std::uint64_t>& ids) {
  auto out = std::make_shared<std::vector<user_status>>();
  std::map<cluster::node_number, std::pair<status_actor, std::vector<std::uint64_t>>> remote;
  for (auto id : ids) {
    out->push_back(user_status{id, false, 0, 0});
    auto p = place_of(ctx->routes, id);
    if (p.where == placement::kind::remote) {
      auto& slot = remote[p.owner];
      slot.first = p.at->status;
      slot.second.push_back(id);
    } else if (p.where == placement::kind::local) {
      auto i = self->state.users.find(id);
      if (i != self->state.users.end())
        out->back() = describe(id, i->second);
    }
  }
  if (remote.empty())
    return std::move(*out);
  auto rp = self->make_response_promise<std::vector<user_status>>();
  auto left = std::make_shared<std::size_t>(remote.size());
  auto fill = [out](const std::vector<user_status>& got) {
    for (auto& st : got)
      for (auto& mine : *out)
        if (mine.user == st.user)
          mine = st;
  };
  for (auto& [node, ask] : remote)
    self->request(ask.first, std::chrono::seconds{2}, statuses_atom_v, ask.second)
      .then(
        [=](std::vector<user_status>& got) mutable {
          fill(got);
          if (--*left == 0)
            rp.deliver(std::move(*out));
        },
        [=](caf::error&) mutable {
          if (--*left == 0)
            rp.deliver(std::move(*out));
        });
  return rp;
}

} // namespace

status_actor spawn_status(caf::actor_system& sys, node_context_ptr ctx) {
  return sys.spawn([ctx](self_ptr self) -> status_impl::behavior_type {
    auto ttl_ms = std::chrono::milliseconds{ctx->settings.status.ttl()}.count();
    self->delayed_send(self, std::chrono::seconds(1), tick_atom_v);
    return {
      [=](online_atom, std::uint64_t uid, std::uint64_t key) {
        if (auto at = place_of(ctx->routes, uid); at.where != placement::kind::local) {
          if (at.where == placement::kind::remote)
            self->send(at.at->status, online_atom_v, uid, key);
          return;
        }
        auto& p = self->state.users[uid];
        bool was_online = !p.sessions.empty();
        p.sessions[key] = ctx->now_ms() + ttl_ms;
        if (!was_online) {
          ctx->stats.users_online.fetch_add(1);
          broadcast(self, *ctx, uid, p);
        }
      },
      [=](offline_atom, std::uint64_t uid, std::uint64_t key) {
        if (auto at = place_of(ctx->routes, uid); at.where != placement::kind::local) {
          if (at.where == placement::kind::remote)
            self->send(at.at->status, offline_atom_v, uid, key);
          return;
        }
        auto i = self->state.users.find(uid);
        if (i == self->state.users.end() || i->second.sessions.erase(key) == 0)
          return;
        if (i->second.sessions.empty()) {
          ctx->stats.users_online.fetch_sub(1);
          i->second.last_seen = ctx->now_s();
          broadcast(self, *ctx, uid, i->second);
        }
      },
      [=](statuses_atom, const std::vector<std::uint64_t>& ids) { return gather(self, ctx, ids); },
      [=](tick_atom) {
        auto now = ctx->now_ms();
        for (auto& [uid, p] : self->state.users) {
          if (p.sessions.empty())
            continue;
          for (auto i = p.sessions.begin(); i != p.sessions.end();)
            i = i->second <= now ? p.sessions.erase(i) : std::next(i);
          if (p.sessions.empty()) {
            ctx->stats.users_online.fetch_sub(1);
            p.last_seen = now / 1000;
            broadcast(self, *ctx, uid, p);
          }
        }
        self->delayed_send(self, std::chrono::seconds(1), tick_atom_v);
      },
    };
  });
}

} // namespace ag
