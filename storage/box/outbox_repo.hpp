#pragma once
/// Pending deliveries, written with the sender's outbox batch and replayed
/// on start-up. With one recipient (a private dialog) the record is keyed by
/// it and erased in that recipient's inbox batch, so a delivery and the end
/// of its debt commit atomically. With several (a chat) one record names
/// them all and the actor fanning it out settles it once all have
/// committed (see one_record_for_all).
#include "storage/kv/kv_store.hpp"
#include "storage/records.hpp"

namespace ag {

class outbox_repo {
public:
  explicit outbox_repo(kv_store& db) : db_(db) {}

  /// Every pending delivery, oldest first (`for_all` set from the key).
  caf::expected<std::vector<pending_delivery>> all();

  /// The record(s) owing `p` to its recipients.
  static void put(write_batch& b, const pending_delivery& p);
  /// Erases the record owed to `recipient` alone.
  static void erase(write_batch& b, std::uint64_t op_id, std::uint64_t recipient);
  /// Replaces the record for all of `p`'s recipients by one owing
  /// `still_owed` only (none: just erased).
  static void settle_for_all(write_batch& b, const pending_delivery& p,
                             const std::vector<std::uint64_t>& still_owed);
  /// Either kind of record once its fan-out ended: a record for all as
  /// settle_for_all; a recipient's own record erased unless it is still
  /// owed (then it stays for a replay).
  static void settle(write_batch& b, const pending_delivery& p,
                     const std::vector<std::uint64_t>& still_owed);

private:
  kv_store& db_;
};

/// Durable named sequences and node metadata.
class meta_repo {
public:
  explicit meta_repo(kv_store& db) : db_(db) {}

  caf::expected<std::uint64_t> sequence_bound(std::string_view name);
  static void set_sequence_bound(write_batch& b, std::string_view name, std::uint64_t bound);

  caf::expected<std::optional<std::string>> get(std::string_view key);
  static void put(write_batch& b, std::string_view key, std::string value);

private:
  kv_store& db_;
};

} // namespace ag
