#pragma once
/// The narrow key-value interface every repository is written against.
/// Two backends implement it: RocksDB (the node's) and memory (tests), and
/// both pass one conformance suite (test/storage/kv/kv_store_conformance_test.cpp).
#include <caf/error.hpp>
#include <caf/expected.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/kv/column_families.hpp"

namespace ag {

/// An atomic group of puts and deletes over any column families.
struct write_batch {
  struct op {
    cf family;
    bool erase;
    std::string key;
    std::string value;
  };
  std::vector<op> ops;
  void put(cf f, std::string key, std::string value) {
    ops.push_back({f, false, std::move(key), std::move(value)});
  }
  void erase(cf f, std::string key) { ops.push_back({f, true, std::move(key), {}}); }
  bool empty() const { return ops.empty(); }
  void append(write_batch&& other) {
    for (auto& o : other.ops)
      ops.push_back(std::move(o));
  }
};

/// Visitor for scans; return false to stop.
using scan_fn = std::function<bool(std::string_view key, std::string_view value)>;

class kv_store {
public:
  virtual ~kv_store() = default;

  /// The value under key, nullopt if absent, an error if storage failed.
  virtual caf::expected<std::optional<std::string>> get(cf f, std::string_view key) = 0;

  /// Like get(), but hands the value to `fn` without copying it where the
  /// backend can (large values: file parts); false when absent.
  virtual caf::expected<bool> view(cf f, std::string_view key,
                                   const std::function<void(std::string_view)>& fn) {
    auto v = get(f, key);
    if (!v)
      return v.error();
    if (!*v)
      return false;
    fn(**v);
    return true;
  }

  /// Visits keys in [lower, upper) in ascending order, or descending when
  /// `reverse`. An empty `upper` means "to the end of the family".
  virtual caf::error scan(cf f, std::string_view lower, std::string_view upper, bool reverse,
                          const scan_fn& fn) = 0;

  /// Applies the batch atomically. With `sync` the write is on disk (fsync)
  /// when this returns; without, it survives a process crash but not a power loss.
  virtual caf::error write(const write_batch& batch, bool sync) = 0;

  /// Backend statistics for /metrics as (name, value) pairs.
  virtual std::vector<std::pair<std::string, double>> stats() { return {}; }
};

/// The trailing big-endian u64 of every key starting with `prefix`, in key
/// order (index entries like a user's authorizations or block list).
caf::expected<std::vector<std::uint64_t>> trailing_ids(kv_store& db, cf f, std::string_view prefix);

/// A STORAGE_FAILURE: `text` goes to the node's log (stderr) at once, since
/// clients are told only a generic description (core/envelope.cpp): texts
/// from RocksDB name files of the data directory.
caf::error storage_error(std::string text);

/// The error of a record that does not decode.
caf::error corrupt_record(std::string_view what);

/// The record under `key` decoded with `decode` (which returns an
/// optional): nullopt if absent, corrupt_record(what) if it does not decode.
template <class T, class Decode>
caf::expected<std::optional<T>> get_record(kv_store& db, cf f, std::string_view key,
                                           std::string_view what, Decode decode) {
  auto v = db.get(f, key);
  if (!v)
    return v.error();
  if (!*v)
    return std::optional<T>{};
  auto rec = decode(**v);
  if (!rec)
    return corrupt_record(what);
  return std::optional<T>{std::move(*rec)};
}

/// Scans like kv_store::scan, decoding each value with `decode` (which
/// returns an optional); `visit(key, record)` returns false to stop. A value
/// that does not decode ends the scan with corrupt_record(what).
template <class Decode, class Visit>
caf::error scan_records(kv_store& db, cf f, std::string_view lower, std::string_view upper,
                        bool reverse, std::string_view what, Decode decode, Visit visit) {
  bool bad = false;
  auto err = db.scan(f, lower, upper, reverse, [&](std::string_view k, std::string_view v) {
    auto rec = decode(v);
    if (!rec) {
      bad = true;
      return false;
    }
    return visit(k, std::move(*rec));
  });
  if (err)
    return err;
  return bad ? corrupt_record(what) : caf::error{};
}

} // namespace ag
