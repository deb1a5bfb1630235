#pragma once
/// Which shards hold a stored record (docs/cluster.md "Which data a shard
/// holds"): what a hand-off streams, and what a frozen shard's write fence
/// refuses. Keys start with a tag and the owning user or chat id, so most
/// records name their id in the key; an authorization names its user in its
/// value, a pending delivery its author, and a username or email index entry
/// is held both by the shard of its text key (the authoritative entry) and
/// by its user's (the home node's copy).
#include <cstdint>
#include <string_view>

#include "storage/kv/column_families.hpp"

namespace ag::shard_records {

/// The ids (user or chat ids, or a text key's key_id) whose shards hold a
/// record: 0 for none. A node's own records (sequences, meta, stored files
/// with their bytes, hashes and media, uploads) have none: they never move;
/// a reader's grant and a copy's reference to a file move with the reader.
struct holders {
  std::uint64_t first = 0;
  std::uint64_t second = 0;
  bool empty() const { return first == 0 && second == 0; }
};

/// From the key and the value.
holders of_record(cf family, std::string_view key, std::string_view value);

/// From the key alone (a write fence sees deletes too): an authorization's
/// and a pending delivery's keys do not say (their batches always carry a key
/// that does: the user's authorization index, the author's box).
holders of_key(cf family, std::string_view key);

} // namespace ag::shard_records
