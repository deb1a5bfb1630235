#pragma once
/// A delivery still owed: what the outbox family holds until every
/// recipient has committed (DESIGN.md §3).
#include <cstdint>
#include <string>
#include <vector>

#include <caf/meta/type_name.hpp>

#include "core/model/message.hpp"

namespace ag {

/// What a pending record owes its recipient.
enum class pending_op : std::uint8_t {
  new_message = 1, ///< store a copy of `msg`
  edit = 2,        ///< replace the text of the copy of `msg.dialog_message_id`
  remove = 3,      ///< delete the copies of `dmids`
};

/// Whether an operation owed to `recipients` users is stored as one record
/// for all of them (a chat's fan-out) rather than one per recipient. A
/// record per recipient is erased in that recipient's own commit; a record
/// for all is erased by the actor fanning it out, once every recipient has
/// committed (a replay after a crash reaches some twice: they deduplicate).
inline bool one_record_for_all(std::size_t recipients) {
  return recipients > 1;
}

/// An operation still owed to recipients (outbox CF), keyed by
/// (op_id, recipient), or (op_id, 0) when one record is for all: op_id is
/// the dialog_message_id of a new message, a fresh Snowflake for edits and
/// deletes.
struct pending_delivery {
  message msg;                           ///< the sender's copy
  std::vector<std::uint64_t> recipients; ///< users whose inbox is owed
  pending_op op = pending_op::new_message;
  std::uint64_t op_id = 0;
  std::vector<std::uint64_t> dmids{}; ///< remove: the messages deleted
  /// Stored as one record for all its recipients (its key says so; a retry
  /// to one of them keeps the flag): recipients do not erase it.
  bool for_all = false;
  std::uint64_t key_id() const { return op_id != 0 ? op_id : msg.dialog_message_id; }
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, pending_delivery& x) {
  return f(caf::meta::type_name("pending_delivery"), x.msg, x.recipients, x.op, x.op_id, x.dmids,
           x.for_all);
}

} // namespace ag
