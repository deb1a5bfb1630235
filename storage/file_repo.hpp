#pragma once
/// Stored files in the `files` family. A finished upload's parts stay where
/// they were written (no 2 GB copy); the file record points at them. Equal
/// content is stored once: the sha256 index finds an existing file, whose
/// reference count grows instead. docs/storage.md has the keys.
#include "storage/kv_store.hpp"
#include "storage/upload_repo.hpp"

namespace ag {

struct stored_file {
  std::uint64_t id = 0;
  std::uint64_t owner = 0;     ///< the first uploader
  std::uint64_t src_owner = 0; ///< where the parts live: (src_owner, src_file_id)
  std::uint64_t src_file_id = 0;
  std::uint64_t size = 0;
  std::uint32_t part_size = 0; ///< every part but the last
  std::uint32_t parts = 0;
  std::string sha256; ///< 32 raw bytes
  std::int64_t created = 0;
  std::uint32_t refs = 1; ///< uploads (and, later, messages) holding it
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, stored_file& x) {
  return f(caf::meta::type_name("stored_file"), x.id, x.owner, x.src_owner, x.src_file_id, x.size,
           x.part_size, x.parts, x.sha256, x.created, x.refs);
}

class file_repo {
public:
  explicit file_repo(kv_store& db) : db_(db) {}

  caf::expected<std::optional<stored_file>> find(std::uint64_t fid);
  caf::expected<std::optional<std::uint64_t>> by_hash(std::string_view sha256);
  /// The file an upload id became, if it did.
  caf::expected<std::optional<std::uint64_t>> spent(std::uint64_t uid, std::uint64_t file_id);
  /// The bytes of part `index` of `f`.
  caf::expected<std::optional<std::string>> part(const stored_file& f, std::uint32_t index);

  static void put(write_batch& b, const stored_file& f);
  static void put_hash(write_batch& b, const stored_file& f);
  static void put_spent(write_batch& b, std::uint64_t uid, std::uint64_t file_id,
                        std::uint64_t fid);

  static std::string encode(const stored_file& f);
  static std::optional<stored_file> decode(std::string_view v);

private:
  kv_store& db_;
};

} // namespace ag
