#include "actors/user_actor.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "actors/commit.hpp"
#include "actors/messages.hpp"
#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/rate_limiter.hpp"
#include "storage/box_repo.hpp"
#include "storage/outbox_repo.hpp"

namespace ag {

namespace {

/// A client further behind than this reloads instead of replaying.
constexpr std::uint64_t max_difference_gap = 100000;

struct user_state {
  std::uint64_t uid = 0;
  std::uint64_t pts = 0;           // last assigned
  std::uint64_t committed_pts = 0; // last committed (what clients may see)
  std::uint64_t last_box = 0;
  std::unordered_map<peer, dialog_state, peer_hash> dialogs;
  std::vector<caf::actor> sessions;
  commit_tracker commits;
  rate_limiter limiter{50, 100};
  std::unordered_set<std::uint64_t> random_inflight;
  std::unordered_map<std::uint64_t, std::vector<caf::response_promise>> inbox_inflight;
  std::int64_t last_active_ms = 0;
  bool stopping = false;
  static inline const char* name = "user";
};

using self_ptr = caf::stateful_actor<user_state>*;

void push(self_ptr self, node_context& ctx, const session_push& p, const caf::actor& except) {
  for (auto& s : self->state.sessions)
    if (s != except) {
      self->send(s, p);
      ctx.stats.pushes.fetch_add(1, std::memory_order_relaxed);
    }
}

/// Gives `m` the next box id and pts, updates its dialog's state and adds
/// the message, its update and the dialog state to `b`. Returns the pts.
std::uint64_t append_to_box(user_state& st, message& m, bool incoming, write_batch& b) {
  m.id = ++st.last_box;
  auto pts = ++st.pts;
  auto& d = st.dialogs[m.to];
  d.to = m.to;
  d.top_message = m.id;
  d.top_date = m.date;
  if (incoming)
    d.unread_count += 1;
  box_repo::put_message(b, m);
  box_repo::put_update(b, st.uid, pts, update_record{update_kind::new_message, 1, {m.id}});
  box_repo::put_dialog(b, st.uid, d);
  return pts;
}

caf::error load(self_ptr self, node_context& ctx) {
  box_repo box{ctx.db};
  auto uid = self->state.uid;
  auto pts = box.last_pts(uid);
  if (!pts)
    return pts.error();
  auto last = box.last_box(uid);
  if (!last)
    return last.error();
  auto dialogs = box.dialogs(uid);
  if (!dialogs)
    return dialogs.error();
  self->state.pts = self->state.committed_pts = *pts;
  self->state.last_box = *last;
  for (auto& d : *dialogs)
    self->state.dialogs.emplace(d.to, d);
  return {};
}

} // namespace

caf::actor spawn_user(caf::actor_system& sys, node_context_ptr ctx, std::uint64_t uid) {
  return sys.spawn([ctx, uid](caf::stateful_actor<user_state>* self) -> caf::behavior {
    auto& st = self->state;
    st.uid = uid;
    st.limiter = rate_limiter{ctx->settings.messages_per_second, ctx->settings.messages_burst};
    st.last_active_ms = ctx->now_ms();
    if (auto err = load(self, *ctx)) {
      self->quit(err);
      return {};
    }
    ctx->stats.user_actors.fetch_add(1);
    self->attach_functor([ctx] { ctx->stats.user_actors.fetch_sub(1); });
    self->set_down_handler([self](caf::down_msg& dm) {
      auto& ss = self->state.sessions;
      ss.erase(std::remove_if(ss.begin(), ss.end(),
                              [&](const caf::actor& a) { return a.address() == dm.source; }),
               ss.end());
    });
    box_repo box{ctx->db};
    auto fail_commit = [self](const caf::error& err) {
      // Memory may now be ahead of storage: stop, the next incarnation reloads.
      self->quit(err);
    };
    return {
      [=](commit_atom, std::uint64_t token, const caf::error& err) {
        self->state.commits.done(token, err);
      },
      [=](outbox_write& w) mutable -> caf::result<outbox_result> {
        auto& st = self->state;
        auto now_ms = ctx->now_ms();
        st.last_active_ms = now_ms;
        auto rid = w.msg.random_id;
        if (rid != 0) {
          if (st.random_inflight.count(rid) > 0)
            return make_error(errc::random_id_duplicate,
                              "a message with this random_id is being sent");
          auto seen = box.random(st.uid, rid);
          if (!seen)
            return seen.error();
          if (*seen && now_ms / 1000 - (*seen)->second < limits::random_id_window_s) {
            auto m = box.get(st.uid, (*seen)->first);
            if (!m)
              return m.error();
            if (!*m || (*m)->to != w.msg.to)
              return make_error(errc::random_id_duplicate,
                                "random_id was used for another message");
            return outbox_result{std::move(**m), st.committed_pts, true};
          }
        }
        if (auto wait = st.limiter.take(now_ms); wait > 0)
          return make_error(errc::flood_wait, "too many messages", wait);
        auto m = std::move(w.msg);
        if (m.reply_to != 0) {
          auto r = box.get(st.uid, m.reply_to);
          if (!r)
            return r.error();
          if (!*r || (*r)->to != m.to)
            return make_error(errc::reply_message_invalid,
                              "reply_to names no message of this dialog");
          m.reply_to_dmid = (*r)->dialog_message_id;
        }
        m.owner = st.uid;
        m.out = true;
        write_batch b;
        auto pts = append_to_box(st, m, false, b);
        if (rid != 0) {
          box_repo::put_random(b, st.uid, rid, m.id, m.date);
          st.random_inflight.insert(rid);
        }
        if (!w.recipients.empty())
          outbox_repo::put(b, pending_delivery{m, w.recipients});
        auto rp = self->make_response_promise();
        auto origin = w.origin;
        st.commits.submit(self, ctx->writer, std::move(b), [=](const caf::error& err) mutable {
          self->state.random_inflight.erase(rid);
          if (err) {
            rp.deliver(err);
            return fail_commit(err);
          }
          self->state.committed_pts = pts;
          ctx->stats.messages_sent.fetch_add(1, std::memory_order_relaxed);
          rp.deliver(outbox_result{m, pts, false});
          update u{update_kind::new_message, pts, 1, m, {}};
          push(self, *ctx, session_push{{u}, pts}, origin);
        });
        return rp;
      },
      [=](inbox_write& w) mutable -> caf::result<bool> {
        auto& st = self->state;
        st.last_active_ms = ctx->now_ms();
        auto dmid = w.msg.dialog_message_id;
        if (auto i = st.inbox_inflight.find(dmid); i != st.inbox_inflight.end()) {
          auto rp = self->make_response_promise();
          i->second.push_back(rp);
          return rp;
        }
        auto have = box.box_of(st.uid, dmid);
        if (!have)
          return have.error();
        if (*have) {
          // Already delivered (a replay): exactly once in history; settle the debt.
          write_batch b;
          outbox_repo::erase(b, dmid, st.uid);
          auto rp = self->make_response_promise();
          st.commits.submit(self, ctx->writer, std::move(b), [rp](const caf::error& err) mutable {
            if (err)
              return rp.deliver(err);
            rp.deliver(true);
          });
          return rp;
        }
        message m = std::move(w.msg);
        m.owner = st.uid;
        m.out = false;
        m.random_id = 0;
        m.to = peer{peer_type::user, m.from_id};
        m.reply_to = 0;
        if (m.reply_to_dmid != 0) {
          auto r = box.box_of(st.uid, m.reply_to_dmid);
          if (!r)
            return r.error();
          m.reply_to = r->value_or(0);
        }
        write_batch b;
        auto pts = append_to_box(st, m, true, b);
        outbox_repo::erase(b, dmid, st.uid); // delivered and debt cleared atomically
        // Create the promise only now: once made, returned values are not sent.
        auto rp = self->make_response_promise();
        st.inbox_inflight[dmid].push_back(rp);
        st.commits.submit(self, ctx->writer, std::move(b), [=](const caf::error& err) mutable {
          auto waiting = std::move(self->state.inbox_inflight[dmid]);
          self->state.inbox_inflight.erase(dmid);
          if (err) {
            for (auto& p : waiting)
              p.deliver(err);
            return fail_commit(err);
          }
          self->state.committed_pts = pts;
          ctx->stats.messages_delivered.fetch_add(1, std::memory_order_relaxed);
          for (auto& p : waiting)
            p.deliver(true);
          update u{update_kind::new_message, pts, 1, m, {}};
          push(self, *ctx, session_push{{u}, pts}, caf::actor{});
        });
        return rp;
      },
      [=](history_request& r) mutable -> caf::result<std::vector<message>> {
        self->state.last_active_ms = ctx->now_ms();
        auto h = box.history(self->state.uid, r.query);
        if (!h)
          return h.error();
        return std::move(*h);
      },
      [=](dialogs_request& r) mutable -> caf::result<dialogs_result> {
        auto& st = self->state;
        st.last_active_ms = ctx->now_ms();
        std::vector<dialog_state> ds;
        for (auto& [p, d] : st.dialogs)
          if (d.top_message != 0 && (r.offset_date == 0 || d.top_date < r.offset_date))
            ds.push_back(d);
        std::sort(ds.begin(), ds.end(), [](const dialog_state& a, const dialog_state& b) {
          return a.top_date != b.top_date ? a.top_date > b.top_date : a.top_message > b.top_message;
        });
        if (ds.size() > static_cast<std::size_t>(r.limit))
          ds.resize(static_cast<std::size_t>(r.limit));
        dialogs_result out;
        for (auto& d : ds) {
          auto m = box.get(st.uid, d.top_message);
          if (!m)
            return m.error();
          if (*m)
            out.messages.push_back(std::move(**m));
        }
        out.dialogs = std::move(ds);
        return out;
      },
      [=](state_atom) { return self->state.committed_pts; },
      [=](difference_request& r) mutable -> caf::result<difference_result> {
        auto& st = self->state;
        st.last_active_ms = ctx->now_ms();
        difference_result out;
        auto top = st.committed_pts;
        out.pts = top;
        if (r.pts >= top)
          return out; // differenceEmpty
        if (top - r.pts > max_difference_gap) {
          out.kind = 3; // differenceTooLong: reload dialogs
          return out;
        }
        auto ups = box.updates_after(st.uid, r.pts, static_cast<std::size_t>(r.limit));
        if (!ups)
          return ups.error();
        std::uint64_t last = r.pts;
        for (auto& [pts, rec] : *ups) {
          if (pts > top)
            break; // not committed yet as far as clients know
          last = pts;
          if (rec.kind == update_kind::new_message && !rec.boxes.empty()) {
            auto m = box.get(st.uid, rec.boxes.front());
            if (!m)
              return m.error();
            if (*m)
              out.new_messages.push_back(std::move(**m));
          } else if (rec.kind == update_kind::read_history_inbox
                     || rec.kind == update_kind::read_history_outbox) {
            update u;
            u.kind = rec.kind;
            u.pts = pts;
            u.pts_count = rec.pts_count;
            u.to = rec.to;
            u.max_id = rec.max_id;
            u.still_unread = rec.still_unread;
            out.other_updates.push_back(std::move(u));
          }
        }
        out.pts = last;
        out.kind = last < top ? 2 : 1;
        return out;
      },
      [=](subscribe_atom, const caf::actor& session) {
        auto& ss = self->state.sessions;
        if (std::find(ss.begin(), ss.end(), session) == ss.end()) {
          ss.push_back(session);
          self->monitor(session);
        }
        return self->state.committed_pts;
      },
      [=](unsub_atom, const caf::actor& session) {
        auto& ss = self->state.sessions;
        ss.erase(std::remove(ss.begin(), ss.end(), session), ss.end());
      },
      [=](read_request& r) mutable -> caf::result<read_result> {
        auto& st = self->state;
        st.last_active_ms = ctx->now_ms();
        auto i = st.dialogs.find(r.to);
        if (i == st.dialogs.end() || i->second.top_message == 0)
          return read_result{st.committed_pts, 0};
        auto& d = i->second;
        auto max = r.max_id == 0 ? d.top_message : std::min(r.max_id, d.top_message);
        if (max <= d.read_inbox_max_id)
          return read_result{st.committed_pts, 0}; // nothing new was read
        auto unread = box.count_incoming_after(st.uid, r.to, max);
        if (!unread)
          return unread.error();
        auto newest = box.newest_incoming(st.uid, r.to, max);
        if (!newest)
          return newest.error();
        d.read_inbox_max_id = max;
        d.unread_count = *unread;
        auto pts = ++st.pts;
        update_record rec{update_kind::read_history_inbox, 1, {}, r.to, max, *unread};
        write_batch b;
        box_repo::put_update(b, st.uid, pts, rec);
        box_repo::put_dialog(b, st.uid, d);
        auto rp = self->make_response_promise();
        auto origin = r.origin;
        auto to = r.to;
        auto notice_dmid = *newest ? (*newest)->dialog_message_id : 0;
        st.commits.submit(self, ctx->writer, std::move(b), [=](const caf::error& err) mutable {
          if (err) {
            rp.deliver(err);
            return fail_commit(err);
          }
          self->state.committed_pts = pts;
          rp.deliver(read_result{pts, 1});
          update u;
          u.kind = update_kind::read_history_inbox;
          u.pts = pts;
          u.pts_count = 1;
          u.to = to;
          u.max_id = max;
          u.still_unread = rec.still_unread;
          push(self, *ctx, session_push{{u}, pts}, origin);
          // Tell the sender (best effort: a crash here loses only the receipt).
          if (notice_dmid != 0 && to.type == peer_type::user && to.id != self->state.uid)
            self->send(ctx->directory, user_atom::value, to.id,
                       read_notice{self->state.uid, notice_dmid});
        });
        return rp;
      },
      [=](read_notice& n) mutable {
        auto& st = self->state;
        auto b0 = box.box_of(st.uid, n.dmid);
        if (!b0 || !*b0)
          return;
        peer to{peer_type::user, n.reader};
        auto& d = st.dialogs[to];
        d.to = to;
        if (**b0 <= d.read_outbox_max_id)
          return;
        d.read_outbox_max_id = **b0;
        auto pts = ++st.pts;
        update_record rec{update_kind::read_history_outbox, 1, {}, to, **b0, 0};
        write_batch b;
        box_repo::put_update(b, st.uid, pts, rec);
        box_repo::put_dialog(b, st.uid, d);
        st.commits.submit(self, ctx->writer, std::move(b), [=](const caf::error& err) {
          if (err)
            return fail_commit(err);
          self->state.committed_pts = pts;
          update u;
          u.kind = update_kind::read_history_outbox;
          u.pts = pts;
          u.pts_count = 1;
          u.to = to;
          u.max_id = rec.max_id;
          push(self, *ctx, session_push{{u}, pts}, caf::actor{});
        });
      },
      [=](session_push& p) { push(self, *ctx, p, caf::actor{}); },
      [=](status_broadcast& b) {
        update u;
        u.kind = update_kind::user_status;
        u.status = b.status;
        session_push p{{u}, 0};
        for (auto& [peer_key, d] : self->state.dialogs)
          if (peer_key.type == peer_type::user && peer_key.id != self->state.uid)
            self->send(ctx->directory, user_atom::value, peer_key.id, p);
      },
      [=](tick_atom) {
        auto& st = self->state;
        auto idle_ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(ctx->settings.user_idle_stop)
            .count();
        if (st.sessions.empty() && st.commits.idle() && !st.stopping
            && ctx->now_ms() - st.last_active_ms >= idle_ms) {
          st.stopping = true;
          // Ask the directory first so nobody is routed here after we stop;
          // await keeps every other message queued until the answer.
          self
            ->request(ctx->directory, ctx->settings.call_timeout, idle_atom::value,
                      user_atom::value, st.uid)
            .await(
              [=](bool ok) {
                if (ok && self->state.commits.idle())
                  self->quit();
                else
                  self->state.stopping = false;
              },
              [=](caf::error&) { self->state.stopping = false; });
        }
      },
    };
  });
}

} // namespace ag
