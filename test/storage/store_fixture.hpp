#pragma once
// Both kv_store backends behind one fixture, so every storage test runs on
// a real RocksDB in a temporary directory and on the memory backend.
#include <filesystem>
#include <memory>
#include <random>

#include "core/model/model.hpp"
#include "storage/kv/memory_store.hpp"
#include "storage/kv/rocksdb_store.hpp"

namespace ag::test {

/// A unique temporary directory, removed on destruction.
struct temp_dir {
  std::filesystem::path path;
  temp_dir() {
    std::random_device rd;
    path = std::filesystem::temp_directory_path()
           / ("actorgram-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path);
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

/// Small caches and memtables: tests open many stores.
inline storage_settings test_storage() {
  storage_settings s;
  s.block_cache_mb = 8;
  s.write_buffer_mb = 4;
  return s;
}

struct rocksdb_backend {
  temp_dir dir;
  std::unique_ptr<rocksdb_store> store;
  rocksdb_backend() { reopen(); }
  void reopen() {
    store.reset();
    auto s = rocksdb_store::open(dir.path.string(), test_storage());
    if (!s)
      throw std::runtime_error("cannot open test RocksDB");
    store = std::move(*s);
  }
  kv_store& db() { return *store; }
  static constexpr bool durable = true;
};

struct memory_backend {
  memory_store store;
  kv_store& db() { return store; }
  void reopen() {}
  static constexpr bool durable = false;
};

/// Copy `box` in `owner`'s box of a photo message carrying file `fid`.
inline message media_copy(std::uint64_t owner, std::uint64_t box, std::uint64_t fid) {
  message m;
  m.owner = owner;
  m.id = box;
  m.dialog_message_id = 5000 + box;
  m.to = peer{peer_type::user, 7};
  m.media.kind = media_kind::photo;
  m.media.file = fid;
  return m;
}

} // namespace ag::test
