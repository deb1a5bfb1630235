#include "storage/kv/rocksdb_store.hpp"

#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/perf_level.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include "core/error.hpp"

namespace ag {

namespace {

caf::error failed(const rocksdb::Status& s, std::string what) {
  return make_error(errc::storage_failure, what + ": " + s.ToString());
}

/// A read or write RocksDB refused while the node runs. Its text may name
/// files of the data directory ("... /data/000004.log: No space left on
/// device"), so it is logged (storage_error) and clients see only
/// STORAGE_FAILURE. Open errors are the operator's: main prints them.
caf::error io_failed(const rocksdb::Status& s, const std::string& what) {
  return storage_error(what + ": " + s.ToString());
}

/// RocksDB counts into a thread-local perf context by default
/// (kEnableCount): every memtable key comparison then reaches a
/// thread-local of a shared library through __tls_get_addr, over a tenth of
/// a node's instructions per message (docs/benchmarks.md). Turned off once
/// per thread that calls RocksDB.
void without_perf_counters() {
  thread_local bool off = false;
  if (!off) {
    rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
    off = true;
  }
}

rocksdb::Slice slice(std::string_view s) {
  return s.empty() ? rocksdb::Slice{"", 0} : rocksdb::Slice{s.data(), s.size()};
}

/// File parts (up to 512 KiB) go to blob files: the LSM tree then holds
/// only keys and blob references, so compactions do not rewrite the bytes.
/// No blob garbage collection in compactions: it relocated the oldest
/// quarter of all blobs on every compaction, an eighth of a 1 GiB upload's
/// CPU (docs/benchmarks.md). A blob file goes when none of its parts is
/// referenced any more (expired uploads, purged files).
rocksdb::ColumnFamilyOptions with_blobs(rocksdb::ColumnFamilyOptions o) {
  o.enable_blob_files = true;
  o.min_blob_size = 4096;
  o.blob_file_size = 256ull << 20;
  o.enable_blob_garbage_collection = false;
  o.write_buffer_size = std::max<std::size_t>(o.write_buffer_size, 64ull << 20);
  return o;
}

/// Whether files in `dir` open with O_DIRECT (probed with a scratch file).
bool direct_io_works(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  auto probe = dir + "/.direct-io-probe";
  int fd = ::open(probe.c_str(), O_CREAT | O_WRONLY | O_DIRECT, 0600);
  if (fd < 0)
    return false;
  ::close(fd);
  ::unlink(probe.c_str());
  return true;
}

} // namespace

caf::expected<std::unique_ptr<rocksdb_store>> rocksdb_store::open(const std::string& path,
                                                                  const storage_settings& s) {
  std::unique_ptr<rocksdb_store> self{new rocksdb_store};
  self->cache_ = rocksdb::NewLRUCache(s.block_cache_mb << 20);
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = self->cache_;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10, false));
  table.cache_index_and_filter_blocks = true;
  rocksdb::ColumnFamilyOptions cf_opts;
  cf_opts.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  cf_opts.write_buffer_size = s.write_buffer_mb << 20;
  cf_opts.compression = rocksdb::kNoCompression;
  rocksdb::DBOptions db_opts;
  db_opts.create_if_missing = true;
  db_opts.create_missing_column_families = true;
  db_opts.max_background_jobs = 2;
  db_opts.keep_log_file_num = 4;
  // Flushes write file parts a second time (the WAL was the first): with
  // O_DIRECT they skip the page cache copy, which was a fifth of a 1 GiB
  // upload's CPU (docs/benchmarks.md). Not every file system has it (tmpfs).
  db_opts.use_direct_io_for_flush_and_compaction = direct_io_works(path);
  // Reopening requires every family on disk, including any we do not know.
  std::vector<std::string> existing;
  rocksdb::DB::ListColumnFamilies(db_opts, path, &existing);
  std::vector<rocksdb::ColumnFamilyDescriptor> descs;
  descs.emplace_back(rocksdb::kDefaultColumnFamilyName, cf_opts);
  // Most keys of one user's box ('m', 'g' by box id or dialog_message_id;
  // the pts log) arrive in increasing order, so memtable inserts start from
  // the last position of the same prefix (tag + user) instead of searching
  // the skip list from the top. (A finer prefix for history keys, per user
  // and peer, was measured slower: its hint table grew with every pair.)
  auto hinted = [&](std::shared_ptr<const rocksdb::SliceTransform> prefix) {
    auto o = cf_opts;
    o.memtable_insert_with_hint_prefix_extractor = std::move(prefix);
    return o;
  };
  for (auto name : cf_names) {
    if (name == "messages") {
      auto o =
        hinted(std::shared_ptr<const rocksdb::SliceTransform>(rocksdb::NewFixedPrefixTransform(9)));
      // Every message looks up a key that is almost never there (the
      // sender's random_id, the recipient's dialog_message_id): a bloom
      // filter over the memtable's keys answers those without walking its
      // skip list (a tenth of a pinned node's CPU at saturation).
      o.memtable_prefix_bloom_size_ratio = 0.02;
      o.memtable_whole_key_filtering = true;
      descs.emplace_back(std::string{name}, o);
    } else if (name == "updates")
      descs.emplace_back(std::string{name}, hinted(std::shared_ptr<const rocksdb::SliceTransform>(
                                              rocksdb::NewFixedPrefixTransform(8))));
    else if (name == "outbox")
      // Pending deliveries are keyed by a Snowflake id first: a new one goes
      // after the newest, its erase shortly behind it. A prefix of the
      // id's top 32 bits (about a second) keeps both near the last insert;
      // without it each walked the skip list from the top (7% of a
      // message's instructions, docs/benchmarks.md).
      descs.emplace_back(std::string{name}, hinted(std::shared_ptr<const rocksdb::SliceTransform>(
                                              rocksdb::NewFixedPrefixTransform(4))));
    else if (name == "dialogs")
      // A dialog's record rewritten (read marks, pins) lands next to its
      // last version: one hint per user (tag + user).
      descs.emplace_back(std::string{name}, hinted(std::shared_ptr<const rocksdb::SliceTransform>(
                                              rocksdb::NewFixedPrefixTransform(9))));
    else if (name == "files")
      descs.emplace_back(std::string{name}, with_blobs(cf_opts));
    else
      descs.emplace_back(std::string{name}, cf_opts);
  }
  for (auto& name : existing) {
    bool known = name == rocksdb::kDefaultColumnFamilyName;
    for (auto n : cf_names)
      known = known || name == n;
    if (!known)
      descs.emplace_back(name, cf_opts);
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  // Flushes and compactions run at low CPU priority: on two cores they
  // otherwise take the core a latency-critical actor or gateway needs.
  db_opts.env = rocksdb::Env::Default();
  db_opts.env->LowerThreadPoolCPUPriority(rocksdb::Env::Priority::HIGH);
  db_opts.env->LowerThreadPoolCPUPriority(rocksdb::Env::Priority::LOW);
  auto st = rocksdb::DB::Open(db_opts, path, descs, &handles, &self->db_);
  if (!st.ok())
    return failed(st, "cannot open RocksDB at " + path);
  // handles[0] is the default family; ours follow in cf order.
  self->extra_.push_back(handles[0]);
  for (std::size_t i = 0; i < cf_names.size(); ++i)
    self->handles_.push_back(handles[i + 1]);
  for (std::size_t i = cf_names.size() + 1; i < handles.size(); ++i)
    self->extra_.push_back(handles[i]);
  return self;
}

