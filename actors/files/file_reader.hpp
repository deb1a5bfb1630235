#pragma once
/// Read-only access to stored files for whoever serves their bytes
/// (`GET /file/…`, upload.getFile). The dfs actor owns the files and is
/// their only writer; a reader needs no turn in its mailbox (what it reads
/// is committed, and a stored file's bytes never change), so it reads
/// storage on the caller's thread: a download streams without a hop through
/// a mailbox per chunk. Cheap to copy; valid while the node's storage is
/// open.
#include <caf/error.hpp>
#include <caf/expected.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "actors/node/context_fwd.hpp"
#include "core/model/file.hpp"

namespace ag {

class kv_store;

class file_reader {
public:
  explicit file_reader(const node_context& ctx);

  /// File `fid` if `uid` may read it (docs/architecture.md, "Who may read a
  /// file"). nullopt for a missing file and a forbidden one alike, so ids
  /// cannot be probed.
  [[nodiscard]] caf::expected<std::optional<stored_file>> readable(std::uint64_t uid,
                                                                   std::uint64_t fid) const;

  /// Streams bytes [offset, offset + length) of `f` to `out`, one stored
  /// part at a time (never the whole file); stops early when `out` returns
  /// false.
  [[nodiscard]] caf::error read(const stored_file& f, std::uint64_t offset, std::uint64_t length,
                                const std::function<bool(std::string_view)>& out) const;

  /// The same range as one string (small reads: upload.getFile).
  [[nodiscard]] caf::expected<std::string> read_string(const stored_file& f, std::uint64_t offset,
                                                       std::uint64_t length) const;

private:
  kv_store* db_;
};

} // namespace ag
