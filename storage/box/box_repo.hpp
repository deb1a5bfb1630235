#pragma once
/// One user's message box: messages with their history, dedupe and random_id
/// indexes, the pts log and per-dialog state. Only that user's actor writes it.
#include "core/model/query.hpp"
#include "storage/kv/kv_store.hpp"
#include "storage/records.hpp"

namespace ag {

class box_repo {
public:
  explicit box_repo(kv_store& db) : db_(db) {}

  caf::expected<std::uint64_t> last_box(std::uint64_t uid);
  caf::expected<std::uint64_t> last_pts(std::uint64_t uid);
  caf::expected<std::optional<message>> get(std::uint64_t uid, std::uint64_t box);
  caf::expected<std::optional<std::uint64_t>> box_of(std::uint64_t uid, std::uint64_t dmid);
  /// (box id, date) recorded for a sender's random_id.
  caf::expected<std::optional<std::pair<std::uint64_t, std::int64_t>>>
  random(std::uint64_t uid, std::uint64_t random_id);
  caf::expected<std::vector<message>> history(std::uint64_t uid, const history_query& q);
  /// Every dialog of `uid`, its top message and unread count derived from
  /// the history index (the stored record may hold older ones).
  caf::expected<std::vector<dialog_state>> dialogs(std::uint64_t uid);
  /// The newest message of the dialog not in `skip`, if any.
  caf::expected<std::optional<message>> newest(std::uint64_t uid, const peer& p,
                                               const std::vector<std::uint64_t>& skip = {});
  /// Scans at most `max_scanned` messages; a page may then be short but has
  /// next_offset_id set.
  caf::expected<search_page> search(std::uint64_t uid, const search_query& q,
                                    std::size_t max_scanned = 20000);
  /// The newest incoming message of the dialog with a box id <= `max`, not in `skip`.
  caf::expected<std::optional<message>>
  newest_incoming(std::uint64_t uid, const peer& p, std::uint64_t max,
                  const std::vector<std::uint64_t>& skip = {});
  /// Incoming messages of the dialog with box ids above `after`.
  caf::expected<std::int32_t> count_incoming_after(std::uint64_t uid, const peer& p,
                                                   std::uint64_t after,
                                                   const std::vector<std::uint64_t>& skip = {});
  caf::expected<std::optional<dialog_state>> dialog(std::uint64_t uid, const peer& p);
  /// Updates with pts in (after, ...], at most `limit`, ascending.
  caf::expected<std::vector<std::pair<std::uint64_t, update_record>>>
  updates_after(std::uint64_t uid, std::uint64_t after, std::size_t limit);

  /// A bot's confirmed pts (getUpdates' offset), 0 when none yet.
  caf::expected<std::uint64_t> bot_cursor(std::uint64_t uid);
  static void put_bot_cursor(write_batch& b, std::uint64_t uid, std::uint64_t pts);

  /// Adds the message and its history and dedupe index entries.
  static void put_message(write_batch& b, const message& m);
  /// Marks `dmid` as deleted before it arrived: box_of answers 0 (present,
  /// no copy), so a late delivery is a duplicate.
  static void put_tombstone(write_batch& b, std::uint64_t uid, std::uint64_t dmid);
  /// Soft delete: the copy stays (flagged) but leaves the dialog's history.
  static void mark_deleted(write_batch& b, message m);
  static void put_random(write_batch& b, std::uint64_t uid, std::uint64_t random_id,
                         std::uint64_t box, std::int64_t date);
  static void put_update(write_batch& b, std::uint64_t uid, std::uint64_t pts,
                         const update_record& u);
  static void put_dialog(write_batch& b, std::uint64_t uid, const dialog_state& d);

private:
  kv_store& db_;
};

} // namespace ag