rocksdb_store::~rocksdb_store() {
  if (db_ == nullptr)
    return;
  for (auto* h : handles_)
    db_->DestroyColumnFamilyHandle(h);
  for (auto* h : extra_)
    db_->DestroyColumnFamilyHandle(h);
  db_->Close();
  delete db_;
}

void rocksdb_store::flush() {
  rocksdb::FlushOptions fo;
  db_->Flush(fo, handles_);
}

caf::expected<std::optional<std::string>> rocksdb_store::get(cf f, std::string_view key) {
  without_perf_counters();
  std::string value;
  auto st = db_->Get(rocksdb::ReadOptions{}, handles_[cf_index(f)], slice(key), &value);
  if (st.IsNotFound())
    return std::optional<std::string>{};
  if (!st.ok())
    return io_failed(st, "get");
  return std::optional<std::string>{std::move(value)};
}

caf::expected<bool> rocksdb_store::view(cf f, std::string_view key,
                                        const std::function<void(std::string_view)>& fn) {
  without_perf_counters();
  rocksdb::PinnableSlice value;
  auto st = db_->Get(rocksdb::ReadOptions{}, handles_[cf_index(f)], slice(key), &value);
  if (st.IsNotFound())
    return false;
  if (!st.ok())
    return io_failed(st, "get");
  fn(std::string_view{value.data(), value.size()});
  return true;
}

