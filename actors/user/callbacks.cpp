// Callback queries on a bot's user actor: a user's press of an inline
// button is logged as an update of the bot (getUpdates hands it out as a
// CallbackQuery whose id is the update's pts) and waits here for the
// bot's answerCallbackQuery, or the timeout (docs/bots.md, "Callback queries").
#include "actors/user/detail/state.hpp"
#include "core/error.hpp"

namespace ag::user_detail {

caf::result<callback_answer> ask_callback(self_ptr self, node_context& ctx, box_repo& box,
                                          const callback_ask& a) {
  auto& st = self->state;
  if (st.callbacks.size() >= max_waiting_callbacks)
    return make_error(errc::flood_wait, "the bot has too many unanswered callback queries", 1);
  if (st.blocked.count(a.from.value) > 0)
    return make_error(errc::user_blocked);
  auto b = st.unflushed.box_of(box, st.uid, a.dmid);
  if (!b)
    return b.error();
  if (!*b || **b == 0)
    return make_error(errc::message_id_invalid, "the bot no longer has this message");
  auto pts = st.ledger.take_pts();
  update_record rec{update_kind::callback_query, 1, {**b}, a.chat};
  rec.from = a.from.value;
  rec.date = ctx.now_s();
  rec.data = a.data;
  write_batch w;
  box_repo::put_update(w, st.uid, pts, rec);
  auto rp = self->make_response_promise<callback_answer>();
  st.callbacks.emplace(pts, rp);
  // Only the bot's feed (or webhook) listens: it reads the log itself.
  update u;
  u.kind = update_kind::callback_query;
  u.pts = pts;
  u.pts_count = 1;
  commit(self, ctx, std::move(w), pts, rp, [=, &ctx]() mutable {
    push(self, ctx, session_push{{u}, pts}, caf::actor{});
    self->delayed_send(self, ctx.settings.bots.callback_timeout(), expire_atom_v, pts);
  });
  return rp;
}

caf::result<bool> answer_callback(self_ptr self, const callback_reply& r) {
  auto& waiting = self->state.callbacks;
  auto i = waiting.find(r.pts);
  if (i == waiting.end())
    return make_error(errc::query_id_invalid);
  i->second.deliver(r.answer);
  waiting.erase(i);
  return true;
}

void expire_callback(self_ptr self, std::uint64_t pts) {
  auto& waiting = self->state.callbacks;
  auto i = waiting.find(pts);
  if (i == waiting.end())
    return;
  i->second.deliver(make_error(errc::bot_response_timeout));
  waiting.erase(i);
}

} // namespace ag::user_detail
