#pragma once
/// kv_store on RocksDB: one column family per `cf`, opened (or created) in a
/// data directory. Families that exist on disk are always all opened.
#include <memory>
#include <string>

#include "core/settings.hpp"
#include "storage/kv/kv_store.hpp"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class Cache;
} // namespace rocksdb

namespace ag {

class rocksdb_store final : public kv_store {
public:
  /// Opens or creates the database in the data directory `path`, with the
  /// cache and memtable sizes of `s`; errors name the path and RocksDB's
  /// reason.
  [[nodiscard]] static caf::expected<std::unique_ptr<rocksdb_store>>
  open(const std::string& path, const storage_settings& s);
  ~rocksdb_store() override;

  caf::expected<std::optional<std::string>> get(cf f, std::string_view key) override;
  caf::expected<bool> view(cf f, std::string_view key,
                           const std::function<void(std::string_view)>& fn) override;
  caf::error scan(cf f, std::string_view lower, std::string_view upper, bool reverse,
                  const scan_fn& fn) override;
  caf::error write(const write_batch& batch, bool sync) override;
  std::vector<std::pair<std::string, double>> stats() override;

  /// Flushes memtables (used on clean shutdown so restart replays no WAL).
  void flush();

private:
  rocksdb_store() = default;
  rocksdb::DB* db_ = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_; // indexed by cf
  std::vector<rocksdb::ColumnFamilyHandle*> extra_;   // unknown families on disk
  std::shared_ptr<rocksdb::Cache> cache_;
};

} // namespace ag
