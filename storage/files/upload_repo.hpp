#pragma once
/// Unfinished uploads in the `files` family: one record per (uploader,
/// file_id), the parts' bytes (blob values) and a small size entry per part
/// so listing parts never reads their bytes. docs/storage.md has the keys.
#include <utility>

#include "storage/kv/kv_store.hpp"

namespace ag {

struct upload_record {
  std::uint64_t owner = 0;
  std::uint64_t file_id = 0;
  std::int64_t created = 0; ///< Unix seconds
  std::int64_t updated = 0; ///< Unix seconds of the last part
  std::uint64_t bytes = 0;  ///< sum of the stored parts
  std::uint32_t total = 0;  ///< parts the client declared (0: none)
};

/// A stored part: its index and size.
using part_entry = std::pair<std::uint32_t, std::uint32_t>;

class upload_repo {
public:
  explicit upload_repo(kv_store& db) : db_(db) {}

  caf::expected<std::optional<upload_record>> find(std::uint64_t uid, std::uint64_t file_id);
  /// The stored parts of an upload, by index.
  caf::expected<std::vector<part_entry>> parts(std::uint64_t uid, std::uint64_t file_id);
  caf::expected<std::optional<std::string>> part(std::uint64_t uid, std::uint64_t file_id,
                                                 std::uint32_t index);
  /// Every unfinished upload of every user (start-up and expiry).
  caf::expected<std::vector<upload_record>> all();

  static void put(write_batch& b, const upload_record& r);
  static void put_part(write_batch& b, std::uint64_t uid, std::uint64_t file_id,
                       std::uint32_t index, std::string bytes);
  /// Deletes the record and every part in `parts`.
  static void erase(write_batch& b, const upload_record& r, const std::vector<part_entry>& parts);

  static std::string encode(const upload_record& r);
  static std::optional<upload_record> decode(std::string_view v);

private:
  kv_store& db_;
};

} // namespace ag
