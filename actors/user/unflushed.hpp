#pragma once
/// The messages a user actor wrote in batches that have not committed yet.
///
/// A user actor pipelines its commits: its memory (dialogs, pts) runs ahead
/// of RocksDB while batches are in flight. Reads that decide what the next
/// batch writes — a delete's new top message and unread count, a read's
/// unread count, an edit or delete of a message that has just arrived — must
/// see those writes too, or they work on a stale box (the property test
/// found unread counts one short). These reads go through here: storage,
/// then the unflushed writes on top. Entries leave when their batch commits.
#include <deque>
#include <unordered_map>

#include "storage/box/box_repo.hpp"

namespace ag {

class unflushed_messages {
public:
  /// `m` (as written, `deleted` included) is in the batch that commits `pts`.
  void wrote(const message& m, std::uint64_t pts);
  /// Everything up to `pts` is committed: storage has it now.
  void committed(std::uint64_t pts);
  std::size_t size() const { return by_box_.size(); }

  caf::expected<std::optional<message>> get(box_repo& box, std::uint64_t uid,
                                            std::uint64_t id) const;
  caf::expected<std::optional<std::uint64_t>> box_of(box_repo& box, std::uint64_t uid,
                                                     std::uint64_t dmid) const;
  caf::expected<std::optional<message>> newest(box_repo& box, std::uint64_t uid, const peer& p,
                                               const std::vector<std::uint64_t>& skip = {}) const;
  caf::expected<std::optional<message>> newest_incoming(box_repo& box, std::uint64_t uid,
                                                        const peer& p, std::uint64_t max) const;
  caf::expected<std::int32_t>
  count_incoming_after(box_repo& box, std::uint64_t uid, const peer& p, std::uint64_t after,
                       const std::vector<std::uint64_t>& skip = {}) const;

private:
  struct entry {
    message msg;
    std::uint64_t pts = 0;
  };
  /// `skip` plus every unflushed id of dialog `p` (storage's view of them is stale).
  std::vector<std::uint64_t> shadowed(const peer& p, const std::vector<std::uint64_t>& skip) const;

  std::unordered_map<std::uint64_t, entry> by_box_;
  std::unordered_map<std::uint64_t, std::uint64_t> by_dmid_;
  std::deque<std::pair<std::uint64_t, std::uint64_t>> order_; ///< (pts, box id), pts ascending
};

} // namespace ag
