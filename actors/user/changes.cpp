// Changes to messages already in a user's box: edits, deletes, read state
// and pins (the user actor's handlers for them; see user_state.hpp).
#include <algorithm>
#include <map>

#include "actors/protocol/type_ids.hpp"
#include "actors/user/detail/state.hpp"
#include "core/error.hpp"
#include "storage/account/account_repo.hpp"
#include "storage/box/outbox_repo.hpp"

namespace ag::user_detail {

namespace {

/// The copy with box id `b`, if it exists and is not deleted.
caf::expected<std::optional<message>> live_copy(const unflushed_messages& u, box_repo& box,
                                                std::uint64_t uid, std::uint64_t b) {
  auto m = u.get(box, uid, b);
  if (!m)
    return m.error();
  if (*m && (*m)->deleted)
    return std::optional<message>{};
  return m;
}

/// The live copy of the message with `dmid`, if this box has one.
caf::expected<std::optional<message>> copy_of(const unflushed_messages& u, box_repo& box,
                                              std::uint64_t uid, std::uint64_t dmid) {
  auto b = u.box_of(box, uid, dmid);
  if (!b)
    return b.error();
  if (!*b)
    return std::optional<message>{};
  return live_copy(u, box, uid, **b);
}

update read_update(update_kind kind, std::uint64_t pts, const update_record& rec) {
  update u;
  u.kind = kind;
  u.pts = pts;
  u.pts_count = 1;
  u.to = rec.to;
  u.max_id = rec.max_id;
  u.still_unread = rec.still_unread;
  return u;
}

} // namespace

caf::expected<update> delete_copies(self_ptr self, box_repo& box, const std::vector<message>& msgs,
                                    write_batch& b) {
  auto& st = self->state;
  std::map<peer, std::vector<std::uint64_t>> by_dialog;
  for (auto& m : msgs)
    by_dialog[m.to].push_back(m.id);
  // Read everything first: memory changes only once nothing can fail.
  std::vector<dialog_state> changed;
  for (auto& [p, ids] : by_dialog) {
    auto d = st.dialogs[p];
    d.to = p;
    auto top = st.unflushed.newest(box, st.uid, p, ids);
    if (!top)
      return top.error();
    d.top_message = *top ? (*top)->id : 0;
    d.top_date = *top ? (*top)->date : 0;
    auto unread = st.unflushed.count_incoming_after(box, st.uid, p, d.read_inbox_max_id, ids);
    if (!unread)
      return unread.error();
    d.unread_count = *unread;
    changed.push_back(d);
  }
  update u;
  u.kind = update_kind::delete_messages;
  u.pts_count = static_cast<std::int32_t>(msgs.size());
  for (auto& m : msgs) {
    box_repo::mark_deleted(b, m);
    u.ids.push_back(m.id);
  }
  for (auto& d : changed) {
    st.dialogs[d.to] = d;
    box_repo::put_dialog(b, st.uid, d);
  }
  u.pts = st.ledger.take_pts(msgs.size());
  for (auto m : msgs) {
    m.deleted = true;
    st.unflushed.wrote(m, u.pts);
  }
  box_repo::put_update(b, st.uid, u.pts,
                       update_record{update_kind::delete_messages, u.pts_count, u.ids});
  return u;
}

caf::expected<inbox_plan> plan_edit(self_ptr self, box_repo& box, const message& edited) {
  auto& st = self->state;
  inbox_plan plan;
  auto m = copy_of(st.unflushed, box, st.uid, edited.dialog_message_id);
  if (!m)
    return m.error();
  if (!*m || ((*m)->text == edited.text && (*m)->edit_date == edited.edit_date)
      || (*m)->edit_date > edited.edit_date)
    return plan; // never delivered here, deleted, a replay, or older than the edit here
  auto& c = **m;
  c.text = edited.text;
  c.entities = edited.entities;
  c.reply_markup = edited.reply_markup;
  c.edit_date = edited.edit_date;
  plan.pts = st.ledger.take_pts();
  box_repo::put_message(plan.batch, c);
  st.unflushed.wrote(c, plan.pts);
  box_repo::put_update(plan.batch, st.uid, plan.pts,
                       update_record{update_kind::edit_message, 1, {c.id}});
  plan.updates.push_back(message_update(update_kind::edit_message, plan.pts, c));
  return plan;
}

caf::expected<inbox_plan> plan_remove(self_ptr self, box_repo& box,
                                      const std::vector<std::uint64_t>& dmids) {
  auto& st = self->state;
  inbox_plan plan;
  std::vector<message> msgs;
  for (auto dmid : dmids) {
    auto b = st.unflushed.box_of(box, st.uid, dmid);
    if (!b)
      return b.error();
    if (!*b) {
      // Not here yet: after a crash, replays route by author, so an admin's
      // delete may overtake the send it deletes. The tombstone makes that
      // send a duplicate when it comes.
      box_repo::put_tombstone(plan.batch, st.uid, dmid);
      continue;
    }
    auto m = live_copy(st.unflushed, box, st.uid, **b);
    if (!m)
      return m.error();
    if (*m)
      msgs.push_back(std::move(**m));
  }
  if (msgs.empty())
    return plan;
  auto u = delete_copies(self, box, msgs, plan.batch);
  if (!u)
    return u.error();
  plan.pts = u->pts;
  plan.updates.push_back(std::move(*u));
  return plan;
}

caf::result<outbox_result> edit_own(self_ptr self, node_context& ctx, box_repo& box,
                                    edit_write& w) {
  auto& st = self->state;
  auto found = live_copy(st.unflushed, box, st.uid, w.box.value);
  if (!found)
    return found.error();
  if (!*found || (*found)->to != w.to || (*found)->action.kind != action_kind::none)
    return make_error(errc::message_id_invalid, "no such message in this dialog");
  auto m = std::move(**found);
  if (!m.out)
    return make_error(errc::message_author_required, "only the author may edit a message");
  if (m.text == w.text && m.entities == w.entities
      && (!w.replace_markup || w.reply_markup == m.reply_markup))
    return make_error(errc::message_not_modified, "the text is unchanged");
  m.text = std::move(w.text);
  m.entities = std::move(w.entities);
  if (w.replace_markup)
    m.reply_markup = std::move(w.reply_markup);
  m.edit_date = ctx.now_s();
  auto pts = st.ledger.take_pts();
  write_batch b;
  box_repo::put_message(b, m);
  st.unflushed.wrote(m, pts);
  box_repo::put_update(b, st.uid, pts, update_record{update_kind::edit_message, 1, {m.id}});
  if (!w.recipients.empty()) {
    pending_delivery p{m, w.recipients, pending_op::edit, w.op_id, {}};
    outbox_repo::put(b, p);
  }
  auto rp = self->make_response_promise();
  auto origin = w.origin;
  commit(self, ctx, std::move(b), pts, rp, [=, &ctx]() mutable {
    rp.deliver(outbox_result{m, pts, false});
    push(self, ctx, session_push{{message_update(update_kind::edit_message, pts, m)}, pts}, origin);
  });
  return rp;
}

caf::result<delete_result> delete_own(self_ptr self, node_context& ctx, box_repo& box,
                                      delete_write& w) {
  auto& st = self->state;
  std::sort(w.boxes.begin(), w.boxes.end());
  w.boxes.erase(std::unique(w.boxes.begin(), w.boxes.end()), w.boxes.end());
  if (w.boxes.empty())
    return make_error(errc::message_id_invalid, "no message ids given");
  std::vector<message> msgs;
  for (auto named : w.boxes) {
    auto id = named.value;
    auto m = live_copy(st.unflushed, box, st.uid, id);
    if (!m)
      return m.error();
    if (!*m || (w.revoke && (*m)->to != w.to))
      return make_error(errc::message_id_invalid,
                        "message " + std::to_string(id) + " is not in this box or dialog");
    if (w.revoke && !w.others_allowed && !(*m)->out)
      return make_error(errc::message_delete_forbidden,
                        "only the author or a chat admin may delete for everyone");
    msgs.push_back(std::move(**m));
  }
  write_batch b;
  auto u = delete_copies(self, box, msgs, b);
  if (!u)
    return u.error();
  delete_result out{{u->pts, u->pts_count}, {}};
  for (auto& m : msgs)
    out.dmids.push_back(m.dialog_message_id);
  if (w.revoke && !w.recipients.empty()) {
    pending_delivery p{msgs.front(), w.recipients, pending_op::remove, w.op_id, out.dmids};
    outbox_repo::put(b, p);
  }
  auto rp = self->make_response_promise();
  auto origin = w.origin;
  auto pushed = *u;
  commit(self, ctx, std::move(b), u->pts, rp, [=, &ctx]() mutable {
    rp.deliver(out);
    push(self, ctx, session_push{{pushed}, pushed.pts}, origin);
  });
  return rp;
}

caf::result<bool> block_user(self_ptr self, node_context& ctx, const block_request& r) {
  auto& st = self->state;
  auto target = r.target.value;
  if (target == st.uid)
    return make_error(errc::user_id_invalid, "you cannot block yourself");
  if (r.blocked && st.blocked.size() >= max_blocked && st.blocked.count(target) == 0)
    return make_error(errc::limit_invalid, "at most 10000 blocked users");
  if (r.blocked == (st.blocked.count(target) > 0))
    return false;
  write_batch b;
  account_repo::set_blocked(b, st.uid, target, r.blocked);
  auto rp = self->make_response_promise();
  st.commits.submit(self, ctx.writer, std::move(b), [=](const caf::error& err) mutable {
    if (err)
      return rp.deliver(err);
    if (r.blocked)
      self->state.blocked.insert(target);
    else
      self->state.blocked.erase(target);
    rp.deliver(true);
  });
  return rp;
}

caf::result<affected_messages> pin_dialog(self_ptr self, node_context& ctx, pin_request& r) {
  auto& st = self->state;
  auto i = st.dialogs.find(r.to);
  if (i == st.dialogs.end())
    return make_error(errc::peer_id_invalid, "no dialog with this peer");
  auto& d = i->second;
  if (r.pinned == (d.pinned != 0))
    return affected_messages{st.ledger.committed_pts(), 0};
  std::uint64_t top_pin = 0;
  std::size_t pinned = 0;
  for (auto& [p, other] : st.dialogs)
    if (other.pinned != 0) {
      ++pinned;
      top_pin = std::max(top_pin, other.pinned);
    }
  if (r.pinned && pinned >= max_pinned)
    return make_error(errc::pinned_dialogs_too_much, "at most 5 dialogs may be pinned");
  d.pinned = r.pinned ? top_pin + 1 : 0;
  auto pts = st.ledger.take_pts();
  update_record rec{update_kind::dialog_pinned, 1, {}, r.to};
  rec.pinned = r.pinned;
  write_batch b;
  box_repo::put_update(b, st.uid, pts, rec);
  box_repo::put_dialog(b, st.uid, d);
  auto rp = self->make_response_promise();
  auto origin = r.origin;
  update u;
  u.kind = update_kind::dialog_pinned;
  u.pts = pts;
  u.pts_count = 1;
  u.to = r.to;
  u.pinned = r.pinned;
  commit(self, ctx, std::move(b), pts, rp, [=, &ctx]() mutable {
    rp.deliver(affected_messages{pts, 1});
    push(self, ctx, session_push{{u}, pts}, origin);
  });
  return rp;
}

caf::result<affected_messages> read_history(self_ptr self, node_context& ctx, box_repo& box,
                                            read_request& r) {
  auto& st = self->state;
  auto i = st.dialogs.find(r.to);
  // Every member of a chat has its dialog from the first service message on
  // (former members keep it): a chat without one was never the caller's, and
  // is refused as by every other chat method.
  if (i == st.dialogs.end() && r.to.type == peer_type::chat)
    return make_error(errc::chat_id_invalid);
  if (i == st.dialogs.end() || i->second.top_message == 0)
    return affected_messages{st.ledger.committed_pts(), 0};
  auto& d = i->second;
  auto max = !r.max_id.valid() ? d.top_message : std::min(r.max_id.value, d.top_message);
  if (max <= d.read_inbox_max_id)
    return affected_messages{st.ledger.committed_pts(), 0}; // nothing new was read
  auto unread = st.unflushed.count_incoming_after(box, st.uid, r.to, max);
  if (!unread)
    return unread.error();
  auto newest = st.unflushed.newest_incoming(box, st.uid, r.to, max);
  if (!newest)
    return newest.error();
  d.read_inbox_max_id = max;
  d.unread_count = *unread;
  auto pts = st.ledger.take_pts();
  update_record rec{update_kind::read_history_inbox, 1, {}, r.to, max, *unread};
  write_batch b;
  box_repo::put_update(b, st.uid, pts, rec);
  box_repo::put_dialog(b, st.uid, d);
  auto rp = self->make_response_promise();
  auto origin = r.origin;
  auto to = r.to;
  auto author = *newest ? (*newest)->from_id : 0;
  auto notice = read_notice{user_id{st.uid}, *newest ? (*newest)->dialog_message_id : 0,
                            chat_id{to.type == peer_type::chat ? to.id : 0}};
  commit(self, ctx, std::move(b), pts, rp, [=, &ctx]() mutable {
    rp.deliver(affected_messages{pts, 1});
    push(self, ctx, session_push{{read_update(update_kind::read_history_inbox, pts, rec)}, pts},
         origin);
    // Tell the author (best effort: a crash here loses only the receipt).
    if (notice.dmid != 0 && author != 0 && author != self->state.uid)
      self->send(ctx.directory, user_atom_v, user_id{author}, notice);
  });
  return rp;
}

void read_receipt(self_ptr self, node_context& ctx, box_repo& box, const read_notice& n) {
  auto& st = self->state;
  auto b0 = st.unflushed.box_of(box, st.uid, n.dmid);
  if (!b0 || !*b0)
    return;
  peer to =
    n.chat.valid() ? peer{peer_type::chat, n.chat.value} : peer{peer_type::user, n.reader.value};
  auto i = st.dialogs.find(to);
  if (i == st.dialogs.end() || **b0 <= i->second.read_outbox_max_id)
    return;
  auto& d = i->second;
  d.read_outbox_max_id = **b0;
  auto pts = st.ledger.take_pts();
  update_record rec{update_kind::read_history_outbox, 1, {}, to, **b0, 0};
  write_batch b;
  box_repo::put_update(b, st.uid, pts, rec);
  box_repo::put_dialog(b, st.uid, d);
  commit(self, ctx, std::move(b), pts, caf::response_promise{}, [=, &ctx] {
    push(self, ctx, session_push{{read_update(update_kind::read_history_outbox, pts, rec)}, pts},
         caf::actor{});
  });
}

} // namespace ag::user_detail
