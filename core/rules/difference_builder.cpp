#include "core/rules/difference_builder.hpp"

namespace ag::difference_builder {

std::optional<result> build(std::uint64_t from, std::uint64_t top,
                            const std::vector<std::pair<std::uint64_t, update_record>>& log,
                            const message_lookup& lookup) {
  result out;
  std::uint64_t last = from;
  for (auto& [pts, rec] : log) {
    if (pts > top)
      break; // not committed yet as far as clients know
    last = pts;
    update u;
    u.kind = rec.kind;
    u.pts = pts;
    u.pts_count = rec.pts_count;
    u.to = rec.to;
    switch (rec.kind) {
    case update_kind::new_message:
    case update_kind::edit_message: {
      if (rec.boxes.empty())
        continue;
      std::optional<message> m;
      if (!lookup(rec.boxes.front(), m))
        return std::nullopt;
      if (!m || m->deleted)
        continue; // a later updateDeleteMessages follows
      if (rec.kind == update_kind::new_message) {
        out.new_messages.push_back(std::move(*m));
        continue;
      }
      u.msg = std::move(*m);
      break;
    }
    case update_kind::delete_messages:
      u.ids = rec.boxes;
      break;
    case update_kind::read_history_inbox:
    case update_kind::read_history_outbox:
      u.max_id = rec.max_id;
      u.still_unread = rec.still_unread;
      break;
    case update_kind::dialog_pinned:
      u.pinned = rec.pinned;
      break;
    default:
      continue;
    }
    out.other_updates.push_back(std::move(u));
  }
  out.pts = last;
  out.k = last < top ? kind::slice : kind::full;
  return out;
}

} // namespace ag::difference_builder
