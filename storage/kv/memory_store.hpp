#pragma once
/// kv_store in memory (tests only): ordered maps per family under one mutex.
/// Same semantics as rocksdb_store, checked by the same conformance suite.
#include <array>
#include <map>
#include <mutex>

#include "storage/kv/kv_store.hpp"

namespace ag {

class memory_store final : public kv_store {
public:
  caf::expected<std::optional<std::string>> get(cf f, std::string_view key) override;
  caf::error scan(cf f, std::string_view lower, std::string_view upper, bool reverse,
                  const scan_fn& fn) override;
  caf::error write(const write_batch& batch, bool sync) override;

  /// For tests of failure paths: the next `n` writes fail with
  /// STORAGE_FAILURE and change nothing (as a refused RocksDB batch).
  void fail_next_writes(std::size_t n);

private:
  std::mutex mtx_;
  std::size_t failing_writes_ = 0;
  std::array<std::map<std::string, std::string, std::less<>>, static_cast<std::size_t>(cf::count_)>
    data_;
};

} // namespace ag
