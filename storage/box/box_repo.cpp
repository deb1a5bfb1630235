#include "storage/box/box_repo.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "storage/keys.hpp"

namespace ag {

namespace {

caf::error corrupt(std::string_view what) {
  return corrupt_record(what);
}

// The trailing u64 of the last key with `prefix`, or 0.
caf::expected<std::uint64_t> last_in(kv_store& db, cf f, const std::string& prefix) {
  std::uint64_t last = 0;
  auto err =
    db.scan(f, prefix, keys::prefix_end(prefix), true, [&](std::string_view k, std::string_view) {
      last = keys::trailing_u64(k);
      return false;
    });
  if (err)
    return err;
  return last;
}

} // namespace

caf::expected<std::uint64_t> box_repo::last_box(std::uint64_t uid) {
  return last_in(db_, cf::messages, keys::message_prefix(uid));
}

caf::expected<std::uint64_t> box_repo::last_pts(std::uint64_t uid) {
  return last_in(db_, cf::updates, keys::update_prefix(uid));
}

caf::expected<std::uint64_t> box_repo::bot_cursor(std::uint64_t uid) {
  auto v = db_.get(cf::messages, keys::bot_cursor(uid));
  if (!v)
    return v.error();
  if (!*v)
    return std::uint64_t{0};
  auto pts = records::decode_u64(**v);
  if (!pts)
    return corrupt("bot cursor");
  return *pts;
}

void box_repo::put_bot_cursor(write_batch& b, std::uint64_t uid, std::uint64_t pts) {
  b.put(cf::messages, keys::bot_cursor(uid), records::encode_u64(pts));
}

caf::expected<std::optional<message>> box_repo::get(std::uint64_t uid, std::uint64_t box) {
  auto v = db_.get(cf::messages, keys::message(uid, box));
  if (!v)
    return v.error();
  if (!*v)
    return std::optional<message>{};
  auto m = records::decode_message(**v);
  if (!m)
    return corrupt("message");
  return std::optional<message>{std::move(*m)};
}

caf::expected<std::optional<std::uint64_t>> box_repo::box_of(std::uint64_t uid,
                                                             std::uint64_t dmid) {
  auto v = db_.get(cf::messages, keys::dedupe(uid, dmid));
  if (!v)
    return v.error();
  if (!*v)
    return std::optional<std::uint64_t>{};
  auto b = records::decode_u64(**v);
  if (!b)
    return corrupt("dedupe");
  return std::optional<std::uint64_t>{*b};
}

caf::expected<std::optional<std::pair<std::uint64_t, std::int64_t>>>
box_repo::random(std::uint64_t uid, std::uint64_t random_id) {
  using result = std::optional<std::pair<std::uint64_t, std::int64_t>>;
  auto v = db_.get(cf::messages, keys::random(uid, random_id));
  if (!v)
    return v.error();
  if (!*v)
    return result{};
  auto r = records::decode_random(**v);
  if (!r)
    return corrupt("random_id");
  return result{*r};
}

caf::expected<std::vector<message>> box_repo::history(std::uint64_t uid, const history_query& q) {
  auto prefix = keys::history_prefix(uid, q.to);
  // min_id/max_id narrow the whole range: (min_id, max_id).
  auto end = q.max_id != 0 ? keys::history(uid, q.to, q.max_id) : keys::prefix_end(prefix);
  if (q.min_id != 0)
    prefix = keys::history(uid, q.to, q.min_id + 1);
  if (prefix >= end)
    return std::vector<message>{};
  std::vector<std::uint64_t> boxes;
  auto limit = static_cast<std::size_t>(std::max<std::int32_t>(q.limit, 0));
  // Newer part (negative add_offset): up to -add_offset ids >= offset_id.
  if (q.add_offset < 0 && q.offset_id != 0) {
    auto want = std::min<std::size_t>(static_cast<std::size_t>(-q.add_offset), limit);
    auto err = db_.scan(cf::messages, std::max(keys::history(uid, q.to, q.offset_id), prefix), end,
                        false, [&](std::string_view k, std::string_view) {
                          boxes.push_back(keys::trailing_u64(k));
                          return boxes.size() < want;
                        });
    if (err)
      return err;
    std::reverse(boxes.begin(), boxes.end());
  }
  // Older part: ids < offset_id (all when 0), skipping a positive add_offset.
  auto skip = q.add_offset > 0 ? static_cast<std::size_t>(q.add_offset) : 0;
  std::string upper = q.offset_id != 0 ? std::min(keys::history(uid, q.to, q.offset_id), end) : end;
  if (boxes.size() < limit) {
    auto err =
      db_.scan(cf::messages, prefix, upper, true, [&](std::string_view k, std::string_view) {
        if (skip > 0) {
          --skip;
          return true;
        }
        boxes.push_back(keys::trailing_u64(k));
        return boxes.size() < limit;
      });
    if (err)
      return err;
  }
  std::vector<message> out;
  out.reserve(boxes.size());
  for (auto b : boxes) {
    auto m = get(uid, b);
    if (!m)
      return m.error();
    if (*m)
      out.push_back(std::move(**m));
  }
  return out;
}

caf::expected<std::optional<message>>
box_repo::newest_incoming(std::uint64_t uid, const peer& p, std::uint64_t max,
                          const std::vector<std::uint64_t>& skip) {
  auto prefix = keys::history_prefix(uid, p);
  std::uint64_t found = 0;
  auto err = db_.scan(cf::messages, prefix, keys::history(uid, p, max + 1), true,
                      [&](std::string_view k, std::string_view v) {
                        auto b = keys::trailing_u64(k);
                        if (v.size() == 1 && v[0] == '\1'
                            && std::find(skip.begin(), skip.end(), b) == skip.end()) {
                          found = b;
                          return false;
                        }
                        return true;
                      });
  if (err)
    return err;
  if (found == 0)
    return std::optional<message>{};
  return get(uid, found);
}

caf::expected<std::optional<message>> box_repo::newest(std::uint64_t uid, const peer& p,
                                                       const std::vector<std::uint64_t>& skip) {
  auto prefix = keys::history_prefix(uid, p);
  std::uint64_t found = 0;
  auto err = db_.scan(cf::messages, prefix, keys::prefix_end(prefix), true,
                      [&](std::string_view k, std::string_view) {
                        auto b = keys::trailing_u64(k);
                        if (std::find(skip.begin(), skip.end(), b) != skip.end())
                          return true;
                        found = b;
                        return false;
                      });
  if (err)
    return err;
  if (found == 0)
    return std::optional<message>{};
  return get(uid, found);
}

namespace {

char lower_ascii(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool contains_folded(std::string_view hay, std::string_view needle_lower) {
  if (needle_lower.size() > hay.size())
    return false;
  for (std::size_t i = 0; i + needle_lower.size() <= hay.size(); ++i) {
    std::size_t j = 0;
    while (j < needle_lower.size() && lower_ascii(hay[i + j]) == needle_lower[j])
      ++j;
    if (j == needle_lower.size())
      return true;
  }
  return false;
}

} // namespace

caf::expected<search_page> box_repo::search(std::uint64_t uid, const search_query& q,
                                            std::size_t max_scanned) {
  std::string needle;
  for (char c : q.text)
    needle.push_back(lower_ascii(c));
  search_page page;
  std::size_t scanned = 0;
  auto limit = static_cast<std::size_t>(std::max<std::int32_t>(q.limit, 1));
  std::string lower, upper;
  bool one_dialog = q.to.id != 0;
  if (one_dialog) {
    lower = keys::history_prefix(uid, q.to);
    upper = q.offset_id != 0 ? keys::history(uid, q.to, q.offset_id) : keys::prefix_end(lower);
  } else {
    lower = keys::message_prefix(uid);
    upper = q.offset_id != 0 ? keys::message(uid, q.offset_id) : keys::prefix_end(lower);
  }
  bool bad = false;
  std::uint64_t last = 0;
  auto consider = [&](const message& m) {
    if (!m.deleted && m.action.kind == action_kind::none && contains_folded(m.text, needle))
      page.messages.push_back(m);
  };
  auto err =
    db_.scan(cf::messages, lower, upper, true, [&](std::string_view k, std::string_view v) {
      last = keys::trailing_u64(k);
      if (one_dialog) {
        auto m = get(uid, last);
        if (!m || !*m) {
          bad = !m;
          return !bad;
        }
        consider(**m);
      } else {
        auto m = records::decode_message(v);
        if (!m) {
          bad = true;
          return false;
        }
        consider(*m);
      }
      if (page.messages.size() >= limit)
        return false;
      if (++scanned >= max_scanned) {
        page.next_offset_id = last;
        return false;
      }
      return true;
    });
  if (err)
    return err;
  if (bad)
    return corrupt("message");
  if (page.messages.size() >= limit)
    page.next_offset_id = page.messages.back().id;
  return page;
}

caf::expected<std::int32_t> box_repo::count_incoming_after(std::uint64_t uid, const peer& p,
                                                           std::uint64_t after,
                                                           const std::vector<std::uint64_t>& skip) {
  auto prefix = keys::history_prefix(uid, p);
  std::int32_t n = 0;
  auto err =
    db_.scan(cf::messages, keys::history(uid, p, after + 1), keys::prefix_end(prefix), false,
             [&](std::string_view k, std::string_view v) {
               if (v.size() == 1 && v[0] == '\1'
                   && std::find(skip.begin(), skip.end(), keys::trailing_u64(k)) == skip.end())
                 ++n;
               return true;
             });
  if (err)
    return err;
  return n;
}

caf::expected<std::vector<dialog_state>> box_repo::dialogs(std::uint64_t uid) {
  std::vector<dialog_state> out;
  auto prefix = keys::dialog_prefix(uid);
  auto err = scan_records(db_, cf::dialogs, prefix, keys::prefix_end(prefix), false, "dialog",
                          records::decode_dialog, [&](std::string_view, dialog_state d) {
                            out.push_back(std::move(d));
                            return true;
                          });
  if (err)
    return err;
  // A dialog's record is written when the dialog begins and when its read
  // marks or pin change, not for every message: its top message and unread
  // count come from the history index.
  for (auto& d : out) {
    auto top = newest(uid, d.to);
    if (!top)
      return top.error();
    d.top_message = *top ? (*top)->id : 0;
    d.top_date = *top ? (*top)->date : 0;
    auto unread = count_incoming_after(uid, d.to, d.read_inbox_max_id);
    if (!unread)
      return unread.error();
    d.unread_count = *unread;
  }
  return out;
}

caf::expected<std::optional<dialog_state>> box_repo::dialog(std::uint64_t uid, const peer& p) {
  auto v = db_.get(cf::dialogs, keys::dialog(uid, p));
  if (!v)
    return v.error();
  if (!*v)
    return std::optional<dialog_state>{};
  auto d = records::decode_dialog(**v);
  if (!d)
    return corrupt("dialog");
  return std::optional<dialog_state>{std::move(*d)};
}

caf::expected<std::vector<std::pair<std::uint64_t, update_record>>>
box_repo::updates_after(std::uint64_t uid, std::uint64_t after, std::size_t limit) {
  std::vector<std::pair<std::uint64_t, update_record>> out;
  auto prefix = keys::update_prefix(uid);
  auto err =
    scan_records(db_, cf::updates, keys::update(uid, after + 1), keys::prefix_end(prefix), false,
                 "update", records::decode_update, [&](std::string_view k, update_record u) {
                   out.emplace_back(keys::trailing_u64(k), std::move(u));
                   return out.size() < limit;
                 });
  if (err)
    return err;
  return out;
}

void box_repo::put_message(write_batch& b, const message& m) {
  b.put(cf::messages, keys::message(m.owner, m.id), records::encode(m));
  // The index value says whether the copy is incoming (for unread counts).
  b.put(cf::messages, keys::history(m.owner, m.to, m.id),
        m.out ? std::string(1, '\0') : std::string(1, '\1'));
  b.put(cf::messages, keys::dedupe(m.owner, m.dialog_message_id), records::encode_u64(m.id));
  if (m.media.kind != media_kind::none && !m.deleted) {
    b.put(cf::messages, keys::file_access(m.owner, m.media.file, m.id), std::string{});
    b.put(cf::files, keys::file_ref(m.media.file, m.owner, m.id), std::string{});
  }
}

void box_repo::put_tombstone(write_batch& b, std::uint64_t uid, std::uint64_t dmid) {
  b.put(cf::messages, keys::dedupe(uid, dmid), records::encode_u64(0));
}

void box_repo::mark_deleted(write_batch& b, message m) {
  m.deleted = true;
  b.put(cf::messages, keys::message(m.owner, m.id), records::encode(m));
  b.erase(cf::messages, keys::history(m.owner, m.to, m.id));
  if (m.media.kind != media_kind::none) {
    b.erase(cf::messages, keys::file_access(m.owner, m.media.file, m.id));
    b.erase(cf::files, keys::file_ref(m.media.file, m.owner, m.id));
  }
}

void box_repo::put_random(write_batch& b, std::uint64_t uid, std::uint64_t random_id,
                          std::uint64_t box, std::int64_t date) {
  b.put(cf::messages, keys::random(uid, random_id), records::encode_random(box, date));
}

void box_repo::put_update(write_batch& b, std::uint64_t uid, std::uint64_t pts,
                          const update_record& u) {
  b.put(cf::updates, keys::update(uid, pts), records::encode(u));
}

void box_repo::put_dialog(write_batch& b, std::uint64_t uid, const dialog_state& d) {
  b.put(cf::dialogs, keys::dialog(uid, d.to), records::encode(d));
}

} // namespace ag
