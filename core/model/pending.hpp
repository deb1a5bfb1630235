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

/// An operation still owed to recipients (outbox CF), keyed by
/// (op_id, recipient): op_id is the dialog_message_id of a new message, a
/// fresh Snowflake for edits and deletes.
struct pending_delivery {
  message msg;                           ///< the sender's copy
  std::vector<std::uint64_t> recipients; ///< users whose inbox is owed
  pending_op op = pending_op::new_message;
  std::uint64_t op_id = 0;
  std::vector<std::uint64_t> dmids{}; ///< remove: the messages deleted
  std::uint64_t key_id() const { return op_id != 0 ? op_id : msg.dialog_message_id; }
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, pending_delivery& x) {
  return f(caf::meta::type_name("pending_delivery"), x.msg, x.recipients, x.op, x.op_id, x.dmids);
}

} // namespace ag
