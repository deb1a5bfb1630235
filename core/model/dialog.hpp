#pragma once
/// One user's state of one dialog.
#include <cstdint>
#include <string>
#include <vector>

#include <caf/meta/type_name.hpp>

#include "core/model/peer.hpp"

namespace ag {

/// Per-user state of one dialog.
struct dialog_state {
  peer to;
  std::uint64_t top_message = 0; ///< box id of the newest message
  std::int64_t top_date = 0;
  std::int32_t unread_count = 0;
  std::uint64_t read_inbox_max_id = 0;
  std::uint64_t read_outbox_max_id = 0;
  std::uint64_t pinned = 0; ///< pin order (higher first), 0: not pinned
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, dialog_state& x) {
  return f(caf::meta::type_name("dialog_state"), x.to, x.top_message, x.top_date, x.unread_count,
           x.read_inbox_max_id, x.read_outbox_max_id, x.pinned);
}

} // namespace ag
