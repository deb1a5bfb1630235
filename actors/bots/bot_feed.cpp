#include "actors/bots/bot_feed.hpp"

#include <caf/stateful_actor.hpp>
#include <optional>
#include <unordered_map>

#include "actors/node/node_context.hpp"
#include "actors/protocol/type_ids.hpp"
#include "core/error.hpp"
#include "core/rules/bot_updates.hpp"

namespace ag {

namespace {

/// The poll being answered: reading the log, or parked until an update.
struct active_poll {
  std::uint64_t serial = 0;
  bot_poll poll;
  caf::typed_response_promise<bot_batch> rp;
  std::uint64_t after = 0; ///< the log is read up to here
  bool reading = false;
};

/// A feed with no poll for this long stops (and lets the bot's user actor
/// go idle); checked this often.
constexpr auto feed_idle = std::chrono::minutes(10);
constexpr auto feed_idle_check = std::chrono::minutes(1);

struct feed_state {
  user_id bot{};
  std::int64_t last_poll_ms = 0;
  user_actor user; ///< the bot's user actor, once subscribed
  bool subscribing = false;
  std::uint64_t latest = 0; ///< the newest pts the user actor told of
  std::uint64_t serial = 0; ///< of the newest poll
  std::optional<active_poll> active;
  static inline const char* name = "bot_feed";
};

using feed_ptr = bot_feed_actor::stateful_pointer<feed_state>;

void read(feed_ptr self, const node_context_ptr& ctx);

/// Answers the active poll (if it is still `serial`) and forgets it.
void answer(feed_ptr self, std::uint64_t serial, caf::expected<bot_batch> batch) {
  auto& a = self->state.active;
  if (!a || a->serial != serial)
    return;
  if (batch)
    a->rp.deliver(std::move(*batch));
  else
    a->rp.deliver(batch.error());
  a.reset();
}

/// Subscribes to the bot's user actor (as a session does), then reads.
void subscribe(feed_ptr self, const node_context_ptr& ctx) {
  auto& st = self->state;
  if (st.subscribing)
    return;
  st.subscribing = true;
  auto timeout = ctx->settings.actors.call_timeout();
  auto fail = [self](caf::error& err) {
    self->state.subscribing = false;
    if (self->state.active)
      answer(self, self->state.active->serial, std::move(err));
  };
  self->request(ctx->directory, timeout, user_atom_v, st.bot)
    .then(
      [=](user_actor user) {
        self->request(user, timeout, subscribe_atom_v, caf::actor_cast<caf::actor>(self))
          .then(
            [=](std::uint64_t pts) {
              auto& s = self->state;
              s.subscribing = false;
              s.user = user;
              s.latest = std::max(s.latest, pts);
              self->monitor(user);
              read(self, ctx);
            },
            fail);
      },
      fail);
}

/// Reads the log for the active poll: confirms its offset (first read
/// only), then answers what it finds, or parks the poll.
void read(feed_ptr self, const node_context_ptr& ctx) {
  auto& st = self->state;
  if (!st.active || st.active->reading)
    return;
  if (!st.user)
    return subscribe(self, ctx);
  auto& a = *st.active;
  a.reading = true;
  bot_log_request r;
  if (a.poll.offset > 0)
    r.confirm = bot_updates::confirmed_by(a.poll.offset);
  else if (a.poll.offset < 0)
    r.keep_last = 0 - static_cast<std::uint64_t>(a.poll.offset);
  a.poll.offset = 0; // confirmed once
  r.after = a.after;
  r.limit = a.poll.limit;
  r.since = ctx->now_s() - bot_updates::ttl_s;
  auto serial = a.serial;
  self->request(st.user, ctx->settings.actors.call_timeout(), r)
    .then(
      [=](bot_log_result& res) {
        auto& act = self->state.active;
        if (!act || act->serial != serial)
          return; // answered meanwhile (a newer poll, the timeout)
        act->reading = false;
        act->after = std::max(act->after, res.scanned);
        if (!res.updates.empty())
          return answer(self, serial, bot_batch{std::move(res.updates)});
        // The read stopped at its budget: on from there.
        if (res.scanned < res.top)
          return read(self, ctx);
        if (act->poll.timeout_s == 0)
          return answer(self, serial, bot_batch{});
        // Parked. Something committed while we read: read on.
        if (self->state.latest > act->after)
          read(self, ctx);
      },
      [=](caf::error& err) { answer(self, serial, std::move(err)); });
}

bot_feed_actor::behavior_type run_feed(feed_ptr self, node_context_ptr ctx, user_id bot) {
  self->state.bot = bot;
  self->state.last_poll_ms = ctx->now_ms();
  self->delayed_send(self, feed_idle_check, tick_atom_v, std::uint64_t{0});
  // Stopping (the hub stops, with the node): the poll waiting here is
  // answered now rather than left to its caller's timeout.
  self->set_exit_handler([self](caf::exit_msg& em) {
    if (auto& a = self->state.active)
      answer(self, a->serial, make_error(errc::unavailable, "the node is stopping", 1));
    self->quit(em.reason);
  });
  self->set_down_handler([=](caf::down_msg& dm) {
    auto& st = self->state;
    if (st.user && dm.source == st.user.address()) {
      // Its user actor stopped (idle, moved, a storage error): a parked
      // poll subscribes again.
      st.user = user_actor{};
      if (st.active && !st.active->reading)
        subscribe(self, ctx);
    }
  });
  return {
    [=](bot_poll& p) -> caf::result<bot_batch> {
      auto& st = self->state;
      if (st.active) {
        st.active->rp.deliver(make_error(errc::bot_conflict,
                                         "terminated by other getUpdates request; make sure that "
                                         "only one bot instance is running"));
        st.active.reset();
      }
      st.last_poll_ms = ctx->now_ms();
      auto serial = ++st.serial;
      st.active = active_poll{serial, p, self->make_response_promise<bot_batch>(), 0, false};
      auto rp = st.active->rp;
      if (p.timeout_s > 0)
        self->delayed_send(self, std::chrono::seconds(p.timeout_s), tick_atom_v, serial);
      read(self, ctx);
      return rp;
    },
    [=](session_push& p) {
      auto& st = self->state;
      st.latest = std::max(st.latest, p.pts);
      if (st.active && !st.active->reading && st.latest > st.active->after)
        read(self, ctx);
    },
    [=](tick_atom, std::uint64_t serial) {
      if (serial != 0)
        return answer(self, serial, bot_batch{});
      // The idle check (serial 0 is no poll's).
      auto& st = self->state;
      auto idle_ms = std::chrono::duration_cast<std::chrono::milliseconds>(feed_idle).count();
      if (!st.active && ctx->now_ms() - st.last_poll_ms > idle_ms) {
        if (st.user)
          self->send(st.user, unsub_atom_v, caf::actor_cast<caf::actor>(self));
        return self->quit();
      }
      self->delayed_send(self, feed_idle_check, tick_atom_v, std::uint64_t{0});
    },
  };
}

struct hub_state {
  std::unordered_map<std::uint64_t, bot_feed_actor> feeds;
  static inline const char* name = "bot_hub";
};

} // namespace

bot_hub_actor spawn_bot_hub(caf::actor_system& sys, node_context_ptr ctx) {
  return sys.spawn(
    [ctx](bot_hub_actor::stateful_pointer<hub_state> self) -> bot_hub_actor::behavior_type {
      // Feeds are monitored, not linked: one that fails takes only itself.
      self->set_down_handler([self](caf::down_msg& dm) {
        auto& feeds = self->state.feeds;
        for (auto i = feeds.begin(); i != feeds.end(); ++i)
          if (i->second.address() == dm.source) {
            feeds.erase(i);
            return;
          }
      });
      self->set_exit_handler([self](caf::exit_msg& em) {
        for (auto& [bot, feed] : self->state.feeds)
          self->send_exit(feed, em.reason);
        self->quit(em.reason);
      });
      return {
        [=](bot_poll& p) -> caf::delegated<bot_batch> {
          auto& feed = self->state.feeds[p.bot.value];
          if (!feed) {
            feed = self->spawn(run_feed, ctx, p.bot);
            self->monitor(feed);
          }
          return self->delegate(feed, p);
        },
      };
    });
}

} // namespace ag
