// A bot's updates from its own pts log (getUpdates): the cursor of what it
// confirmed, and the pages after it (core/rules/bot_updates.hpp).
#include "actors/user/detail/state.hpp"
#include "core/rules/bot_updates.hpp"

namespace ag::user_detail {

namespace {

/// Log records read per call at most: a bot that mostly talks itself (its
/// own messages are in its log too) still gets an answer soon, and the
/// next call goes on from `scanned`.
constexpr std::size_t max_scanned = 1000;

update callback_update(std::uint64_t pts, const update_record& rec, message pressed) {
  update u;
  u.kind = update_kind::callback_query;
  u.pts = pts;
  u.pts_count = 1;
  u.msg = std::move(pressed);
  u.to = rec.to;
  u.user_id = rec.from;
  u.data = rec.data;
  u.date = rec.date;
  return u;
}

caf::expected<bot_log_result> read_log(self_ptr self, box_repo& box, std::uint64_t from,
                                       const bot_log_request& r) {
  auto& st = self->state;
  auto top = st.ledger.committed_pts();
  bot_log_result out;
  out.scanned = from;
  auto limit = static_cast<std::size_t>(std::clamp<std::int32_t>(r.limit, 1, 100));
  std::size_t scanned = 0;
  while (out.updates.size() < limit && out.scanned < top && scanned < max_scanned) {
    auto log = box.updates_after(st.uid, out.scanned, 128);
    if (!log)
      return log.error();
    if (log->empty())
      break;
    for (auto& [pts, rec] : *log) {
      if (pts > top || out.updates.size() >= limit)
        break;
      out.scanned = pts;
      ++scanned;
      if ((rec.kind != update_kind::new_message && rec.kind != update_kind::edit_message
           && rec.kind != update_kind::callback_query)
          || rec.boxes.empty())
        continue;
      auto m = box.get(st.uid, rec.boxes.front());
      if (!m)
        return m.error();
      if (!*m)
        continue;
      auto u = rec.kind == update_kind::callback_query ? callback_update(pts, rec, std::move(**m))
                                                       : message_update(rec.kind, pts, **m);
      if (bot_updates::handed_out(u, r.since))
        out.updates.push_back(std::move(u));
    }
    if (out.scanned >= top || log->back().first > top)
      break;
  }
  return out;
}

} // namespace

caf::result<bot_log_result> bot_log(self_ptr self, node_context& ctx, box_repo& box,
                                    const bot_log_request& r) {
  auto& st = self->state;
  if (!st.bot_cursor) {
    auto c = box.bot_cursor(st.uid);
    if (!c)
      return c.error();
    st.bot_cursor = *c;
  }
  auto top = st.ledger.committed_pts();
  auto cursor = *st.bot_cursor;
  auto wanted = std::min(r.confirm, top);
  if (r.keep_last > 0 && top > r.keep_last)
    wanted = std::max(wanted, top - r.keep_last);
  auto next = std::max(cursor, wanted);
  auto page = read_log(self, box, std::max(next, r.after), r);
  if (!page)
    return page.error();
  // What was read and not handed out never will be (the bot's own
  // messages, other kinds, expired ones): the cursor moves past it, so a
  // bot that talks a lot does not rescan its own words at every poll.
  auto skipped = page->updates.empty() ? page->scanned : page->updates.front().pts - 1;
  next = std::max(next, skipped);
  page->cursor = next;
  page->top = top;
  if (next == cursor)
    return std::move(*page);
  // Confirmed updates are gone for good: answer once that is stored.
  write_batch b;
  box_repo::put_bot_cursor(b, st.uid, next);
  auto rp = self->make_response_promise<bot_log_result>();
  st.commits.submit(self, ctx.writer, std::move(b),
                    [self, rp, next, page = std::move(*page)](const caf::error& err) mutable {
                      if (err) {
                        rp.deliver(err);
                        return;
                      }
                      auto& c = self->state.bot_cursor;
                      c = std::max(c.value_or(0), next);
                      rp.deliver(std::move(page));
                    });
  return rp;
}

} // namespace ag::user_detail
