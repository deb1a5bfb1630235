#pragma once
/// One user's pts and box-id bookkeeping, without I/O (tdlib's PtsManager):
/// box ids and pts are handed out strictly increasing; `committed` trails
/// `assigned` while batches are in flight, and clients are only ever told
/// committed pts (so a client never sees a pts that a crash could undo).
#include <algorithm>
#include <cstdint>

#include "core/model/dialog.hpp"
#include "core/model/message.hpp"

namespace ag {

class box_ledger {
public:
  /// Starts from what storage holds (everything stored is committed).
  void load(std::uint64_t pts, std::uint64_t last_box) {
    assigned_ = committed_ = pts;
    last_box_ = last_box;
  }

  /// Takes `count` pts for one update; returns the update's pts (the last
  /// one taken: an update of n messages advances pts by n).
  std::uint64_t take_pts(std::uint64_t count = 1) {
    assigned_ += count;
    return assigned_;
  }

  /// Places a new message in dialog `d`: the next box id and pts, and the
  /// dialog's new top message (and one more unread when `incoming`).
  /// Returns the message's pts.
  std::uint64_t place(message& m, dialog_state& d, bool incoming) {
    m.id = ++last_box_;
    auto pts = take_pts();
    d.to = m.to;
    d.top_message = m.id;
    d.top_date = m.date;
    if (incoming)
      d.unread_count += 1;
    return pts;
  }

  /// A batch holding updates up to `pts` committed.
  void committed(std::uint64_t pts) { committed_ = std::max(committed_, pts); }

  [[nodiscard]] std::uint64_t assigned() const { return assigned_; }
  [[nodiscard]] std::uint64_t committed_pts() const { return committed_; }
  [[nodiscard]] std::uint64_t last_box() const { return last_box_; }

private:
  std::uint64_t assigned_ = 0;
  std::uint64_t committed_ = 0;
  std::uint64_t last_box_ = 0;
};

} // namespace ag
