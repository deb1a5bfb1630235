#pragma once
/// The messages a user actor takes (user_actor.hpp): the writes of its box
/// (outbox and inbox sides, edits, deletes, pins, reads, blocks) and the
/// reads of it (history, dialogs, difference, search, fetch), plus what it
/// pushes to sessions.
#include <caf/actor.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "core/model/ids.hpp"
#include "core/model/model.hpp"
#include "core/model/pending.hpp"
#include "core/model/query.hpp"

namespace ag {

/// Dialog → sender's user actor: store the sender's copy (outbox side).
/// `msg.id` is assigned by the user actor; `msg.reply_to` is the sender's box
/// id and is resolved to a dialog_message_id there.
struct outbox_write {
  message msg;
  std::vector<std::uint64_t> recipients;
  caf::actor origin; ///< the requesting session (gets no push: "not me")
  /// Non-zero: the dialog already committed the pending record owed to the
  /// author and to `recipients` (a chat's membership change and its service
  /// message, committed by the chat): the author's write settles its own
  /// debt (when the record is its own) instead of writing a record, and is
  /// not rate-limited.
  std::uint64_t owed = 0;
  /// BOT_DIALOG_FORBIDDEN unless a private dialog with msg.to exists.
  bool existing_dialog_only = false;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, outbox_write& x) {
  return f(caf::meta::type_name("outbox_write"), x.msg, x.recipients, x.origin, x.owed,
           x.existing_dialog_only);
}

/// The sender's stored copy and the pts of its update. `duplicate`: the
/// random_id was seen within 24 h and this is the first result again.
struct outbox_result {
  message msg;
  std::uint64_t pts = 0;
  bool duplicate = false;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, outbox_result& x) {
  return f(caf::meta::type_name("outbox_result"), x.msg, x.pts, x.duplicate);
}

/// Dialog → recipient's user actor: apply one pending operation to the
/// recipient's box (store its copy, edit it, or delete copies).
struct inbox_write {
  message msg; ///< the sender's copy; the recipient derives its own
  pending_op op = pending_op::new_message;
  std::uint64_t op_id = 0;            ///< the pending record's key (0: msg's dmid)
  std::vector<std::uint64_t> dmids{}; ///< remove
  /// The pending record is this recipient's own: erased in its commit.
  bool settles = true;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, inbox_write& x) {
  return f(caf::meta::type_name("inbox_write"), x.msg, x.op, x.op_id, x.dmids, x.settles);
}

inline inbox_write inbox_write_of(const pending_delivery& p) {
  return inbox_write{p.msg, p.op, p.key_id(), p.dmids, !p.for_all};
}

/// Dialog → author's user actor: edit the author's copy (box id `box` of
/// dialog `to`) and owe the edit to `recipients`. Answers outbox_result.
struct edit_write {
  peer to;
  box_id box{};
  std::string text;
  std::vector<std::uint64_t> recipients;
  std::uint64_t op_id = 0;
  caf::actor origin;
  std::vector<message_entity> entities{};
  bool replace_markup = false; ///< else the keyboard stays
  std::string reply_markup{};
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, edit_write& x) {
  return f(caf::meta::type_name("edit_write"), x.to, x.box, x.text, x.recipients, x.op_id, x.origin,
           x.entities, x.replace_markup, x.reply_markup);
}

/// To the requester's user actor: delete copies from its box. With `revoke`
/// every id must be of dialog `to` and the deletion is owed to `recipients`;
/// `others_allowed`: the requester may delete messages it did not write.
struct delete_write {
  std::vector<box_id> boxes{};
  bool revoke = false;
  peer to;
  bool others_allowed = false;
  std::vector<std::uint64_t> recipients;
  std::uint64_t op_id = 0;
  caf::actor origin;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, delete_write& x) {
  return f(caf::meta::type_name("delete_write"), x.boxes, x.revoke, x.to, x.others_allowed,
           x.recipients, x.op_id, x.origin);
}

/// Telegram's messages.affectedMessages: the pts after a change and how many
/// pts it took (0: nothing changed).
struct affected_messages {
  std::uint64_t pts = 0;
  std::int32_t pts_count = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, affected_messages& x) {
  return f(caf::meta::type_name("affected_messages"), x.pts, x.pts_count);
}

struct delete_result {
  affected_messages affected;
  std::vector<std::uint64_t> dmids; ///< of the copies deleted
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, delete_result& x) {
  return f(caf::meta::type_name("delete_result"), x.affected, x.dmids);
}

/// Session → user actor: pin or unpin a dialog.
struct pin_request {
  peer to;
  bool pinned = false;
  caf::actor origin;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, pin_request& x) {
  return f(caf::meta::type_name("pin_request"), x.to, x.pinned, x.origin);
}

struct search_request {
  search_query query;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, search_request& x) {
  return f(caf::meta::type_name("search_request"), x.query);
}

/// Session → user actor: the live copies with these box ids (missing and
/// deleted ones are left out).
struct fetch_request {
  std::vector<box_id> ids{};
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, fetch_request& x) {
  return f(caf::meta::type_name("fetch_request"), x.ids);
}

/// User actor → session: updates to show, and the user's pts after them.
struct session_push {
  std::vector<update> updates;
  std::uint64_t pts = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, session_push& x) {
  return f(caf::meta::type_name("session_push"), x.updates, x.pts);
}

struct history_request {
  history_query query;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, history_request& x) {
  return f(caf::meta::type_name("history_request"), x.query);
}

struct dialogs_request {
  std::int64_t offset_date = 0;
  std::int32_t limit = 100;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, dialogs_request& x) {
  return f(caf::meta::type_name("dialogs_request"), x.offset_date, x.limit);
}

struct dialogs_result {
  std::vector<dialog_state> dialogs;
  std::vector<message> messages; ///< each dialog's top message
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, dialogs_result& x) {
  return f(caf::meta::type_name("dialogs_result"), x.dialogs, x.messages);
}

struct difference_request {
  std::uint64_t pts = 0;
  std::int32_t limit = 100;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, difference_request& x) {
  return f(caf::meta::type_name("difference_request"), x.pts, x.limit);
}

/// `kind`: 0 empty, 1 difference, 2 slice (more follows).
struct difference_result {
  std::int32_t kind = 0;
  std::vector<message> new_messages;
  std::vector<update> other_updates;
  std::uint64_t pts = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, difference_result& x) {
  return f(caf::meta::type_name("difference_result"), x.kind, x.new_messages, x.other_updates,
           x.pts);
}

/// A bot's feed → the bot's user actor (getUpdates): confirm what the bot
/// has seen, then read what it has not (core/rules/bot_updates.hpp).
struct bot_log_request {
  std::uint64_t confirm = 0;   ///< every pts up to this is confirmed (0: none)
  std::uint64_t keep_last = 0; ///< > 0: confirm all but the newest this many pts
  std::uint64_t after = 0;     ///< read after this pts, or after the cursor if later
  std::int32_t limit = 100;
  std::int64_t since = 0; ///< Unix s: older updates are skipped
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, bot_log_request& x) {
  return f(caf::meta::type_name("bot_log_request"), x.confirm, x.keep_last, x.after, x.limit,
           x.since);
}

struct bot_log_result {
  std::vector<update> updates; ///< at most the limit, by pts
  std::uint64_t scanned = 0;   ///< the log was read up to this pts
  std::uint64_t cursor = 0;    ///< what is confirmed now
  std::uint64_t top = 0;       ///< the committed pts: read on while scanned < top
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, bot_log_result& x) {
  return f(caf::meta::type_name("bot_log_result"), x.updates, x.scanned, x.cursor, x.top);
}

/// A user pressed an inline button (messages.getBotCallbackAnswer) → the
/// bot's user actor: logs a callback query in the bot's updates and
/// answers with the bot's answerCallbackQuery, or BOT_RESPONSE_TIMEOUT.
struct callback_ask {
  user_id from{};
  std::uint64_t dmid = 0; ///< the bot's message with the button
  peer chat{};            ///< as the bot sees it (a private chat: the user)
  std::string data;       ///< the button's callback_data
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, callback_ask& x) {
  return f(caf::meta::type_name("callback_ask"), x.from, x.dmid, x.chat, x.data);
}

/// The bot's answer to a callback query (answerCallbackQuery).
struct callback_answer {
  std::string text;   ///< shown to the user; may be empty
  bool alert = false; ///< as an alert rather than a notification
  std::string url;
  std::int32_t cache_time = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, callback_answer& x) {
  return f(caf::meta::type_name("callback_answer"), x.text, x.alert, x.url, x.cache_time);
}

/// The bot → its own user actor: answer the query logged at `pts`.
/// QUERY_ID_INVALID when it is not waiting (answered, too old, unknown).
struct callback_reply {
  std::uint64_t pts = 0;
  callback_answer answer;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, callback_reply& x) {
  return f(caf::meta::type_name("callback_reply"), x.pts, x.answer);
}

/// Session → reader's user actor: messages up to `max_id` (0: all) were read.
struct read_request {
  peer to;
  box_id max_id{}; ///< 0: everything
  caf::actor origin;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, read_request& x) {
  return f(caf::meta::type_name("read_request"), x.to, x.max_id, x.origin);
}

/// Reader's user actor → sender's user actor: its messages up to the one
/// with `dmid` were read by `reader` (in chat `chat`, or privately when 0).
struct read_notice {
  user_id reader{};
  std::uint64_t dmid = 0;
  chat_id chat{}; ///< 0: a private dialog
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, read_notice& x) {
  return f(caf::meta::type_name("read_notice"), x.reader, x.dmid, x.chat);
}

/// Status actor → user actor: tell everyone who shares a dialog.
struct status_broadcast {
  user_status status;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, status_broadcast& x) {
  return f(caf::meta::type_name("status_broadcast"), x.status);
}

/// contacts.block / unblock, to the blocker's user actor.
struct block_request {
  user_id target{};
  bool blocked = true;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, block_request& x) {
  return f(caf::meta::type_name("block_request"), x.target, x.blocked);
}

} // namespace ag