caf::error rocksdb_store::scan(cf f, std::string_view lower, std::string_view upper, bool reverse,
                               const scan_fn& fn) {
  without_perf_counters();
  rocksdb::ReadOptions ro;
  rocksdb::Slice lo = slice(lower);
  rocksdb::Slice up = slice(upper);
  if (!lower.empty())
    ro.iterate_lower_bound = &lo;
  if (!upper.empty())
    ro.iterate_upper_bound = &up;
  std::unique_ptr<rocksdb::Iterator> it{db_->NewIterator(ro, handles_[cf_index(f)])};
  if (reverse) {
    if (upper.empty())
      it->SeekToLast();
    else
      it->SeekForPrev(up); // bounds exclude `upper` itself
    for (; it->Valid(); it->Prev()) {
      auto k = it->key();
      if (!upper.empty() && k.compare(up) >= 0)
        continue;
      if (!fn({k.data(), k.size()}, {it->value().data(), it->value().size()}))
        break;
    }
  } else {
    if (lower.empty())
      it->SeekToFirst();
    else
      it->Seek(lo);
    for (; it->Valid(); it->Next())
      if (!fn({it->key().data(), it->key().size()}, {it->value().data(), it->value().size()}))
        break;
  }
  if (!it->status().ok())
    return io_failed(it->status(), "scan");
  return {};
}

caf::error rocksdb_store::write(const write_batch& batch, bool sync) {
  without_perf_counters();
  rocksdb::WriteBatch wb;
  for (auto& op : batch.ops) {
    auto* h = handles_[cf_index(op.family)];
    auto st = op.erase ? wb.Delete(h, op.key) : wb.Put(h, op.key, op.value);
    if (!st.ok())
      return io_failed(st, "batch");
  }
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  auto st = db_->Write(wo, &wb);
  if (!st.ok())
    return io_failed(st, "write");
  return {};
}

std::vector<std::pair<std::string, double>> rocksdb_store::stats() {
  std::vector<std::pair<std::string, double>> out;
  auto prop = [&](const char* name, const char* metric) {
    std::uint64_t total = 0;
    for (auto* h : handles_) {
      std::uint64_t v = 0;
      if (db_->GetIntProperty(h, name, &v))
        total += v;
    }
    out.emplace_back(metric, static_cast<double>(total));
  };
  prop("rocksdb.estimate-num-keys", "actorgram_rocksdb_estimated_keys");
  prop("rocksdb.cur-size-all-mem-tables", "actorgram_rocksdb_memtable_bytes");
  prop("rocksdb.total-sst-files-size", "actorgram_rocksdb_sst_bytes");
  prop("rocksdb.num-running-compactions", "actorgram_rocksdb_running_compactions");
  out.emplace_back("actorgram_rocksdb_block_cache_bytes", static_cast<double>(cache_->GetUsage()));
  return out;
}

} // namespace ag
