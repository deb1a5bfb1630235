#pragma once
/// Read-only access to stored files for whoever serves their bytes from a
/// plain thread (`GET /file/…` on an HTTP worker). The dfs actor owns the
/// files and is their only writer; a reader needs no turn in its mailbox
/// (what it reads is committed, and a stored file's bytes never change), so
/// what is on this node it reads on the caller's thread: a download streams
/// without a hop through a mailbox per chunk. In a cluster, what is on
/// another node it asks for (file_fetch.hpp) and waits, one stored part at
/// a time. Cheap to copy; valid while the node's storage is open. Never
/// call it from an actor (it blocks): actors use file_fetch.
#include <caf/actor_system.hpp>
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

class file_reader {
public:
  file_reader(caf::actor_system& sys, node_context_ptr ctx);

  /// File `fid` if `uid` may read it (docs/architecture.md, "Who may read a
  /// file"). nullopt for a missing file and a forbidden one alike, so ids
  /// cannot be probed. UNAVAILABLE when a node it needs is down.
  [[nodiscard]] caf::expected<std::optional<stored_file>> readable(std::uint64_t uid,
                                                                   std::uint64_t fid) const;

  /// Streams bytes [offset, offset + length) of `f` to `out`, one stored
  /// part at a time (never the whole file); stops early when `out` returns
  /// false.
  [[nodiscard]] caf::error read(const stored_file& f, std::uint64_t offset, std::uint64_t length,
                                const std::function<bool(std::string_view)>& out) const;

private:
  caf::actor_system* sys_;
  node_context_ptr ctx_;
};

} // namespace ag
