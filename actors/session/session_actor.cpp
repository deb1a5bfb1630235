#include "actors/session/session_actor.hpp"

#include <unordered_map>

#include "actors/protocol/atoms.hpp"
#include "actors/protocol/type_ids.hpp"
#include "actors/services/account_service.hpp"
#include "actors/services/api.hpp"
#include "actors/user/user_protocol.hpp"
#include "core/codec/json_writer.hpp"
#include "core/codec/ws_codec.hpp"
#include "core/envelope.hpp"
#include "core/rules/rate_limiter.hpp"
#include "core/shapes.hpp"

namespace ag {

namespace {

/// A failure that passes: in a cluster, UNAVAILABLE (the node holding the
/// user's data is down, or the data is moving) or a timeout (the node is
/// being lost); the client should come back in a moment.
bool passing(errc code) {
  return code == errc::unavailable || code == errc::timeout;
}

/// The socket's close code when its user actor cannot be reached: "try
/// again later" for a failure that passes, else the server's fault.
std::uint16_t close_code_for(const caf::error& err) {
  return passing(to_failure(err).code) ? ws::close_code::try_again_later : ws::close_code::internal;
}

struct pending_call {
  std::string id_json;
  std::int64_t deadline_ms = 0;
};

struct session_state {
  caller who;
  call_cache cache;
  std::uint64_t next_call = 0;
  std::unordered_map<std::uint64_t, pending_call> calls; // in flight
  bool watchdog_armed = false;
  rate_limiter auth_limiter{1, 5}; // sign-ups and sign-ins per socket
  user_actor user;                 // our user's actor, once subscribed
  std::uint64_t pts = 0;           // newest pts this device was told about
  std::size_t in_flight = 0;
  std::int64_t last_online_ms = 0;
  bool closing = false;
  /// The ?token= of the upgrade is being checked: calls wait in `early`
  /// (at most max_in_flight) instead of running unauthenticated.
  bool binding = false;
  std::vector<jsonrpc_call> early;
  /// The node's count of admitted calls (metrics::ws_calls_in_flight): this
  /// session's share moves with `in_flight`, and what is still open when the
  /// session ends is given back.
  std::atomic<std::int64_t>* node_in_flight = nullptr;
  void start_call() {
    ++in_flight;
    node_in_flight->fetch_add(1, std::memory_order_relaxed);
  }
  void end_call() {
    --in_flight;
    node_in_flight->fetch_sub(1, std::memory_order_relaxed);
  }
  session_state() = default;
  session_state(const session_state&) = delete;
  session_state& operator=(const session_state&) = delete;
  ~session_state() {
    if (node_in_flight != nullptr)
      node_in_flight->fetch_sub(static_cast<std::int64_t>(in_flight), std::memory_order_relaxed);
  }
  static inline const char* name = "session";
};

/// Calls in flight on the node below which latency never refuses one.
constexpr std::int64_t busy_floor = 256;

/// Adds one call's latency to the node's moving average (over ~16 calls;
/// races between sessions lose a sample, no more).
void observe_latency(metrics& stats, double secs) {
  stats.rpc_latency.observe(secs);
  auto& avg = stats.ws_call_latency_avg_us;
  auto old = avg.load(std::memory_order_relaxed);
  avg.store(old + (static_cast<std::int64_t>(secs * 1e6) - old) / 16, std::memory_order_relaxed);
}

using self_ptr = caf::stateful_actor<session_state>*;

} // namespace

bool node_busy(const node_context& ctx) {
  auto now = ctx.stats.ws_calls_in_flight.load(std::memory_order_relaxed);
  auto slow_us = ctx.settings.actors.call_timeout_ms * 1000 / 4;
  return now >= static_cast<std::int64_t>(ctx.settings.limits.calls_in_flight)
         || (now >= busy_floor
             && ctx.stats.ws_call_latency_avg_us.load(std::memory_order_relaxed) > slow_us);
}

rpc_failure busy_refusal() {
  return rpc_failure{errc::flood_wait, "the node is busy", 1};
}

caf::actor spawn_session(caf::actor_system& sys, node_context_ptr ctx,
                         std::shared_ptr<const rpc_decoder> decoder, caf::actor gateway,
                         std::uint64_t conn, std::string token, session_options opts) {
  return sys.spawn([=](caf::stateful_actor<session_state>* self) -> caf::behavior {
    self->state.node_in_flight = &ctx->stats.ws_calls_in_flight;
    auto out = [=](std::string frame) {
      if (!self->state.closing)
        self->send(gateway, ws_out_atom_v, conn, std::move(frame));
    };
    auto close = [=](std::uint16_t code) {
      if (self->state.closing)
        return;
      self->state.closing = true;
      self->send(gateway, ws_close_atom_v, conn, code);
    };
    // Marks the user online, at most once per third of the TTL.
    auto touch = [=] {
      auto& st = self->state;
      if (!st.who.authenticated())
        return;
      auto now = ctx->now_ms();
      auto third = std::chrono::milliseconds{ctx->settings.status.ttl()}.count() / 3;
      if (now - st.last_online_ms >= third) {
        st.last_online_ms = now;
        self->send(ctx->status, online_atom_v, st.who.user.value, self->id());
      }
    };
    auto bind = [=](const caller& who) {
      auto& st = self->state;
      if (st.who.user == who.user)
        return;
      if (st.user) {
        self->send(st.user, unsub_atom_v, self);
        self->send(ctx->status, offline_atom_v, st.who.user.value, self->id());
      }
      st.who = who;
      self->send(gateway, ws_auth_atom_v, conn); // no longer bound by ws.auth_timeout_s
      st.user = user_actor{};
      st.cache.clear();
      st.last_online_ms = 0;
      self->request(ctx->directory, ctx->settings.actors.call_timeout(), user_atom_v, who.user)
        .then(
          [=](user_actor user) {
            if (self->state.who.user != who.user)
              return;
            self->state.user = user;
            self->monitor(user);
            self->request(user, ctx->settings.actors.call_timeout(), subscribe_atom_v, self)
              .then([=](std::uint64_t pts) { self->state.pts = std::max(self->state.pts, pts); },
                    [=](caf::error& err) { close(close_code_for(err)); });
          },
          [=](caf::error& err) { close(close_code_for(err)); });
      touch();
    };
    // One watchdog timer per session answers calls past their deadline with
    // TIMEOUT (instead of a timer per request inside the node).
    auto arm_watchdog = [=] {
      if (!self->state.watchdog_armed) {
        self->state.watchdog_armed = true;
        self->delayed_send(self, ctx->settings.actors.call_timeout() / 2, watchdog_atom_v);
      }
    };
    auto run = [=](std::string id_json, rpc_request req) {
      auto& st = self->state;
      if (st.in_flight >= opts.max_in_flight) {
        out(envelope::rpc_error(id_json,
                                rpc_failure{errc::flood_wait, "too many calls in flight", 1}));
        return;
      }
      if (node_busy(*ctx)) {
        out(envelope::rpc_error(id_json, busy_refusal()));
        return;
      }
      req.client = opts.client;
      req.agent = "WebSocket";
      if (req.auth_attempt) {
        // This socket's budget, then its address's (the one HTTP applies):
        // spreading attempts over many sockets gains nothing.
        std::int32_t wait = st.auth_limiter.take(ctx->now_ms()) > 0 ? 1 : 0;
        if (wait == 0 && opts.auth_attempts)
          wait = opts.auth_attempts->take(opts.client, ctx->now_ms());
        if (wait > 0) {
          out(envelope::rpc_error(
            id_json, rpc_failure{errc::flood_wait, "too many sign-in attempts", wait}));
          return;
        }
      }
      st.start_call();
      touch();
      auto started = std::chrono::steady_clock::now();
      auto call = ++st.next_call;
      st.calls.emplace(
        call, pending_call{id_json, ctx->now_ms() + ctx->settings.actors.call_timeout().count()});
      arm_watchdog();
      execute(
        self, ctx, st.who, std::move(req), self,
        [=](rpc_outcome o) {
          if (self->state.calls.erase(call) == 0)
            return; // already answered with TIMEOUT by the watchdog
          self->state.end_call();
          observe_latency(
            ctx->stats,
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
          if (!o.ok) {
            ctx->stats.rpc_errors.fetch_add(1, std::memory_order_relaxed);
            if (o.failure.code == errc::auth_key_unregistered && self->state.who.authenticated()) {
              // The authorization behind this socket is gone.
              out(envelope::rpc_error(id_json, o.failure));
              return close(4001);
            }
            return out(envelope::rpc_error(id_json, o.failure));
          }
          if (o.established.authenticated())
            bind(o.established);
          out(envelope::rpc_result(id_json, o.result));
        },
        &st.cache);
    };
    self->state.cache.watched = true;
    self->monitor(gateway);
    self->set_down_handler([=](caf::down_msg& dm) {
      if (dm.source == gateway.address()) {
        self->quit();
        return;
      }
      // Our user actor stopped (e.g. after a storage error): subscribe again.
      if (self->state.user && dm.source == self->state.user.address()) {
        auto who = self->state.who;
        self->state.who = caller{};
        self->state.user = user_actor{};
        self->state.cache.clear();
        bind(who);
      }
    });
    if (!token.empty()) {
      call_env env{self, ctx, caller{}, self, nullptr, opts.client, "WebSocket"};
      self->state.binding = true;
      account_service::bind_token(env, token, [=](caf::expected<bound_token> r) {
        auto& st = self->state;
        st.binding = false;
        auto early = std::move(st.early);
        st.early.clear();
        if (r) {
          bind(r->who);
          for (auto& c : early)
            run(std::move(c.id_json), std::move(c.request));
          return;
        }
        auto failure = to_failure(r.error());
        out(envelope::rpc_error("null", failure));
        for (auto& c : early)
          out(envelope::rpc_error(c.id_json, failure));
        // A token that cannot be checked now is not a bad token.
        close(passing(failure.code) ? ws::close_code::try_again_later : 4001);
      });
    }
    return {
      [=](ws_in_atom, const std::string& frame) {
        auto decoded = decoder->decode(frame);
        if (auto* rej = std::get_if<jsonrpc_reject>(&decoded))
          return out(envelope::rpc_error(rej->id_json, rej->failure));
        auto& call = std::get<jsonrpc_call>(decoded);
        auto& st = self->state;
        if (st.binding) {
          if (st.early.size() >= opts.max_in_flight)
            return out(envelope::rpc_error(
              call.id_json,
              rpc_failure{errc::flood_wait, "too many calls before the token was checked", 1}));
          st.early.push_back(std::move(call));
          return;
        }
        run(std::move(call.id_json), std::move(call.request));
      },
      [=](session_push& p) {
        auto& st = self->state;
        st.pts = std::max(st.pts, p.pts);
        json_writer w;
        w.begin_object().key("updates").begin_array();
        for (auto& u : p.updates)
          write_update(w, u);
        w.end_array().key("state");
        write_state(w, st.pts, ctx->now_s());
        w.end_object();
        out(envelope::rpc_notification("updates", w.str()));
      },
      [=](watchdog_atom) {
        auto& st = self->state;
        st.watchdog_armed = false;
        auto now = ctx->now_ms();
        for (auto i = st.calls.begin(); i != st.calls.end();) {
          if (i->second.deadline_ms <= now) {
            ctx->stats.rpc_errors.fetch_add(1, std::memory_order_relaxed);
            out(envelope::rpc_error(
              i->second.id_json, rpc_failure{errc::timeout, "the node did not answer in time", 0}));
            st.end_call();
            i = st.calls.erase(i);
          } else {
            ++i;
          }
        }
        if (!st.calls.empty())
          arm_watchdog();
      },
      [=](ping_atom) { touch(); }, // a WebSocket ping keeps the user online
      [=](kick_atom) {
        out(envelope::rpc_notification("authorizationRevoked", "{}"));
        close(4001);
      },
      [=](ws_close_atom) {
        auto& st = self->state;
        st.closing = true;
        if (st.who.authenticated()) {
          self->send(ctx->status, offline_atom_v, st.who.user.value, self->id());
          if (st.user)
            self->send(st.user, unsub_atom_v, self);
        }
        self->quit();
      },
    };
  });
}

} // namespace ag
