#pragma once
/// Pending deliveries: one record per (message, recipient), written with the
/// sender's outbox batch and erased in that recipient's inbox batch, so a
/// delivery and the end of its debt commit atomically. Replayed on start-up.
#include "storage/kv/kv_store.hpp"
#include "storage/records.hpp"

namespace ag {

class outbox_repo {
public:
  explicit outbox_repo(kv_store& db) : db_(db) {}

  /// Every pending delivery (each names one recipient), oldest first.
  caf::expected<std::vector<pending_delivery>> all();

  /// One record per recipient of `p`.
  static void put(write_batch& b, const pending_delivery& p);
  static void erase(write_batch& b, std::uint64_t op_id, std::uint64_t recipient);

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
