#include "actors/node/directory_actor.hpp"

#include <map>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "actors/cluster/routes.hpp"
#include "actors/dialog/chat_actor.hpp"
#include "actors/node/node_context.hpp"
#include "actors/protocol/atoms.hpp"
#include "actors/protocol/type_ids.hpp"
#include "actors/user/user_actor.hpp"
#include "actors/user/user_protocol.hpp"
#include "storage/box/outbox_repo.hpp"

namespace ag {

namespace {

struct directory_state {
  std::unordered_map<std::uint64_t, user_actor> users;
  std::unordered_map<std::uint64_t, chat_actor> chats;
  /// Handed out since the last tick or the one before: a caller may be about
  /// to use them, so they may not stop yet (two generations, so that a
  /// handle lent just before a tick is still covered after it).
  std::unordered_set<std::uint64_t> lent_users, lent_chats, lent_users_before, lent_chats_before;
  static inline const char* name = "directory";
};

/// With the idle tick it sends itself.
using directory_impl = directory_actor::extend<caf::reacts_to<tick_atom>>;

} // namespace

directory_actor spawn_directory(caf::actor_system& sys, node_context_ptr ctx) {
  return sys.spawn(
    [ctx](directory_impl::stateful_pointer<directory_state> self) -> directory_impl::behavior_type {
      // On shutdown, stop every actor we spawned, then ourselves.
      self->set_exit_handler([self](caf::exit_msg& em) {
        for (auto& [uid, a] : self->state.users)
          self->send_exit(a, em.reason);
        for (auto& [cid, a] : self->state.chats)
          self->send_exit(a, em.reason);
        self->quit(em.reason);
      });
      self->set_down_handler([self](caf::down_msg& dm) {
        auto forget = [&](auto& map) {
          for (auto i = map.begin(); i != map.end(); ++i)
            if (i->second.address() == dm.source) {
              map.erase(i);
              return true;
            }
          return false;
        };
        if (!forget(self->state.users))
          forget(self->state.chats);
      });
      auto user_of = [self, ctx](std::uint64_t uid) {
        self->state.lent_users.insert(uid);
        auto& users = self->state.users;
        auto i = users.find(uid);
        if (i != users.end())
          return i->second;
        auto a = spawn_user(self->system(), ctx, uid);
        self->monitor(a);
        users.emplace(uid, a);
        return a;
      };
      auto chat_of = [self, ctx](std::uint64_t cid) {
        self->state.lent_chats.insert(cid);
        auto& chats = self->state.chats;
        auto i = chats.find(cid);
        if (i != chats.end())
          return i->second;
        auto a = spawn_chat(self->system(), ctx, cid);
        self->monitor(a);
        chats.emplace(cid, a);
        return a;
      };
      // Forgets an actor that asked to stop, if it is still the registered one
      // and was not handed out since the last tick (whoever got it may be
      // about to send to it).
      auto release = [self](auto& map, const std::unordered_set<std::uint64_t>& lent,
                            const std::unordered_set<std::uint64_t>& lent_before,
                            std::uint64_t id) {
        auto i = map.find(id);
        if (i == map.end() || i->second.address() != self->current_sender() || lent.count(id) > 0
            || lent_before.count(id) > 0)
          return false;
        self->demonitor(i->second.address());
        map.erase(i);
        return true;
      };
      // The children's ticks and the relayed pushes go as anonymous sends
      // (nothing answers them; the order from one sender is kept all the
      // same). The tick is not in the children's public contract.
      // One timer for all: every idle_stop/2 each child checks whether it is idle.
      auto period = ctx->settings.actors.idle_stop() / 2;
      self->delayed_send(self, period, tick_atom_v);
      return {
        [=](tick_atom) {
          auto& st = self->state;
          st.lent_users_before = std::exchange(st.lent_users, {});
          st.lent_chats_before = std::exchange(st.lent_chats, {});
          for (auto& [uid, a] : self->state.users)
            caf::anon_send(caf::actor_cast<caf::actor>(a), tick_atom_v);
          for (auto& [cid, a] : self->state.chats)
            caf::anon_send(caf::actor_cast<caf::actor>(a), tick_atom_v);
          self->delayed_send(self, period, tick_atom_v);
        },
        // In a cluster, ids of shards other nodes own go to those nodes'
        // directories (the answer is a handle to the actor there); ids of a
        // down node's shards fail fast.
        [=](user_atom, user_id uid) -> caf::result<user_actor> {
          auto p = place_of(ctx->routes, uid.value);
          if (p.where == placement::kind::remote)
            return self->delegate(p.at->directory, user_atom_v, uid);
          if (p.where == placement::kind::unavailable)
            return unavailable_error(p);
          return user_of(uid.value);
        },
        [=](user_atom, user_id uid, session_push& push) {
          auto p = place_of(ctx->routes, uid.value);
          if (p.where == placement::kind::remote)
            return self->send(p.at->directory, user_atom_v, uid, std::move(push));
          auto& users = self->state.users;
          if (auto i = users.find(uid.value); i != users.end())
            caf::anon_send(i->second, std::move(push));
        },
        [=](user_atom, user_id uid, status_broadcast& b) {
          auto p = place_of(ctx->routes, uid.value);
          if (p.where == placement::kind::remote)
            return self->send(p.at->directory, user_atom_v, uid, std::move(b));
          auto& users = self->state.users;
          if (auto i = users.find(uid.value); i != users.end())
            caf::anon_send(i->second, std::move(b));
        },
        [=](user_atom, user_id uid, read_notice& n) {
          auto p = place_of(ctx->routes, uid.value);
          if (p.where == placement::kind::remote)
            return self->send(p.at->directory, user_atom_v, uid, std::move(n));
          if (p.where == placement::kind::local)
            caf::anon_send(user_of(uid.value), std::move(n));
        },
        [=](chat_atom, chat_id cid) -> caf::result<chat_actor> {
          auto p = place_of(ctx->routes, cid.value);
          if (p.where == placement::kind::remote)
            return self->delegate(p.at->directory, chat_atom_v, cid);
          if (p.where == placement::kind::unavailable)
            return unavailable_error(p);
          return chat_of(cid.value);
        },
        [=](idle_atom, user_atom, user_id uid) {
          auto& st = self->state;
          return release(st.users, st.lent_users, st.lent_users_before, uid.value);
        },
        [=](settle_atom, const pending_delivery& p, const std::vector<std::uint64_t>& owed) {
          write_batch b;
          outbox_repo::settle(b, p, owed);
          // Nothing waits on it: if it fails, the record stays and is replayed.
          ctx->writer.submit(std::move(b), [](const caf::error&) {});
        },
        [=](moving_atom, const std::vector<std::uint32_t>& shards) {
          std::vector<bool> moving(cluster::shard_count, false);
          for (auto s : shards)
            moving[s % cluster::shard_count] = true;
          auto stop = [&](auto& map) {
            for (auto i = map.begin(); i != map.end();)
              if (moving[cluster::shard_of(i->first)]) {
                self->demonitor(i->second.address());
                self->send_exit(i->second, caf::exit_reason::user_shutdown);
                i = map.erase(i);
              } else {
                ++i;
              }
          };
          stop(self->state.users);
          stop(self->state.chats);
        },
        [=](idle_atom, chat_atom, chat_id cid) {
          auto& st = self->state;
          return release(st.chats, st.lent_chats, st.lent_chats_before, cid.value);
        },
      };
    });
}

} // namespace ag
