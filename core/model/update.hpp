#pragma once
/// One update as pushed to a device.
#include <cstdint>
#include <string>
#include <vector>

#include <caf/meta/type_name.hpp>

#include "core/model/chat.hpp"
#include "core/model/message.hpp"
#include "core/model/user.hpp"

namespace ag {

enum class update_kind : std::uint8_t {
  new_message = 1,
  edit_message = 2,
  delete_messages = 3,
  read_history_inbox = 4,
  read_history_outbox = 5,
  user_status = 6,       ///< ephemeral: no pts
  user_typing = 7,       ///< ephemeral: no pts
  chat_participants = 8, ///< ephemeral: no pts (the service message has one)
  dialog_pinned = 9,
  callback_query = 10, ///< in a bot's log: a user pressed an inline button
};

/// One update as pushed to a device. Updates with pts > 0 are in the user's
/// gap-free pts log; ephemeral ones have pts == 0.
struct update {
  update_kind kind = update_kind::new_message;
  std::uint64_t pts = 0;
  std::int32_t pts_count = 0;
  message msg;                      ///< new_message, edit_message
  user_status status;               ///< user_status
  peer to;                          ///< read_history_inbox/outbox: the dialog
  std::uint64_t max_id = 0;         ///< read_history_*: read up to this box id
  std::int32_t still_unread = 0;    ///< read_history_inbox
  std::vector<std::uint64_t> ids;   ///< delete_messages: box ids
  std::uint64_t user_id = 0;        ///< user_typing: who types; callback_query: who pressed
  std::string action;               ///< user_typing: what (e.g. "typing")
  std::int64_t expires = 0;         ///< user_typing: Unix seconds
  std::vector<chat_member> members; ///< chat_participants
  std::uint32_t version = 0;        ///< chat_participants
  bool pinned = false;              ///< dialog_pinned
  std::string data{};               ///< callback_query: the button's callback_data
  std::int64_t date = 0;            ///< callback_query: when pressed (Unix s)
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, update& x) {
  return f(caf::meta::type_name("update"), x.kind, x.pts, x.pts_count, x.msg, x.status, x.to,
           x.max_id, x.still_unread, x.ids, x.user_id, x.action, x.expires, x.members, x.version,
           x.pinned, x.data, x.date);
}

/// The stored part of an update in the pts log.
struct update_record {
  update_kind kind = update_kind::new_message;
  std::int32_t pts_count = 1;
  std::vector<std::uint64_t> boxes{}; ///< message box ids the update names
  peer to{};                          ///< read_history_*: the dialog
  std::uint64_t max_id = 0;           ///< read_history_*
  std::int32_t still_unread = 0;      ///< read_history_inbox
  bool pinned = false;                ///< dialog_pinned
  std::uint64_t from = 0;             ///< callback_query: who pressed
  std::int64_t date = 0;              ///< callback_query: when (Unix s)
  std::string data{};                 ///< callback_query: the button's callback_data
};

} // namespace ag
