#include "actors/user/user_actor.hpp"

#include <algorithm>

#include "actors/node/idle_stop.hpp"
#include "actors/protocol/type_ids.hpp"
#include "actors/user/detail/state.hpp"
#include "core/error.hpp"
#include "core/rules/difference_builder.hpp"
#include "core/rules/limits.hpp"
#include "storage/account/account_repo.hpp"
#include "storage/box/outbox_repo.hpp"

namespace ag {

using namespace user_detail;

namespace {

/// Gives `m` the next box id and pts, updates its dialog's state and adds
/// the message and its update to `b`, and the dialog's record when the
/// dialog is new (its top message and unread count are derived from the
/// history on load: two keys fewer per message). Returns the pts.
std::uint64_t append_to_box(user_state& st, message& m, bool incoming, write_batch& b) {
  auto [i, fresh] = st.dialogs.try_emplace(m.to);
  auto& d = i->second;
  auto pts = st.ledger.place(m, d, incoming);
  box_repo::put_message(b, m);
  st.unflushed.wrote(m, pts);
  box_repo::put_update(b, st.uid, pts, update_record{update_kind::new_message, 1, {m.id}});
  if (fresh)
    box_repo::put_dialog(b, st.uid, d);
  return pts;
}

} // namespace

namespace user_detail {

void push(self_ptr self, node_context& ctx, const session_push& p, const caf::actor& except) {
  for (auto& s : self->state.sessions)
    if (s != except) {
      caf::anon_send(s, p); // sessions are dynamically typed
      ctx.stats.pushes.fetch_add(1, std::memory_order_relaxed);
    }
}

void commit(self_ptr self, node_context& ctx, write_batch b, std::uint64_t pts,
            caf::response_promise rp, std::function<void()> ok) {
  self->state.commits.submit(self, ctx.writer, std::move(b),
                             [self, pts, rp, ok](const caf::error& err) mutable {
                               if (err) {
                                 if (rp.pending())
                                   rp.deliver(err);
                                 return self->quit(err);
                               }
                               auto& l = self->state.ledger;
                               l.committed(pts);
                               self->state.unflushed.committed(l.committed_pts());
                               ok();
                             });
}

update message_update(update_kind kind, std::uint64_t pts, const message& m) {
  update u;
  u.kind = kind;
  u.pts = pts;
  u.pts_count = 1;
  u.msg = m;
  return u;
}

caf::expected<inbox_plan> plan_new_message(self_ptr self, box_repo& box, message m) {
  auto& st = self->state;
  inbox_plan plan;
  auto have = st.unflushed.box_of(box, st.uid, m.dialog_message_id);
  if (!have)
    return have.error();
  if (*have)
    return plan; // already delivered (a replay): exactly once in history
  if (m.to.type == peer_type::user && st.blocked.count(m.from_id) > 0)
    return plan; // blocked sender: settled, never stored (their copy stays theirs)
  m.owner = st.uid;
  // A chat's service message is owed to its author too (the chat commits
  // the change with one record for every member): the author's copy is out.
  m.out = m.to.type == peer_type::chat && m.from_id == st.uid && m.action.kind != action_kind::none;
  m.random_id = 0;
  if (m.to.type == peer_type::user)
    m.to = peer{peer_type::user, m.from_id};
  m.reply_to = 0;
  if (m.reply_to_dmid != 0) {
    auto r = st.unflushed.box_of(box, st.uid, m.reply_to_dmid);
    if (!r)
      return r.error();
    m.reply_to = r->value_or(0);
  }
  plan.pts = append_to_box(st, m, !m.out, plan.batch);
  plan.updates.push_back(message_update(update_kind::new_message, plan.pts, m));
  return plan;
}

} // namespace user_detail

namespace {

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
  self->state.ledger.load(*pts, *last);
  for (auto& d : *dialogs)
    self->state.dialogs.emplace(d.to, d);
  auto blocked = account_repo{ctx.db}.blocked(uid);
  if (!blocked)
    return blocked.error();
  self->state.blocked.insert(blocked->begin(), blocked->end());
  return {};
}

caf::result<outbox_result> write_outbox(self_ptr self, node_context& ctx, box_repo& box,
                                        outbox_write& w) {
  auto& st = self->state;
  if (w.existing_dialog_only && w.msg.to.type == peer_type::user && st.dialogs.count(w.msg.to) == 0)
    return make_error(errc::bot_dialog_forbidden, "bot can't initiate conversation with a user");
  auto now_ms = ctx.now_ms();
  auto rid = w.msg.random_id;
  if (rid != 0) {
    if (st.random_inflight.count(rid) > 0)
      return make_error(errc::random_id_duplicate, "a message with this random_id is being sent");
    auto seen = box.random(st.uid, rid);
    if (!seen)
      return seen.error();
    if (*seen && now_ms / 1000 - (*seen)->second < limits::random_id_window_s) {
      auto m = st.unflushed.get(box, st.uid, (*seen)->first);
      if (!m)
        return m.error();
      if (!*m || (*m)->to != w.msg.to)
        return make_error(errc::random_id_duplicate, "random_id was used for another message");
      return outbox_result{std::move(**m), st.ledger.committed_pts(), true};
    }
  }
  if (w.owed == 0) {
    if (auto wait = st.limiter.take(now_ms); wait > 0)
      return make_error(errc::flood_wait, "too many messages", wait);
  } else {
    // Asked again (the chat retried, or a replay came first): one copy only.
    auto have = st.unflushed.box_of(box, st.uid, w.msg.dialog_message_id);
    if (!have)
      return have.error();
    if (*have) {
      auto m = st.unflushed.get(box, st.uid, **have);
      if (!m)
        return m.error();
      if (*m)
        return outbox_result{std::move(**m), st.ledger.committed_pts(), true};
    }
  }
  auto m = std::move(w.msg);
  if (m.reply_to != 0) {
    auto r = st.unflushed.get(box, st.uid, m.reply_to);
    if (!r)
      return r.error();
    if (!*r || (*r)->to != m.to || (*r)->deleted)
      return make_error(errc::reply_message_invalid, "reply_to names no message of this dialog");
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
  if (w.owed != 0) {
    if (!one_record_for_all(w.recipients.size() + 1))
      outbox_repo::erase(b, w.owed, st.uid); // the dialog's record owed us this copy
  } else if (!w.recipients.empty())
    outbox_repo::put(b, pending_delivery{m, w.recipients});
  auto rp = self->make_response_promise();
  auto origin = w.origin;
  st.commits.submit(self, ctx.writer, std::move(b), [=, &ctx](const caf::error& err) mutable {
    self->state.random_inflight.erase(rid);
    if (err) {
      rp.deliver(err);
      return self->quit(err);
    }
    self->state.ledger.committed(pts);
    self->state.unflushed.committed(self->state.ledger.committed_pts());
    ctx.stats.messages_sent.fetch_add(1, std::memory_order_relaxed);
    rp.deliver(outbox_result{m, pts, false});
    push(self, ctx, session_push{{message_update(update_kind::new_message, pts, m)}, pts}, origin);
  });
  return rp;
}

caf::result<bool> write_inbox(self_ptr self, node_context& ctx, box_repo& box, inbox_write& w) {
  auto& st = self->state;
  auto op_id = w.op_id != 0 ? w.op_id : w.msg.dialog_message_id;
  if (auto i = st.inbox_inflight.find(op_id); i != st.inbox_inflight.end()) {
    auto rp = self->make_response_promise();
    i->second.push_back(rp);
    return rp;
  }
  caf::expected<inbox_plan> plan = inbox_plan{};
  switch (w.op) {
  case pending_op::new_message:
    plan = plan_new_message(self, box, std::move(w.msg));
    break;
  case pending_op::edit:
    plan = plan_edit(self, box, w.msg);
    break;
  case pending_op::remove:
    plan = plan_remove(self, box, w.dmids);
    break;
  }
  if (!plan)
    return plan.error();
  auto b = std::move(plan->batch);
  if (w.settles)
    outbox_repo::erase(b, op_id, st.uid); // applied and debt cleared atomically
  // Create the promise only now: once made, returned values are not sent.
  auto rp = self->make_response_promise();
  st.inbox_inflight[op_id].push_back(rp);
  auto pts = plan->pts;
  auto ups = std::move(plan->updates);
  bool counts = w.op == pending_op::new_message && pts != 0;
  st.commits.submit(self, ctx.writer, std::move(b), [=, &ctx](const caf::error& err) {
    auto waiting = std::move(self->state.inbox_inflight[op_id]);
    self->state.inbox_inflight.erase(op_id);
    if (err) {
      for (auto& p : waiting)
        p.deliver(err);
      return self->quit(err);
    }
    self->state.ledger.committed(pts);
    self->state.unflushed.committed(self->state.ledger.committed_pts());
    if (counts)
      ctx.stats.messages_delivered.fetch_add(1, std::memory_order_relaxed);
    for (auto& p : waiting)
      p.deliver(true);
    if (!ups.empty())
      push(self, ctx, session_push{ups, pts}, caf::actor{});
  });
  return rp;
}

dialogs_result list_dialogs(self_ptr self, box_repo& box, const dialogs_request& r,
                            caf::error& failed) {
  auto& st = self->state;
  std::vector<dialog_state> ds;
  for (auto& [p, d] : st.dialogs) {
    if (d.top_message == 0)
      continue;
    // Pinned dialogs lead the first page only.
    if (r.offset_date != 0 && (d.pinned != 0 || d.top_date >= r.offset_date))
      continue;
    ds.push_back(d);
  }
  std::sort(ds.begin(), ds.end(), [](const dialog_state& a, const dialog_state& b) {
    if (a.pinned != b.pinned)
      return a.pinned > b.pinned;
    return a.top_date != b.top_date ? a.top_date > b.top_date : a.top_message > b.top_message;
  });
  if (ds.size() > static_cast<std::size_t>(r.limit))
    ds.resize(static_cast<std::size_t>(r.limit));
  dialogs_result out;
  for (auto& d : ds) {
    auto m = st.unflushed.get(box, st.uid, d.top_message);
    if (!m) {
      failed = m.error();
      return {};
    }
    if (*m)
      out.messages.push_back(std::move(**m));
  }
  out.dialogs = std::move(ds);
  return out;
}

caf::result<difference_result> difference(self_ptr self, box_repo& box,
                                          const difference_request& r) {
  namespace db = difference_builder;
  auto& st = self->state;
  auto top = st.ledger.committed_pts();
  auto answer = db::without_log(r.pts, top);
  if (!answer) {
    auto log = box.updates_after(st.uid, r.pts, static_cast<std::size_t>(r.limit));
    if (!log)
      return log.error();
    caf::error failed;
    answer = db::build(r.pts, top, *log, [&](std::uint64_t id, std::optional<message>& out) {
      auto m = box.get(st.uid, id);
      if (!m) {
        failed = m.error();
        return false;
      }
      out = std::move(*m);
      return true;
    });
    if (!answer)
      return failed;
  }
  return difference_result{static_cast<std::int32_t>(answer->k), std::move(answer->new_messages),
                           std::move(answer->other_updates), answer->pts};
}

} // namespace

user_actor spawn_user(caf::actor_system& sys, node_context_ptr ctx, std::uint64_t uid) {
  return sys.spawn([ctx, uid](self_ptr self) -> user_impl::behavior_type {
    auto& st = self->state;
    st.uid = uid;
    st.limiter =
      rate_limiter{ctx->settings.limits.messages_per_second, ctx->settings.limits.messages_burst};
    st.last_active_ms = ctx->now_ms();
    // A typed actor has no empty behavior: on a load failure it quits, and
    // the behavior below never runs.
    if (auto err = load(self, *ctx))
      self->quit(err);
    ctx->stats.user_actors.fetch_add(1);
    self->attach_functor([ctx] { ctx->stats.user_actors.fetch_sub(1); });
    self->set_down_handler([self](caf::down_msg& dm) {
      auto& ss = self->state.sessions;
      ss.erase(std::remove_if(ss.begin(), ss.end(),
                              [&](const caf::actor& a) { return a.address() == dm.source; }),
               ss.end());
    });
    auto box = std::make_shared<box_repo>(ctx->db);
    auto touch = [self, ctx] {
      self->state.last_active_ms = ctx->now_ms();
    };
    return {
      [=](commit_atom, std::uint64_t token, const caf::error& err) {
        self->state.commits.done(token, err);
      },
      [=](outbox_write& w) {
        touch();
        return write_outbox(self, *ctx, *box, w);
      },
      [=](inbox_write& w) {
        touch();
        return write_inbox(self, *ctx, *box, w);
      },
      [=](edit_write& w) {
        touch();
        return edit_own(self, *ctx, *box, w);
      },
      [=](delete_write& w) {
        touch();
        return delete_own(self, *ctx, *box, w);
      },
      [=](pin_request& r) {
        touch();
        return pin_dialog(self, *ctx, r);
      },
      [=](read_request& r) {
        touch();
        return read_history(self, *ctx, *box, r);
      },
      [=](read_notice& n) { read_receipt(self, *ctx, *box, n); },
      [=](history_request& r) -> caf::result<std::vector<message>> {
        touch();
        auto h = box->history(self->state.uid, r.query);
        if (!h)
          return h.error();
        return std::move(*h);
      },
      [=](fetch_request& r) -> caf::result<std::vector<message>> {
        touch();
        std::vector<message> out;
        for (auto id : r.ids) {
          auto m = box->get(self->state.uid, id.value);
          if (!m)
            return m.error();
          if (*m && !(*m)->deleted)
            out.push_back(std::move(**m));
        }
        return out;
      },
      [=](search_request& r) -> caf::result<search_page> {
        touch();
        auto page = box->search(self->state.uid, r.query);
        if (!page)
          return page.error();
        return std::move(*page);
      },
      [=](dialogs_request& r) -> caf::result<dialogs_result> {
        touch();
        caf::error failed;
        auto out = list_dialogs(self, *box, r, failed);
        if (failed)
          return failed;
        return out;
      },
      [=](state_atom) { return self->state.ledger.committed_pts(); },
      [=](difference_request& r) {
        touch();
        return difference(self, *box, r);
      },
      [=](const bot_log_request& r) {
        touch();
        return bot_log(self, *ctx, *box, r);
      },
      [=](const callback_ask& a) {
        touch();
        return ask_callback(self, *ctx, *box, a);
      },
      [=](const callback_reply& r) {
        touch();
        return answer_callback(self, r);
      },
      [=](expire_atom, std::uint64_t pts) { expire_callback(self, pts); },
      [=](subscribe_atom, const caf::actor& session) {
        auto& ss = self->state.sessions;
        if (std::find(ss.begin(), ss.end(), session) == ss.end()) {
          ss.push_back(session);
          self->monitor(session);
        }
        return self->state.ledger.committed_pts();
      },
      [=](unsub_atom, const caf::actor& session) {
        auto& ss = self->state.sessions;
        ss.erase(std::remove(ss.begin(), ss.end(), session), ss.end());
      },
      [=](session_push& p) {
        auto& blocked = self->state.blocked;
        auto& ups = p.updates;
        ups.erase(std::remove_if(ups.begin(), ups.end(),
                                 [&](const update& u) {
                                   return u.kind == update_kind::user_typing
                                          && blocked.count(u.user_id) > 0;
                                 }),
                  ups.end());
        if (!ups.empty())
          push(self, *ctx, p, caf::actor{});
      },
      [=](const block_request& r) {
        touch();
        return block_user(self, *ctx, r);
      },
      [=](blocked_atom) { return wrap_ids<user_id>(self->state.blocked); },
      [=](status_broadcast& b) {
        update u;
        u.kind = update_kind::user_status;
        u.status = b.status;
        session_push p{{u}, 0};
        for (auto& [peer_key, d] : self->state.dialogs)
          if (peer_key.type == peer_type::user && peer_key.id != self->state.uid)
            self->send(ctx->directory, user_atom_v, user_id{peer_key.id}, p);
      },
      [=](tick_atom) {
        auto& st = self->state;
        if (st.sessions.empty() && st.commits.idle() && st.callbacks.empty()
            && idle_long_enough(*ctx, st.last_active_ms))
          request_idle_stop(self, ctx, user_atom_v, user_id{st.uid}, st.stopping);
      },
    };
  });
}

} // namespace ag
